"""Reads behind decisions and the public results page: the data a ranking decision freezes, which
decisions a visitor may see, and where a result's Open Graph picture is kept."""

import json

from django.db.models import QuerySet
from django.utils import timezone

from awards.enums import MilestoneKind
from awards.models import Cycle, Prize
from awards.selectors import milestone_of
from submissions.models import Application

from .models import Decision
from .ranking import Leaderboard
from .rules import can_see_rankings

FORMAT = "scsa-decision/1"


def og_image_name(sha256: str, language: str) -> str:
    """Where a result's Open Graph picture is kept (default storage): one file per decision hash and
    language, so a decision that changed (another hash) never shows a stale picture and an unchanged
    one is drawn once. The retention purge deletes a cycle's pictures by these names."""
    return f"og/results/{sha256}-{language}.png"


def announced(cycle: Cycle, at=None) -> bool:
    """Results are public from the announcement milestone on, never before (and never without one)."""
    results = milestone_of(cycle, MilestoneKind.RESULTS)
    return results is not None and (at or timezone.now()) >= results.starts_at


def results_visible(cycle: Cycle, user, at=None) -> bool:
    return announced(cycle, at) or can_see_rankings(user)


def cycle_decisions(cycle: Cycle) -> QuerySet[Decision]:
    """The decisions in force (withdrawn ones are corrections: ``cycle_corrections``)."""
    return (
        Decision.objects.filter(Decision.ACTIVE, prize__cycle=cycle)
        .select_related("prize__category", "application__organisation", "application__category", "decided_by")
        .order_by("prize__position", "prize_id", "decided_at")
    )


def cycle_corrections(cycle: Cycle) -> QuerySet[Decision]:
    """The withdrawn decisions of a cycle, each with its reason, in the order they were withdrawn."""
    return (
        Decision.objects.filter(prize__cycle=cycle, withdrawn_at__isnull=False)
        .select_related("prize__category", "application")
        .order_by("prize__position", "prize_id", "withdrawn_at", "pk")
    )


def _rests_on(decision: Decision, round_position: int, category_code: str) -> bool:
    try:
        data = json.loads(decision.data)
    except ValueError:
        return False
    where = data.get("round") if isinstance(data, dict) else None
    return isinstance(where, dict) and (where.get("position"), data.get("category")) == (round_position, category_code)


def decisions_resting_on(*, round, category) -> list[Decision]:
    """The decisions in force whose frozen ranking is the round's leaderboard of the category."""
    decisions = Decision.objects.filter(Decision.ACTIVE, prize__cycle_id=round.cycle_id).select_related(
        "prize", "application"
    )
    return [decision for decision in decisions if _rests_on(decision, round.position, category.code)]


# What a decision's rows are compared on to tell whether the live scores still give the published
# result (the titles follow the reader's language, so they are left out).
_COMPARED = ("rank", "tied", "reference", "judges", "mean", "median", "spread", "normalised", "dimensions", "totals")


def _comparable(rows) -> list:
    plain = json.loads(json.dumps(rows, default=str))
    return [{key: row.get(key) for key in _COMPARED} for row in plain]


def differs_from_live(decision: Decision, board: Leaderboard) -> bool:
    """Whether the ranking a decision froze is no longer what the live scores give."""
    if not _rests_on(decision, board.round.position, board.category.code):
        return False
    live = decision_payload(board, prize=decision.prize, application=decision.application)["rows"]
    return _comparable(live) != _comparable(json.loads(decision.data).get("rows", []))


def decision_payload(board: Leaderboard, *, prize: Prize, application: Application) -> dict:
    """What a ranking decision rests on, judges pseudonymised (J1, J2, … in a fixed order), with
    enough to recompute every mean and the ranking from the judges' totals."""
    pseudonyms = {judge_id: f"J{number}" for number, (judge_id, _name) in enumerate(board.judges, start=1)}
    return {
        "format": FORMAT,
        "cycle": board.round.cycle.slug,
        "prize": {"id": prize.pk, "name_th": prize.name_th, "name_en": prize.name_en},
        "winner": application.reference or str(application.pk),
        "round": {"position": board.round.position, "kind": board.round.kind},
        "category": board.category.code,
        "full_marks": board.full_marks,
        "method": "mean of the judges' exact totals, rounded once to 2 places; ties broken as declared",
        "tie_break": board.round.tie_break,
        "rows": [
            {
                "rank": row.rank,
                "tied": row.tied,
                "reference": row.reference,
                "title": row.title,
                "organisation": row.organisation,
                "judges": row.judges,
                "mean": row.mean,
                "median": row.median,
                "spread": f"{row.spread:.2f}",
                "normalised": None if row.normalised is None else f"{row.normalised:.2f}",
                "dimensions": {str(number): value for number, value in row.dimensions},
                "totals": {pseudonyms[cell.judge_id]: cell.total for cell in row.cells},
            }
            for row in board.rows
        ],
    }
