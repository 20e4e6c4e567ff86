"""Conflicts that surface mid-round: a declaration made after assignment withdraws the assignment,
its scorecard leaves the ranking and the documents, staff are told once and see a flag, and the next
automatic assignment replaces the judge."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.services import grant_role
from backoffice.panels import withdrawn_to_replace
from core.models import OutboundEmail
from documents.selectors import application_summary
from judging.enums import AssignmentStatus
from judging.exports import scores_dataset
from judging.models import Assignment, Declaration
from judging.ranking import leaderboard_detail
from judging.services.assignments import run_automatic_assignment
from judging.services.declarations import declare_interests
from judging.tasks import sweep_conflicts
from submissions.models import Province
from submissions.services.organisations import update_organisation
from tests.factories import MembershipFactory, PanelFactory, PartnerFactory, UserFactory
from tests.frame import keep_organiser_frame

from .scored import scored_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    """Two applications, each scored by three judges (means 25.00 and 17.00)."""
    return scored_category(
        {
            "A": {"j1": [10, 10, 10], "j2": [8, 8, 8], "j3": [7, 7, 7]},
            "B": {"j1": [5, 5, 5], "j2": [6, 6, 6], "j3": [6, 6, 6]},
        }
    )


def means(round, category) -> dict[str, Decimal]:
    return {row.reference: row.mean for row in leaderboard_detail(round, category).rows}


def declare_organisation(judge, application):
    return declare_interests(
        judge=judge, cycle=application.cycle, organisations=application.organisation.name, provinces=[]
    )


def _conflict_declared_after_submission_leaves_the_ranking(scored):
    round, category, apps, judges = scored
    assert means(round, category) == {"A": Decimal("25.00"), "B": Decimal("17.00")}

    declare_organisation(judges["j1"], apps["A"])

    assert means(round, category) == {"A": Decimal("22.50"), "B": Decimal("17.00")}
    board = leaderboard_detail(round, category)
    assert [(row.reference, row.judges) for row in board.rows] == [("A", 2), ("B", 3)]
    withdrawn = Assignment.objects.get(judge=judges["j1"], application=apps["A"])
    assert (withdrawn.status, withdrawn.withdrawn_at is not None) == (AssignmentStatus.WITHDRAWN, True)
    assert withdrawn.withdrawal_reason == f"organisation: {apps['A'].organisation.name}"


@pytest.mark.postgres
def test_conflict_declared_after_submission_leaves_the_ranking_on_postgresql(scored):
    _conflict_declared_after_submission_leaves_the_ranking(scored)


def test_conflict_declared_after_submission_leaves_the_ranking(scored):
    _conflict_declared_after_submission_leaves_the_ranking(scored)


def test_ranking_with_exclusions_is_still_four_queries(scored, django_assert_num_queries):
    round, category, apps, judges = scored
    declare_organisation(judges["j1"], apps["A"])
    with django_assert_num_queries(4):
        leaderboard_detail(round, category)


def test_conflict_through_a_declared_province_of_a_partner(scored):
    round, category, apps, judges = scored
    province = Province.objects.exclude(pk=apps["B"].organisation.province_id).first()
    PartnerFactory(application=apps["B"], province=province)
    declare_interests(judge=judges["j2"], cycle=round.cycle, organisations="", provinces=[province])
    withdrawn = Assignment.objects.get(status=AssignmentStatus.WITHDRAWN)
    assert (withdrawn.judge, withdrawn.application) == (judges["j2"], apps["B"])
    assert withdrawn.withdrawal_reason.startswith(f"province: {province.code}: ")
    assert means(round, category)["B"] == Decimal("16.50")


def test_staff_email_queued_once_per_new_conflict_not_again_on_resave(scored, staff):
    round, category, apps, judges = scored
    declare_organisation(judges["j1"], apps["A"])
    declare_organisation(judges["j1"], apps["A"])  # saved again: nothing new
    emails = OutboundEmail.objects.filter(kind="conflict_withdrawn")
    assert [(email.to, email.language) for email in emails] == [(staff.email, staff.language)]
    assert "A" in emails[0].subject and judges["j1"].full_name in emails[0].body_text

    # A second conflict of the same judge (a province) is new: one more e-mail.
    declare_interests(
        judge=judges["j1"],
        cycle=round.cycle,
        organisations=apps["A"].organisation.name,
        provinces=[apps["B"].organisation.province],
    )
    assert OutboundEmail.objects.filter(kind="conflict_withdrawn").count() == 2


def test_no_email_when_a_declaration_conflicts_with_nothing(scored, staff):
    round, _category, _apps, judges = scored
    declare_interests(judge=judges["j1"], cycle=round.cycle, organisations="บริษัท อื่น จำกัด", provinces=[])
    assert OutboundEmail.objects.filter(kind="conflict_withdrawn").count() == 0
    assert Assignment.objects.filter(status=AssignmentStatus.WITHDRAWN).count() == 0


def test_staff_flag_until_the_automatic_assignment_replaces_the_judge(scored):
    round, category, apps, judges = scored
    spare = UserFactory(full_name="กรรมการ สำรอง")
    PanelFactory(round=round, category=category, judges=[*judges.values(), spare])
    declare_organisation(judges["j1"], apps["A"])

    with translation.override("en"):
        flag = withdrawn_to_replace(round.cycle)
    assert [row[:2] for row in flag.rows] == [["A", "j1"]]
    assert flag.rows[0][3] == f"the organisation: {apps['A'].organisation.name}"

    run_automatic_assignment(round=round)

    active = Assignment.objects.filter(application=apps["A"], status=AssignmentStatus.ACTIVE)
    assert sorted(a.judge.full_name for a in active) == ["j2", "j3", "กรรมการ สำรอง"]
    assert withdrawn_to_replace(round.cycle).rows == []


def test_automatic_assignment_withdraws_a_conflict_from_a_changed_partner(scored, staff):
    round, category, apps, judges = scored
    PanelFactory(round=round, category=category, judges=list(judges.values()))
    declare_interests(judge=judges["j3"], cycle=round.cycle, organisations="บริษัท ร่วมทุน จำกัด", provinces=[])
    assert Assignment.objects.filter(status=AssignmentStatus.WITHDRAWN).count() == 0
    PartnerFactory(application=apps["B"], name="บจก. ร่วมทุน")  # added later by staff

    run_automatic_assignment(round=round)

    withdrawn = Assignment.objects.get(status=AssignmentStatus.WITHDRAWN)
    assert (withdrawn.judge, withdrawn.application) == (judges["j3"], apps["B"])
    assert OutboundEmail.objects.filter(kind="conflict_withdrawn", to=staff.email).count() == 1


def test_summary_document_leaves_out_the_withdrawn_scorecard(scored):
    round, _category, apps, judges = scored
    declare_organisation(judges["j1"], apps["A"])
    summary = application_summary(round=round, application=apps["A"])
    assert [line.name for line in summary.judges] == ["j2", "j3"]
    assert summary.mean == Decimal("22.50")


def test_judge_dashboard_shows_withdrawn_without_a_link(scored, login_as):
    round, _category, apps, judges = scored
    judge = judges["j1"]
    grant_role(user=judge, role=Role.JUDGE)
    declare_organisation(judge, apps["A"])
    withdrawn = Assignment.objects.get(judge=judge, application=apps["A"])
    client = login_as(judge)
    with translation.override("en"):
        html = client.get(reverse("judging:dashboard")).content.decode()
    assert 'data-testid="withdrawn"' in html
    assert reverse("judging:assignment", args=[withdrawn.pk]) not in html
    assert reverse("judging:score", args=[withdrawn.pk]) not in html
    kept = Assignment.objects.get(judge=judge, application=apps["B"])
    assert reverse("judging:score", args=[kept.pk]) in html


def test_leaderboard_lists_the_excluded_scorecard_with_its_reason(scored, login_as, chair):
    round, category, apps, judges = scored
    declare_organisation(judges["j1"], apps["A"])
    client = login_as(chair)
    html = client.get(reverse("judging:leaderboard", args=[round.pk, category.code])).content.decode()
    assert html.count('data-testid="excluded-row"') == 1
    assert apps["A"].organisation.name in html.split('data-testid="excluded-row"')[1]


def test_sweep_withdraws_once_after_an_organisation_moves_to_a_declared_province(scored, staff):
    round, _category, apps, judges = scored
    taken = [apps["A"].organisation.province_id, apps["B"].organisation.province_id]
    province = Province.objects.exclude(pk__in=taken).order_by("code").first()
    declare_interests(judge=judges["j3"], cycle=round.cycle, organisations="", provinces=[province])
    assert sweep_conflicts() == 0
    owner = MembershipFactory(organisation=apps["A"].organisation, role="owner").user

    update_organisation(organisation=apps["A"].organisation, by=owner, province=province)

    assert sweep_conflicts() == 1
    assert sweep_conflicts() == 0  # a rerun (or a second beat) withdraws and sends nothing more
    withdrawn = Assignment.objects.get(status=AssignmentStatus.WITHDRAWN)
    assert (withdrawn.judge, withdrawn.application) == (judges["j3"], apps["A"])
    assert OutboundEmail.objects.filter(kind="conflict_withdrawn", to=staff.email).count() == 1
    assert means(round, _category)["A"] == Decimal("27.00")


def test_sweep_leaves_cycles_whose_rounds_have_closed(scored, staff):
    round, _category, apps, judges = scored
    round.opens_at, round.closes_at = round.opens_at - timedelta(days=30), timezone.now() - timedelta(days=1)
    round.save()
    Declaration.objects.create(judge=judges["j1"], cycle=round.cycle, organisations=apps["A"].organisation.name)
    assert sweep_conflicts() == 0
    assert OutboundEmail.objects.filter(kind="conflict_withdrawn").count() == 0


def test_staff_dashboard_flags_the_withdrawn_assignment_in_constant_queries(scored, staff, login_as):
    round, _category, apps, judges = scored
    client = login_as(staff)
    url = reverse("backoffice_dashboard")
    declare_organisation(judges["j1"], apps["A"])
    with CaptureQueriesContext(connection) as one:
        html = client.get(url, {"cycle": round.cycle.slug}).content.decode()
    flag = html.split('data-testid="panel-withdrawn"', 1)[1].split("</table>", 1)[0]
    assert "j1" in flag and apps["A"].organisation.name in flag

    declare_organisation(judges["j2"], apps["B"])
    declare_interests(judge=judges["j3"], cycle=round.cycle, organisations=apps["B"].organisation.name, provinces=[])
    with CaptureQueriesContext(connection) as three:
        client.get(url, {"cycle": round.cycle.slug})
    assert len(three) == len(one)


def test_scores_export_leaves_out_the_withdrawn_scorecard(scored):
    round, category, apps, judges = scored
    declare_organisation(judges["j1"], apps["A"])
    with translation.override("en"):
        rows = scores_dataset(round, category).dict
    exported = sorted({(row["reference"], row["judge"]) for row in rows})
    assert exported == [("A", "j2"), ("A", "j3"), ("B", "j1"), ("B", "j2"), ("B", "j3")]


def test_leaderboard_page_queries_do_not_grow_with_exclusions(scored, login_as, chair):
    round, category, apps, judges = scored
    client = login_as(chair)
    url = reverse("judging:leaderboard", args=[round.pk, category.code])
    declare_organisation(judges["j1"], apps["A"])
    keep_organiser_frame()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    declare_organisation(judges["j2"], apps["B"])
    declare_interests(judge=judges["j3"], cycle=round.cycle, organisations=apps["B"].organisation.name, provinces=[])
    with CaptureQueriesContext(connection) as three:
        html = client.get(url).content.decode()
    assert html.count('data-testid="excluded-row"') == 3
    assert len(three) == len(one)
