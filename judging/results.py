"""Reads behind decisions and the public results page: the data a ranking decision freezes, and
which decisions a visitor may see."""

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


def announced(cycle: Cycle, at=None) -> bool:
    """Results are public from the announcement milestone on, never before (and never without one)."""
    results = milestone_of(cycle, MilestoneKind.RESULTS)
    return results is not None and (at or timezone.now()) >= results.starts_at


def results_visible(cycle: Cycle, user, at=None) -> bool:
    return announced(cycle, at) or can_see_rankings(user)


def cycle_decisions(cycle: Cycle) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(prize__cycle=cycle)
        .select_related("prize__category", "application__organisation", "application__category", "decided_by")
        .order_by("prize__position", "prize_id", "decided_at")
    )


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
