from datetime import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from awards.enums import FieldKind, FieldRule, MilestoneKind, Phase, PrizeKind, Visibility
from awards.models import Criterion, Cycle, Field
from awards.selectors import current_phase, rubric_table

pytestmark = pytest.mark.django_db


def snapshot() -> str:
    """Every row of our apps, serialised, to compare two runs."""
    models = [
        m for m in apps.get_models() if m._meta.app_label in {"accounts", "account", "awards", "submissions", "judging"}
    ]
    return serializers.serialize("json", [obj for model in models for obj in model.objects.order_by("pk")])


def test_seed_demo_twice_changes_nothing(demo):
    # ``demo`` ran seed_demo once on the empty database; the second run here must change nothing.
    first = snapshot()
    call_command("seed_demo", verbosity=0)
    assert snapshot() == first


def test_seed_demo_2022_timeline_as_published(demo):
    cycle = Cycle.objects.get(slug="2022")
    milestones = {m.kind: timezone.localtime(m.starts_at) for m in cycle.milestones.all()}
    deadline = cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)

    started_on = cycle.fields.get(key="started_on")

    assert (cycle.is_archived, cycle.is_published) == (True, True)
    # The call's six-month rule is the start date's rule.
    assert (started_on.rule, started_on.rule_value, started_on.required) == (
        FieldRule.MONTHS_BEFORE_DEADLINE,
        Decimal(6),
        True,
    )
    assert milestones[MilestoneKind.BRIEFING].date() == datetime(2022, 7, 1).date()
    assert milestones[MilestoneKind.SUBMISSION_DEADLINE].date() == datetime(2022, 8, 31).date()
    assert milestones[MilestoneKind.SHORTLIST_ANNOUNCEMENT].date() == datetime(2022, 9, 5).date()
    assert milestones[MilestoneKind.PRESENTATIONS] == timezone.make_aware(datetime(2022, 9, 14, 10))
    assert milestones[MilestoneKind.RESULTS].date() == datetime(2022, 9, 15).date()
    assert [timezone.localtime(e.previous_at).date() for e in deadline.extensions.all()] == [
        datetime(2022, 7, 30).date()
    ]


def test_seed_demo_2022_rubric_as_published(demo):
    table = rubric_table(Cycle.objects.get(slug="2022").rubrics.get())

    assert [row.dimension.points for row in table.rows] == [10, 30, 40, 20]
    assert [[c.max_points for c in row.criteria] for row in table.rows] == [
        [4, 3, 3],
        [5, 15, 5],
        [15, 10, 15],
        [10, 5, 5],
    ]
    assert table.total_points == Decimal(100)
    assert [row.dimension.position for row in table.discrepancies] == [2]


def test_seed_demo_2022_categories_prizes_and_sections(demo):
    cycle = Cycle.objects.get(slug="2022")

    assert [c.name_en for c in cycle.categories.all()] == [
        "Smart Environment",
        "Smart Energy",
        "Smart Economy",
        "Smart Governance",
        "Smart People",
        "Smart Mobility",
        "Smart Living",
    ]
    assert cycle.prizes.filter(kind=PrizeKind.CATEGORY).count() == 7
    assert list(cycle.prizes.filter(kind=PrizeKind.POPULAR_VOTE).values_list("quantity", "category")) == [(1, None)]
    # The facts first, then twelve sections of one long answer each, each read by one criterion.
    assert cycle.sections.count() == 13
    assert list(cycle.sections.get(position=1).fields.values_list("key", flat=True)) == [
        "started_on",
        "area_served",
        "population_served",
        "budget",
        "video_url",
        "website_url",
        "summary",
    ]
    answers = Field.objects.filter(cycle=cycle, section__position__gt=1).order_by("section__position")
    assert [(f.key, f.kind, f.section.position) for f in answers] == [
        (f"answer_{n}", FieldKind.LONG_TEXT, n + 1) for n in range(1, 13)
    ]
    criteria = Criterion.objects.filter(dimension__rubric__cycle=cycle)
    assert all(field.criteria.count() == 1 for field in answers)
    assert sorted(c.fields.get().key for c in criteria) == sorted(f"answer_{n}" for n in range(1, 13))


def test_seed_demo_live_edition_is_open_with_same_call(demo):
    live = Cycle.objects.get(slug="demo")

    assert current_phase(live) == Phase.OPEN
    assert live.categories.count() == 7
    assert [row.dimension.points for row in rubric_table(live.rubrics.get()).rows] == [10, 30, 40, 20]


def test_seed_demo_live_form_asks_every_kind_of_question(demo):
    fields = Field.objects.filter(cycle__slug="demo")
    conditional = fields.get(condition_field__isnull=False)

    assert set(fields.values_list("kind", flat=True)) == set(FieldKind.values)
    assert (conditional.condition_field.key, conditional.condition_values) == ("service_kind", ["other"])
    assert fields.filter(visibility=Visibility.STAFF).exists()
    assert fields.filter(visibility=Visibility.PUBLIC).exists()
    assert fields.filter(identifying=True, kind=FieldKind.GROUP).exists()
    assert fields.filter(kind=FieldKind.FILE).count() == 2


