"""Admin agrees with the public pages: a category filter names each category with its edition, and an
application reads "finalist" / "winner" once decided (list and change page), as the applicant's own
area does once the results are announced."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from awards.enums import MilestoneKind, PrizeKind
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    CycleFactory,
    DecisionFactory,
    FinalistFactory,
    MembershipFactory,
    MilestoneFactory,
    PrizeFactory,
)

pytestmark = pytest.mark.django_db

APPLICATIONS = "/en/admin/submissions/application/"


def _mobility(slug: str, year: int):
    return CategoryFactory(cycle=CycleFactory(slug=slug, year=year), slug="smart-mobility", name_en="Smart Mobility")


def _category_choices(response) -> list[str]:
    spec = next(spec for spec in response.context["cl"].filter_specs if spec.field_path == "category")
    return [title for _pk, title in spec.lookup_choices]


def test_the_category_filter_names_each_category_with_its_edition(login_as, staff):
    for slug, year in (("2022", 2022), ("2023", 2023), ("demo-judging", 2026)):
        _mobility(slug, year)

    response = login_as(staff).get(APPLICATIONS)

    assert _category_choices(response) == [
        "Smart Mobility (2569, demo-judging)",
        "Smart Mobility (2566)",
        "Smart Mobility (2565)",
    ]
    assert "Smart Mobility (2565)" in response.content.decode()


def test_the_category_filter_lists_the_chosen_editions_categories_only(login_as, staff):
    chosen = _mobility("2022", 2022)
    CategoryFactory(cycle=chosen.cycle, slug="smart-living", name_en="Smart Living")
    _mobility("2023", 2023)

    response = login_as(staff).get(APPLICATIONS, {"cycle__id__exact": chosen.cycle_id})

    assert _category_choices(response) == ["Smart Mobility (2565)", "Smart Living (2565)"]


def test_the_attachments_category_filter_names_the_edition_too(login_as, staff):
    _mobility("2022", 2022)
    _mobility("2023", 2023)

    response = login_as(staff).get("/en/admin/submissions/attachment/")

    spec = next(s for s in response.context["cl"].filter_specs if s.field_path == "application__category")
    assert [title for _pk, title in spec.lookup_choices] == ["Smart Mobility (2566)", "Smart Mobility (2565)"]


def test_the_showcase_category_filter_names_the_edition_too(login_as, staff):
    _mobility("2022", 2022)
    _mobility("2023", 2023)

    response = login_as(staff).get("/en/admin/showcase/solution/")

    spec = next(s for s in response.context["cl"].filter_specs if s.field_path == "application__category")
    assert [title for _pk, title in spec.lookup_choices] == ["Smart Mobility (2566)", "Smart Mobility (2565)"]


def test_a_prizes_category_is_picked_with_its_edition(login_as, staff):
    category = _mobility("2022", 2022)
    _mobility("2023", 2023)

    form = login_as(staff).get("/en/admin/awards/prize/add/").context["adminform"].form

    labels = [label for value, label in form.fields["category"].choices if value]
    assert sorted(labels) == ["Smart Mobility (2565)", "Smart Mobility (2566)"]
    assert category.pk in [getattr(value, "value", value) for value, _label in form.fields["category"].choices]


def test_the_list_says_finalist_and_winner(login_as, staff):
    prize = PrizeFactory(name_en="Outstanding award")
    winner = DecisionFactory(prize=prize, application__status=ApplicationStatus.SHORTLISTED).application
    finalist = FinalistFactory(cycle=prize.cycle, category=prize.category)
    draft = ApplicationFactory(cycle=prize.cycle, category=prize.category)

    response = login_as(staff).get(APPLICATIONS)

    rows = {row.pk: row for row in response.context["cl"].result_list}
    admin = response.context["cl"].model_admin
    assert [admin.standing(rows[a.pk]) for a in (winner, finalist, draft)] == ["Winner", "Finalist", "Draft"]
    html = response.content.decode()
    assert '<td class="field-standing">Winner</td>' in html
    assert '<td class="field-standing">Finalist</td>' in html


def test_a_withdrawn_decision_leaves_a_finalist(login_as, staff):
    decision = DecisionFactory(application__status=ApplicationStatus.SHORTLISTED, withdrawn_at=timezone.now())

    response = login_as(staff).get(APPLICATIONS)

    assert '<td class="field-standing">Finalist</td>' in response.content.decode()
    assert decision.application.status == ApplicationStatus.SHORTLISTED


def test_the_change_page_names_the_award_won(login_as, staff):
    decision = DecisionFactory(prize__name_en="Outstanding award", application__status=ApplicationStatus.SHORTLISTED)

    html = login_as(staff).get(f"{APPLICATIONS}{decision.application.pk}/change/").content.decode()

    assert "Winner (Outstanding award)" in html


def test_the_list_costs_the_same_with_winners(login_as, staff):
    client = login_as(staff)
    DecisionFactory(application__status=ApplicationStatus.SHORTLISTED)
    with CaptureQueriesContext(connection) as one:
        client.get(APPLICATIONS)
    DecisionFactory.create_batch(2, application__status=ApplicationStatus.SHORTLISTED)
    with CaptureQueriesContext(connection) as three:
        response = client.get(APPLICATIONS)
    assert response.context["cl"].result_count == 3
    assert len(three) == len(one)


@pytest.fixture
def winner_of_mine(applicant):
    decision = DecisionFactory(
        application__status=ApplicationStatus.SHORTLISTED, application__deadline=timezone.now() - timedelta(days=30)
    )
    MembershipFactory(user=applicant, organisation=decision.application.organisation)
    return decision.application


def _results_announced(cycle, *, days: int):
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() + timedelta(days=days))


def test_the_applicant_reads_winner_once_the_results_are_announced(login_as, applicant, winner_of_mine):
    _results_announced(winner_of_mine.cycle, days=-1)
    client = login_as(applicant)

    listing = client.get("/en/my/").content.decode()
    overview = client.get(f"/en/my/applications/{winner_of_mine.pk}/").content.decode()

    badge = 'class="badge status-badge status-awarded" data-testid="standing">Winner</span>'
    assert badge in listing
    assert badge in overview


def test_the_applicant_reads_finalist_before_the_results(login_as, applicant, winner_of_mine):
    _results_announced(winner_of_mine.cycle, days=3)

    html = login_as(applicant).get("/en/my/").content.decode()

    assert 'data-testid="standing">Finalist</span>' in html
    assert "Winner" not in html


def test_a_popular_vote_winner_reads_winner_too(login_as, staff):
    prize = PrizeFactory(kind=PrizeKind.POPULAR_VOTE, category=None)
    finalist = FinalistFactory(cycle=prize.cycle)
    DecisionFactory(prize=prize, application=finalist)

    response = login_as(staff).get(APPLICATIONS)

    assert '<td class="field-standing">Winner</td>' in response.content.decode()
