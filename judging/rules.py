"""Permission predicates of judging.

Results: the committee chair and staff read leaderboards, finalise decisions and see results before
they are announced. Judges: a judge sees only their own assignments, never a recused one, and never
one their own declaration of interests conflicts with; an assignment a judge may not see answers
404 whatever the method, before any redirect or write, so that neither the application nor the
assignment leaks. (The view decorator ``judge_required`` is in views/decorators.py: it answers
HTTP, which is no business of a predicate.)
"""

from django.http import Http404

from accounts.models import User
from accounts.rules import is_chair, is_staff_member

from .enums import AssignmentStatus, ConflictAnswer
from .models import Assignment, Declaration
from .selectors import declared_conflicts

can_see_rankings = is_chair | is_staff_member
can_finalise = is_chair | is_staff_member


def assignment_for(user: User, pk: int, *, answered: bool = False) -> Assignment:
    """The user's own assignment, never a recused or withdrawn one; with ``answered``, only once the judge has
    said there is no conflict of interest (scores, answers and files stay hidden until then).
    Anything else is a 404."""
    assignment = (
        Assignment.objects.select_related(
            "round__cycle", "round__rubric", "application__category", "application__organisation__province"
        )
        .filter(pk=pk, judge=user)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .first()
    )
    if assignment is None or (answered and assignment.conflict_answer != ConflictAnswer.NO_CONFLICT):
        raise Http404
    # A conflict found from the judge's own declaration closes the application to them, even if
    # it was assigned by hand or the declaration came later.
    if declared_conflicts(judge=user, application=assignment.application):
        raise Http404
    return assignment


def declaration_missing(user: User, assignment: Assignment) -> bool:
    """The judge has not declared their interests for the assignment's cycle yet (they must before
    opening any of its applications)."""
    return not Declaration.objects.filter(judge=user, cycle_id=assignment.round.cycle_id).exists()
