import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards.enums import MilestoneKind
from backoffice.panels import PANELS, dashboard
from judging.enums import RoundKind
from submissions.enums import ApplicationStatus, OrganisationKind, Region
from submissions.enums import ApplicationStatus as S
from tests.backoffice.helpers import assign, entered, province, screening_round
from tests.factories import CategoryFactory, CycleFactory, UserFactory

pytestmark = pytest.mark.django_db


def panel(panels, key):
    return next(p for p in panels if p.key == key)


def rows(panels, key):
    return {row[0]: row[1:] for row in panel(panels, key).rows}


def test_dashboard_counts_by_status_category_region_and_type():
    cycle = CycleFactory()
    mobility, energy = CategoryFactory(cycle=cycle, name_en="Mobility"), CategoryFactory(cycle=cycle, name_en="Energy")
    entered(cycle, category=mobility, province_code="10", kind="sao")
    entered(cycle, category=mobility, province_code="50", kind="company", status=ApplicationStatus.SHORTLISTED)
    entered(cycle, category=energy, province_code="50", kind="sao", status=ApplicationStatus.DRAFT)
    entered(CycleFactory(), province_code="10")  # another edition: not counted

    panels = dashboard(cycle)

    status = rows(panels, "status")
    assert [status[s.label] for s in (S.DRAFT, S.SUBMITTED, S.SHORTLISTED, S.WITHDRAWN)] == [[1], [1], [1], [0]]
    assert panel(panels, "status").rows[-1][1] == 3
    assert [row for row in panel(panels, "category").rows] == [[mobility.name, 2, 0], [energy.name, 0, 1]]
    region = rows(panels, "region")
    assert (region[Region.CENTRAL.label], region[Region.NORTH.label], region[Region.SOUTH.label]) == (
        [1, 0],
        [1, 1],
        [0, 0],
    )
    kinds = rows(panels, "kind")
    assert (kinds[OrganisationKind.SAO.label], kinds[OrganisationKind.COMPANY.label]) == ([1, 1], [1, 0])
    assert panel(panels, "province").rows == [[province("10").name, 1, 0], [province("50").name, 1, 1]]


def test_dashboard_judging_progress_per_round_and_judge():
    cycle = CycleFactory()
    round_ = screening_round(cycle)
    first, second = entered(cycle), entered(cycle)
    judge = UserFactory(full_name="กรรมการ ก")
    assign(round_, first, judge=judge, submitted=True)
    assign(round_, second, judge=judge)
    assign(round_, first, judge=UserFactory(full_name="กรรมการ ข"), recused=True)

    panels = dashboard(cycle)

    screening = RoundKind.SCREENING.label
    assert panel(panels, "rounds").rows[0][:5] == [screening, 2, 1, 1, "50%"]
    assert panel(panels, "judges").rows == [
        ["กรรมการ ก", screening, 2, 1, 0, "50%"],
        ["กรรมการ ข", screening, 0, 0, 1, "–"],
    ]


def test_dashboard_due_next_marks_the_first_milestone_not_over():
    cycle = CycleFactory()
    entered(cycle)  # its factory gives the cycle a submission deadline in 30 days

    rows_ = panel(dashboard(cycle), "timeline").rows

    assert [row[0] for row in rows_] == [MilestoneKind.SUBMISSION_DEADLINE.label]
    assert rows_[0][2] != ""


def test_dashboard_is_a_list_of_panel_functions():
    cycle = CycleFactory()
    assert [p.key for p in dashboard(cycle)] == [fn(cycle).key for fn in PANELS]


def _fill(cycle, round_, count):
    for _ in range(count):
        application = entered(cycle, category=cycle.categories.first())
        assign(round_, application, submitted=True)


def test_dashboard_queries_do_not_grow_with_applications_and_judges():
    cycle = CycleFactory()
    CategoryFactory(cycle=cycle)
    round_ = screening_round(cycle)
    _fill(cycle, round_, 1)
    with CaptureQueriesContext(connection) as one:
        dashboard(cycle)
    _fill(cycle, round_, 2)
    with CaptureQueriesContext(connection) as three:
        panels = dashboard(cycle)
    assert panel(panels, "rounds").rows[0][1] == 3
    assert len(panels[0].rows) >= 1
    assert len(three) == len(one)


