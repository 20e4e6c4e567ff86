import pytest
from django.urls import reverse

from judging.enums import AssignmentSource, ConflictAnswer
from judging.models import Assignment
from judging.services.assignments import run_automatic_assignment
from submissions.enums import ApplicationStatus
from submissions.models import Province
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    DeclarationFactory,
    OrganisationFactory,
    PanelFactory,
    PartnerFactory,
    RoundFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return RoundFactory(judges_per_application=2, judge_cap=10)


def panel(round_, category, judges):
    return PanelFactory(round=round_, category=category, judges=judges)


def test_run_assigns_k_judges_from_the_panel_avoiding_declared_conflicts(round_):
    category = CategoryFactory(cycle=round_.cycle)
    judges = UserFactory.create_batch(3)
    panel(round_, category, judges)
    company = OrganisationFactory(name="บริษัท เมืองอัจฉริยะ จำกัด", province=Province.objects.get(code="10"))
    conflicted = ApplicationFactory(
        cycle=round_.cycle, category=category, organisation=company, status=ApplicationStatus.SUBMITTED
    )
    clean = ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    DeclarationFactory(judge=judges[0], cycle=round_.cycle, organisations="บจก. เมืองอัจฉริยะ")

    plan, conflicts = run_automatic_assignment(round=round_)

    assert [(c.judge_id, c.application_id, c.reason) for c in conflicts] == [
        (judges[0].pk, conflicted.pk, "organisation")
    ]
    assert plan.complete
    assert set(Assignment.objects.filter(application=conflicted).values_list("judge_id", flat=True)) == {
        judges[1].pk,
        judges[2].pk,
    }
    assert Assignment.objects.filter(application=clean).count() == 2
    assert set(Assignment.objects.values_list("source", flat=True)) == {AssignmentSource.AUTOMATIC}


def test_run_finds_conflicts_through_partners_and_keeps_manual_assignments(round_):
    category = CategoryFactory(cycle=round_.cycle)
    judges = UserFactory.create_batch(3)
    panel(round_, category, judges)
    application = ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    PartnerFactory(application=application, name="มหาวิทยาลัยขอนแก่น", kind="academic")
    DeclarationFactory(judge=judges[2], cycle=round_.cycle, organisations="มหาวิทยาลัยขอนแก่น")
    AssignmentFactory(round=round_, judge=judges[1], application=application, source=AssignmentSource.MANUAL)

    plan, _conflicts = run_automatic_assignment(round=round_)

    pairs = set(Assignment.objects.values_list("judge_id", "source"))
    assert pairs == {(judges[1].pk, AssignmentSource.MANUAL), (judges[0].pk, AssignmentSource.AUTOMATIC)}
    assert plan.complete


def test_run_replaces_a_recused_judge_and_reports_shortfalls(round_):
    category = CategoryFactory(cycle=round_.cycle)
    judges = UserFactory.create_batch(2)
    panel(round_, category, judges)
    application = ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    AssignmentFactory(
        round=round_,
        judge=judges[0],
        application=application,
        source=AssignmentSource.AUTOMATIC,
        conflict_answer=ConflictAnswer.RECUSED,
        recusal_reason="เคยเป็นที่ปรึกษาโครงการ",
    )

    plan, _conflicts = run_automatic_assignment(round=round_)

    assert [(s.application_id, s.assigned, s.needed, s.reason) for s in plan.shortfalls] == [
        (application.pk, 1, 2, "not_enough_eligible_judges")
    ]
    assert Assignment.objects.filter(judge=judges[1], application=application).exists()


def test_run_twice_adds_nothing_new(round_):
    category = CategoryFactory(cycle=round_.cycle)
    panel(round_, category, UserFactory.create_batch(2))
    ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    run_automatic_assignment(round=round_)
    plan, _ = run_automatic_assignment(round=round_)
    assert (plan.new_pairs, Assignment.objects.count()) == ([], 2)


def test_admin_action_runs_the_assignment(login_as, staff, round_):
    category = CategoryFactory(cycle=round_.cycle)
    panel(round_, category, UserFactory.create_batch(2))
    ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    response = login_as(staff).post(
        reverse("admin:judging_round_changelist"), {"action": "run_assignment", "_selected_action": [round_.pk]}
    )
    assert response.status_code == 302
    assert Assignment.objects.count() == 2


def test_run_does_not_count_a_judge_whose_later_declaration_conflicts(round_):
    category = CategoryFactory(cycle=round_.cycle)
    judges = UserFactory.create_batch(3)
    panel(round_, category, judges)
    application = ApplicationFactory(cycle=round_.cycle, category=category, status=ApplicationStatus.SUBMITTED)
    run_automatic_assignment(round=round_)
    first = Assignment.objects.filter(application=application).order_by("judge_id").first().judge
    DeclarationFactory(judge=first, cycle=round_.cycle, organisations=application.organisation.name)

    plan, _ = run_automatic_assignment(round=round_)

    counted = set(Assignment.objects.filter(application=application).values_list("judge_id", flat=True)) - {first.pk}
    assert plan.complete
    assert len(counted) == 2
