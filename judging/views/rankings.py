"""The chair's and staff's leaderboards under /judging/rankings/: the ranking of each category
explained, finalising a prize's winner, and exports. Everyone else gets 404."""

import math
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
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
from .corrections import corrections_context


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
    panels = Panel.objects.select_related("round__cycle", "category").order_by(
        "-round__cycle__year", "round__cycle__slug", "round__position", "category__position"
    )
    return render(request, "judging/rankings/index.html", {"nav": "rankings", "panels": panels})


# The finalise form offers the highest-ranked rows only: a winner chosen from further down would not
# rest on this ranking (and 400 options per award made the page heavy).
CANDIDATES = 10

ICC_LABELS = {
    "ICC1": "ICC(1,1)",
    "ICC2": "ICC(2,1)",
    "ICC3": "ICC(3,1)",
    "ICC1k": "ICC(1,k)",
    "ICC2k": "ICC(2,k)",
    "ICC3k": "ICC(3,k)",
}


def _page_parts(board) -> dict:
    """What the template shows, ready: each row with its cells in the judges' column order, the
    winners by method in words, the ICCs with their labels (NaN shown as a dash)."""
    columns = [judge_id for judge_id, _name in board.judges]
    table = [_table_row(row, columns) for row in board.rows]
    methods = {"mean": _("mean total with the tie-break"), "median": _("median total"), "normalised": _("normalised")}
    winner_lines = [(methods[key], refs) for key, refs in board.winners.items()]
    icc_values = [(ICC_LABELS[key], None if math.isnan(value) else value) for key, value in (board.icc or {}).items()]
    exports = [
        ("scores", "csv", _("Scores and comments (CSV)")),
        ("scores", "xlsx", _("Scores and comments (XLSX)")),
        ("ranking", "csv", _("Ranking (CSV)")),
        ("ranking", "xlsx", _("Ranking (XLSX)")),
    ]
    return {"table": table, "winner_lines": winner_lines, "icc_values": icc_values, "exports": exports}


def _table_row(row, columns: list[int]) -> dict:
    """One row as ready-made text: numbers are formatted here once, not localised cell by cell in
    the template (a 429-row page spent most of its time there)."""
    cells = {cell.judge_id: cell for cell in row.cells}
    return {
        "row": row,
        "rank": str(row.rank),
        "mean": str(row.mean),
        "median": str(row.median),
        "spread": f"{row.spread:.2f}",
        "dimensions": [str(value) for _number, value in row.dimensions],
        "cells": [(str(cells[j].total), cells[j].outlier) if j in cells else ("–", False) for j in columns],
        "normalised": "–" if row.normalised is None else f"{row.normalised:.2f}",
        "normalised_rank": str(row.normalised_rank or "–"),
    }


@rankings_required
def leaderboard(request, round_pk, code):
    round, category = _round_and_category(round_pk, code)
    board = leaderboard_detail(round, category)
    prizes = list(
        Prize.objects.filter(cycle_id=round.cycle_id, kind=PrizeKind.CATEGORY, category=category)
        .annotate(decided=Count("decisions", filter=Q(decisions__withdrawn_at__isnull=True)))
        .order_by("position", "pk")
    )
    decisions = list(
        Decision.objects.filter(Decision.ACTIVE, prize__in=prizes).select_related("prize", "application", "decided_by")
    )
    open_prizes = [prize for prize in prizes if prize.decided < prize.quantity] if board.rows else []
    context = {
        "nav": "rankings",
        "board": board,
        "decisions": decisions,
        **corrections_context(request, board, decisions),
        "open_prizes": open_prizes,
        "candidates": board.rows[:CANDIDATES],
    }
    return render(request, "judging/rankings/leaderboard.html", {**context, **_page_parts(board)})


def _posted_id(request, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit():
        raise Http404
    return int(value)


@require_POST
@rankings_required
def finalise(request, round_pk, code):
    """POST from the leaderboard: the confirmation page (the winner, its rank, a tie, the reason);
    POST "confirm" from there: the service, which freezes the decision."""
    round, category = _round_and_category(round_pk, code)
    prize = get_object_or_404(Prize, pk=_posted_id(request, "prize"), cycle_id=round.cycle_id, category=category)
    application = get_object_or_404(
        Application, pk=_posted_id(request, "application"), cycle_id=round.cycle_id, category=category
    )
    board = leaderboard_detail(round, category)
    reason = request.POST.get("reason", "")
    problems = []
    if "confirm" in request.POST:
        data = decision_payload(board, prize=prize, application=application)
        try:
            decision = finalise_prize(
                prize=prize,
                application=application,
                by=request.user,
                data=data,
                request=request,
                round=round,
                reason=reason,
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, f"{decision.prize.name}: {application.reference} · SHA-256 {decision.sha256}")
            return redirect("judging:leaderboard", round_pk=round.pk, code=category.code)
    row = next((row for row in board.rows if row.application_id == application.pk), None)
    context = {
        "nav": "rankings",
        "board": board,
        "prize": prize,
        "application": application,
        "row": row,
        "tied_with": [r for r in board.rows if row and row.tied and r.rank == row.rank and r is not row],
        "reason": reason,
        "problems": problems,
    }
    return render(request, "judging/rankings/finalise_confirm.html", context)


@require_POST  # an export is recorded in the audit log: a write, so never a GET
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
        actor=request.user,
        action=f"export.{what}",
        target=round,
        request=request,
        detail={"category": category.code, "format": fmt},
    )
    body = dataset.export(fmt)
    if fmt == "csv":
        body = "\ufeff" + body  # a byte-order mark, so that spreadsheet programs read the Thai as UTF-8
    response = HttpResponse(body, content_type=FORMATS[fmt])
    filename = f"{round.cycle.slug}-{category.code}-round{round.position}-{what}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