def test_seed_demo_live_application_answers_every_question_it_is_asked(demo):
    from submissions.answers import Reader, answers_for
    from submissions.models import Application

    application = Application.objects.get(cycle__slug="demo", status="submitted")
    items = {item.key: item for s in answers_for(application, Reader.STAFF) for item in s.items}
    unanswered = sorted(key for key, item in items.items() if not item.answered)

    # The logo is the one question left: optional, and staff-only. The photograph answers "photos".
    assert unanswered == ["logo"]
    assert [attachment.original_name for attachment in items["photos"].files] == ["site-photo.png"]
    assert items["population_served"].text == "120,000 คน"
    assert items["service_kind"].value == "device" and "service_kind_other" not in items
    assert [row["kind"] for row in items["project_team"].value] == ["public", "public", "community"]


def test_seed_demo_judging_edition_answers_the_conditional_question(demo):
    from submissions.models import Answer

    other = Answer.objects.filter(application__cycle__slug="demo-judging", field__key="service_kind", value="other")
    described = Answer.objects.filter(application__cycle__slug="demo-judging", field__key="service_kind_other")

    assert other.count() == described.count() == 1
    assert other.get().application_id == described.get().application_id


def test_seed_demo_users_for_every_role(demo):
    roles = {u.email: sorted(g.name for g in u.groups.all()) for u in User.objects.prefetch_related("groups")}

    assert roles == {
        "staff@example.com": [Role.STAFF],
        "chair@example.com": sorted([Role.CHAIR, Role.JUDGE]),
        "judge1@example.com": [Role.JUDGE],
        "judge2@example.com": [Role.JUDGE],
        "applicant1@example.com": [Role.APPLICANT],
        "applicant2@example.com": [Role.APPLICANT],
        "province@example.com": [Role.PROVINCE_VIEWER],
    }
    assert User.objects.get(email="staff@example.com").is_staff is True
    assert User.objects.get(email="judge1@example.com").check_password("demo-award-2026")


def test_seed_demo_applicants_belong_to_different_organisations(demo):
    organisations = {
        email: User.objects.get(email=email).membership.organisation.name
        for email in ("applicant1@example.com", "applicant2@example.com")
    }
    assert organisations == {
        "applicant1@example.com": "เทศบาลนครตัวอย่าง",
        "applicant2@example.com": "บริษัท เมืองอัจฉริยะ จำกัด",
    }


def test_seed_demo_applicant_has_a_draft_and_a_submitted_application(demo):
    organisation = User.objects.get(email="applicant1@example.com").membership.organisation
    applications = organisation.applications.filter(cycle__slug="demo")
    assert sorted(applications.values_list("status", "reference")) == [
        ("draft", None),
        ("submitted", f"SCSA{timezone.localdate().year + 543}-ENV-001"),
    ]


def test_seed_demo_judging_edition_has_judges_assigned(demo):
    from collections import Counter

    from judging.models import Assignment, Round

    round_ = Round.objects.get(cycle__slug="demo-judging")
    per_judge = Counter(Assignment.objects.filter(round=round_).values_list("judge__email", flat=True))

    assert current_phase(round_.cycle) == Phase.JUDGING
    assert round_.opens_at < timezone.now() < round_.closes_at
    assert round_.cycle.applications.filter(status="submitted").count() == 4
    assert sum(per_judge.values()) == 8
    assert set(per_judge) == {"judge1@example.com", "judge2@example.com", "chair@example.com"}
    assert round_.blind is True  # judges read the screening round without who applied


def test_seed_demo_users_can_log_in(client, demo):
    response = client.post("/accounts/login/", {"login": "applicant1@example.com", "password": "demo-award-2026"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_seed_demo_accounts_share_one_hash_of_the_demo_password(demo):
    from demo.management.commands.seed_demo import DEMO_USERS

    users = User.objects.filter(email__in=[email for email, _name, _roles in DEMO_USERS])

    assert users.count() == len(DEMO_USERS)
    assert len({user.password for user in users}) == 1
    assert all(user.check_password("demo-award-2026") for user in users)


def test_seed_demo_search_words_are_those_of_each_entered_application_as_seeded(demo):
    # Arrange: the words seed_demo stored (cut once, at the end of the seeding).
    from showcase.models import Solution
    from showcase.services import index
    from submissions.enums import ENTERED_STATUSES
    from submissions.models import Application

    stored = dict(Solution.objects.values_list("application_id", "words"))
    entered = Application.objects.filter(status__in=ENTERED_STATUSES)

    # Act: every entered application cut again as it is now.
    for application in entered.select_related("organisation__province", "category"):
        index(application)

    # Assert: the same words (its public answers included): nothing the seeding wrote after a save
    # was left out.
    assert set(stored) == set(entered.values_list("pk", flat=True))
    assert dict(Solution.objects.values_list("application_id", "words")) == stored
