"""Keeping results true on the leaderboard page: the scorecards left out for a conflict of interest
that surfaced after assignment, whether a published result still matches the live scores, and the
staff's withdrawal of a decision (with its reason) before a correction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.rules import is_staff_member

from ..models import Decision
from ..results import differs_from_live
from ..selectors import withdrawn_assignments
from ..services.decisions import withdraw_decision as withdraw_decision_service


def corrections_context(request, board, decisions) -> dict:
    """What the leaderboard shows beside the ranking: excluded scorecards (one query), the
    decisions whose frozen ranking the live scores no longer give (no query), and whether the user
    may withdraw them."""
    return {
        "excluded": list(withdrawn_assignments(round=board.round, category=board.category)),
        "stale_decisions": [decision for decision in decisions if differs_from_live(decision, board)],
        # Asked only when there is a decision to withdraw (it may cost a query of the user's groups).
        "can_withdraw": bool(decisions) and is_staff_member(request.user),
    }


@require_POST
@login_required
def withdraw_decision(request, pk):
    """Staff only (404 for anyone else): withdraw a decision with the reason typed on the leaderboard."""
    if not is_staff_member(request.user):
        raise Http404
    decision = get_object_or_404(Decision.objects.select_related("prize__category"), Decision.ACTIVE, pk=pk)
    try:
        withdraw_decision_service(
            decision=decision, by=request.user, reason=request.POST.get("reason", ""), request=request
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The decision was withdrawn. Reopen the scorecards to correct, then finalise the award again.")
        )
    round_pk = request.POST.get("round", "")
    if round_pk.isdigit() and decision.prize.category_id:
        # Back to the leaderboard the form was on.
        return redirect("judging:leaderboard", round_pk=int(round_pk), code=decision.prize.category.code)
    return redirect("judging:rankings")
