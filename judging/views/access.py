"""Who may open what in the judges' area. Anything a judge may not see answers 404 whatever the
method, before any redirect or write, so that neither the application nor the assignment leaks."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.rules import is_judge

from ..enums import ConflictAnswer
from ..models import Assignment, Declaration
from ..selectors import declared_conflicts


def judge_required(view):
    """Logged in (else the log-in page) and a judge (else 404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_judge(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def assignment_for(user, pk: int, *, answered: bool = False) -> Assignment:
    """The user's own assignment, never a recused one; with ``answered``, only once the judge has
    said there is no conflict of interest (scores, answers and files stay hidden until then)."""
    assignment = (
        Assignment.objects.select_related(
            "round__cycle", "round__rubric", "application__category", "application__organisation__province"
        )
        .filter(pk=pk, judge=user)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .first()
    )
    if assignment is None or (answered and assignment.conflict_answer != ConflictAnswer.NO_CONFLICT):
        raise Http404
    # A conflict found from the judge's own declaration closes the application to them, even if
    # it was assigned by hand or the declaration came later.
    if declared_conflicts(judge=user, application=assignment.application):
        raise Http404
    return assignment


def declaration_missing(request, assignment: Assignment):
    """A redirect to the declaration of interests when the judge has not made it for this cycle yet."""
    if Declaration.objects.filter(judge=request.user, cycle_id=assignment.round.cycle_id).exists():
        return None
    messages.info(request, _("Declare your interests for this award first; then you can open its applications."))
    return redirect("judging:declaration", cycle_slug=assignment.round.cycle.slug)