def test_the_vote_panel_counts_valid_and_voided_votes_per_finalist_and_the_flags(staff):
    from tests.factories import FinalistFactory, PollFactory, VoteFactory, VoterFactory
    from voting.services.review import void_votes

    poll = PollFactory()
    leader = FinalistFactory(cycle=poll.cycle, title_th="ผู้นำ")
    other = FinalistFactory(cycle=poll.cycle, title_th="อันดับสอง")
    for _ in range(3):
        VoteFactory(application=leader)
    doubtful = VoteFactory(application=other, voter=VoterFactory(email="x@mailinator.com"))
    VoteFactory(application=other, voter=VoterFactory(email="y@mailinator.com"))
    void_votes(poll=poll, vote_ids=[doubtful.pk], reason="disposable", note="", by=staff)

    with translation.override("en"):
        vote = panel(dashboard(poll.cycle), "vote")

    assert vote.rows == [["ผู้นำ", 3, 0], ["อันดับสอง", 1, 1]]
    assert "disposable e-mail domains 1," in vote.note  # the voided one is no longer flagged


def test_the_vote_panel_says_when_there_is_no_vote():
    vote = panel(dashboard(CycleFactory()), "vote")
    assert vote.rows == []
    assert vote.empty


def _failed_everything(cycle):
    """One failed PDF for staff, one failed official letter and one failed feedback PDF of ``cycle``."""
    from documents.enums import DocumentStatus, LetterKind
    from documents.models import Letter
    from judging.models import FeedbackDocument
    from tests.factories import ApplicationFactory, AssignmentFactory, DocumentFactory, RoundFactory

    now = timezone.now()
    round_ = RoundFactory(cycle=cycle, position=cycle.rounds.count() + 1)
    application = ApplicationFactory(cycle=cycle, category=CategoryFactory(cycle=cycle))
    DocumentFactory(assignment=AssignmentFactory(round=round_, application=application), status=DocumentStatus.FAILED)
    DocumentFactory(assignment=AssignmentFactory(round=round_, application=application))  # still queued
    Letter.objects.create(
        cycle=cycle,
        application=application,
        kind=LetterKind.ACKNOWLEDGEMENT,
        number=cycle.letters.count() + 1,
        issued_at=now,
        failed_at=now,
    )
    FeedbackDocument.objects.create(
        application=application, round=round_, language="th", requested_at=now, failed_at=now
    )


def test_failed_documents_are_flagged_with_where_to_render_them_again(login_as, staff):
    cycle, other = CycleFactory(), CycleFactory()
    _failed_everything(cycle)
    _failed_everything(other)  # another edition: not counted

    failed = panel(dashboard(cycle), "failed_documents")

    assert [row[1] for row in failed.rows] == [1, 1, 1]
    assert len(failed.links) == 3 and failed.note
    client = login_as(staff)
    for _label, url in failed.links:
        assert client.get(url).status_code == 200
    assert f"cycle__id__exact={cycle.pk}" in failed.links[1][1]


def test_nothing_failed_says_so():
    failed = panel(dashboard(CycleFactory()), "failed_documents")

    assert (failed.rows, failed.links, failed.note) == ([], [], "")
    assert failed.empty


def test_the_failed_documents_panel_takes_three_queries_whatever_failed():
    cycle = CycleFactory()
    with CaptureQueriesContext(connection) as nothing:
        panel([p(cycle) for p in PANELS if p.__name__ == "failed_documents"], "failed_documents")
    _failed_everything(cycle)
    _failed_everything(cycle)
    with CaptureQueriesContext(connection) as twice:
        panel([p(cycle) for p in PANELS if p.__name__ == "failed_documents"], "failed_documents")

    assert len(nothing.captured_queries) == len(twice.captured_queries) == 3
