"""Conflicts that surface mid-round: a judge's later declaration (or a change to an organisation's
province or partners) conflicts with an assignment already made. The assignment is withdrawn with
its reason and time, so that the judge's list shows it as withdrawn, its scorecard (if any) leaves
the ranking and the documents, staff are told once, and the next automatic assignment replaces
the judge."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User

from ..conflicts import Conflict, find_conflicts
from ..emails import send_conflict_withdrawn
from ..enums import AssignmentStatus, ConflictAnswer
from ..models import Assignment, Round
from ..selectors import application_facts, applications_for_conflicts, declarations_of


def _reason_text(conflicts: list[Conflict]) -> str:
    """The reasons as stored: one ``<code>: <what matched>`` per conflict (the codes of
    judging.conflicts, translated when shown), at most the field's length."""
    return "; ".join(f"{conflict.reason}: {conflict.detail}" for conflict in conflicts)[:500]


def _staff() -> list[User]:
    staff = Q(is_staff=True) | Q(groups__name=Role.STAFF.value)
    return list(User.objects.filter(staff, is_active=True).distinct().order_by("pk"))


def _active_assignments(*, cycle_id: int, judge=None, application_ids=None):
    rows = Assignment.objects.filter(round__cycle_id=cycle_id, status=AssignmentStatus.ACTIVE).exclude(
        conflict_answer=ConflictAnswer.RECUSED
    )
    if judge is not None:
        rows = rows.filter(judge=judge)
    if application_ids is not None:
        rows = rows.filter(application_id__in=application_ids)
    return rows


@transaction.atomic
def withdraw_conflicted_assignments(*, cycle_id: int, judge=None, application_ids=None) -> list[Assignment]:
    """Withdraw every active assignment of the cycle (one judge's, or some applications', when given)
    that the judges' declarations now conflict with; e-mail staff once per assignment withdrawn.
    Running it again withdraws nothing more and sends nothing: it only reads active assignments."""
    rows = _active_assignments(cycle_id=cycle_id, judge=judge, application_ids=application_ids)
    rows = list(rows.select_for_update(of=("self",)).select_related("judge", "application", "round__cycle"))
    if not rows:
        return []
    applications = applications_for_conflicts({row.application_id for row in rows})
    declarations = declarations_of(cycle_id=cycle_id, judge=judge)
    found: dict[tuple[int, int], list[Conflict]] = {}
    for conflict in find_conflicts(declarations=declarations, applications=application_facts(applications)):
        found.setdefault((conflict.judge_id, conflict.application_id), []).append(conflict)
    withdrawn, now = [], timezone.now()
    for row in rows:
        if conflicts := found.get((row.judge_id, row.application_id)):
            row.status, row.withdrawal_reason, row.withdrawn_at = (
                AssignmentStatus.WITHDRAWN,
                _reason_text(conflicts),
                now,
            )
            row.save(update_fields=["status", "withdrawal_reason", "withdrawn_at"])
            withdrawn.append(row)
    staff = _staff() if withdrawn else []
    for row in withdrawn:
        for user in staff:
            send_conflict_withdrawn(staff_user=user, assignment=row)
    return withdrawn


def sweep_open_rounds() -> int:
    """Withdraw, in every cycle with a round not closed yet, the assignments that a change made
    elsewhere now conflicts with (an organisation's province, a partner added or changed): beat runs
    it every few minutes (config/celery.py). Returns how many were withdrawn; a rerun withdraws and
    sends nothing more."""
    cycles = Round.objects.filter(closes_at__gte=timezone.now()).values_list("cycle_id", flat=True).distinct()
    return sum(len(withdraw_conflicted_assignments(cycle_id=cycle_id)) for cycle_id in sorted(set(cycles)))
