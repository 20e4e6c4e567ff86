"""Writes of assignments: the automatic run over a round, from the database to the pure functions
(judging.assignment, judging.conflicts) and back."""

from django.db import transaction

from ..assignment import AppItem, AssignmentPlan, JudgeItem, assign
from ..conflicts import Conflict, find_conflicts
from ..enums import AssignmentSource, AssignmentStatus, ConflictAnswer
from ..models import Assignment, Round
from ..selectors import application_facts, declarations_of, round_applications
from .withdrawals import withdraw_conflicted_assignments


def round_conflicts(round: Round) -> list[Conflict]:
    """Conflicts between the round's judges' declarations and its applications (and partners)."""
    applications = list(
        round_applications(round).select_related("organisation__province").prefetch_related("partners__province")
    )
    return find_conflicts(
        declarations=declarations_of(cycle_id=round.cycle_id), applications=application_facts(applications)
    )


def _judges(round: Round) -> list[JudgeItem]:
    categories: dict[int, set[int]] = {}
    for panel in round.panels.prefetch_related("judges"):
        for judge in panel.judges.all():
            categories.setdefault(judge.pk, set()).add(panel.category_id)
    return [JudgeItem(id=j, categories=frozenset(c), cap=round.judge_cap) for j, c in sorted(categories.items())]


@transaction.atomic
def run_automatic_assignment(*, round: Round) -> tuple[AssignmentPlan, list[Conflict]]:
    """Give every application of the round its K judges from the category panels, never a
    conflicted judge, within the caps; keep what staff assigned by hand. Returns the plan (with
    its shortfalls, for staff) and the conflicts found."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    # A conflict that surfaced since the last run (an organisation's province or partners changed)
    # withdraws its assignment first, so that the judge is replaced below.
    withdraw_conflicted_assignments(cycle_id=round.cycle_id)
    conflicts = round_conflicts(round)
    existing_rows = Assignment.objects.filter(round=round)
    recused = {
        (a.judge_id, a.application_id)
        for a in existing_rows
        if a.conflict_answer == ConflictAnswer.RECUSED or a.status == AssignmentStatus.WITHDRAWN
    }
    # A judge who recused, or whose assignment was withdrawn for a conflict that surfaced later,
    # cannot open the application: such a pair does not count toward its K judges.
    barred = {(c.judge_id, c.application_id) for c in conflicts} | recused
    plan = assign(
        applications=[AppItem(id=a.pk, category_id=a.category_id) for a in round_applications(round)],
        judges=_judges(round),
        conflicts=barred,
        k=round.judges_per_application,
        existing={(a.judge_id, a.application_id) for a in existing_rows} - barred,
    )
    Assignment.objects.bulk_create(
        [
            Assignment(round=round, judge_id=judge_id, application_id=application_id, source=AssignmentSource.AUTOMATIC)
            for judge_id, application_id in plan.new_pairs
        ]
    )
    return plan, conflicts
