"""The chair's and staff's leaderboards under /judging/rankings/: the ranking of each category
explained, finalising a prize's winner, and exports. Everyone else gets 404."""

import math
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.audit import record_event
from awards.enums import PrizeKind
from awards.models import Category, Prize
from submissions.models import Application

from ..exports import FORMATS, ranking_dataset, scores_dataset
from ..models import Decision, Panel, Round
from ..ranking import leaderboard_detail
from ..results import decision_payload
from ..rules import can_see_rankings
from ..services.decisions import finalise_prize


def rankings_required(view):
    """Logged in (else the log-in page) and the committee chair or staff (else 404)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_see_rankings(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _round_and_category(round_pk: int, code: str) -> tuple[Round, Category]:
    round = get_object_or_404(Round.objects.select_related("cycle", "rubric"), pk=round_pk)
    category = get_object_or_404(Category, cycle_id=round.cycle_id, code=code)
    return round, category


@rankings_required
def index(request):
    panels = (
        Panel.objects.select_related("round__cycle", "category")
        .order_by("-round__cycle__year", "round__cycle__slug", "round__position", "category__position")
    )  # fmt: skip
    return render(request, "judging/rankings/index.html", {"nav": "rankings", "panels": panels})


ICC_LABELS = {
    "ICC1": "ICC(1,1)", "ICC2": "ICC(2,1)", "ICC3": "ICC(3,1)", "ICC1k": "ICC(1,k)", "ICC2k": "ICC(2,k)",
    "ICC3k": "ICC(3,k)",
}  # fmt: skip


def _page_parts(board) -> dict:
    """What the template shows, ready: each row with its cells in the judges' column order, the
    winners by method in words, the ICCs with their labels (NaN shown as a dash)."""
    columns = [judge_id for judge_id, _name in board.judges]
    table = [(row, [{c.judge_id: c for c in row.cells}.get(j) for j in columns]) for row in board.rows]
    methods = {"mean": _("mean total with the tie-break"), "median": _("median total"), "normalised": _("normalised")}
    winner_lines = [(methods[key], refs) for key, refs in board.winners.items()]
    icc_values = [(ICC_LABELS[key], None if math.isnan(value) else value) for key, value in (board.icc or {}).items()]
    return {"table": table, "winner_lines": winner_lines, "icc_values": icc_values}


@rankings_required
def leaderboard(request, round_pk, code):
    round, category = _round_and_category(round_pk, code)
    board = leaderboard_detail(round, category)
    prizes = list(
        Prize.objects.filter(cycle_id=round.cycle_id, kind=PrizeKind.CATEGORY, category=category)
        .annotate(decided=Count("decisions"))
        .order_by("position", "pk")
    )
    decisions = Decision.objects.filter(prize__in=prizes).select_related("prize", "application", "decided_by")
    open_prizes = [prize for prize in prizes if prize.decided < prize.quantity] if board.rows else []
    context = {"nav": "rankings", "board": board, "decisions": list(decisions), "open_prizes": open_prizes}
    return render(request, "judging/rankings/leaderboard.html", {**context, **_page_parts(board)})


@require_POST
@rankings_required
def finalise(request, round_pk, code):
    round, category = _round_and_category(round_pk, code)
    prize = get_object_or_404(Prize, pk=request.POST.get("prize"), cycle_id=round.cycle_id, category=category)
    application = get_object_or_404(
        Application, pk=request.POST.get("application"), cycle_id=round.cycle_id, category=category
    )
    board = leaderboard_detail(round, category)
    data = decision_payload(board, prize=prize, application=application)
    try:
        decision = finalise_prize(prize=prize, application=application, by=request.user, data=data, request=request)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"{decision.prize.name}: {application.reference} · SHA-256 {decision.sha256}")
    return redirect("judging:leaderboard", round_pk=round.pk, code=category.code)


@rankings_required
def export(request, round_pk, code, what, fmt):
    round, category = _round_and_category(round_pk, code)
    if fmt not in FORMATS or what not in ("scores", "ranking"):
        raise Http404
    if what == "scores":
        dataset = scores_dataset(round, category)
    else:
        dataset = ranking_dataset(leaderboard_detail(round, category))
    record_event(
        actor=request.user, action=f"export.{what}", target=round, request=request,
        detail={"category": category.code, "format": fmt},
    )  # fmt: skip
    body = dataset.export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # a byte-order mark, so that spreadsheet programs read the Thai as UTF-8
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"{round.cycle.slug}-{category.code}-round{round.position}-{what}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
