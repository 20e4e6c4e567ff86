"""The public results announcement of a cycle: the winners as cards, the other finalists of each
category, and what the result rests on (rubric, rounds, tie-break, the vote's integrity summary).

Everything is read in a fixed number of queries, however many categories and finalists there are.
A winner's cover image and summary (its public answer keyed ``summary``, read through
``submissions.published``) are shown only when the organisation agreed to publish them.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from awards.enums import MilestoneKind, PrizeKind
from awards.models import Category, Criterion, Cycle, Dimension
from awards.selectors import current_rubric, milestone_of
from submissions.enums import FINALIST_STATUSES
from submissions.models import Application
from submissions.published import card_text, published_answers

from .models import Decision, Round
from .results import cycle_decisions
from .tiebreak import describe_tie_break


@dataclass
class CategoryResult:
    category: Category
    winners: list[Decision] = field(default_factory=list)
    finalists: list[Application] = field(default_factory=list)


@dataclass
class Announcement:
    cycle: Cycle
    decisions: list[Decision]
    categories: list[CategoryResult]
    other_winners: list[Decision]  # the Popular Vote and any prize without a category
    announced_at: datetime | None  # the results milestone's moment
    dimensions: list[Dimension]
    rounds: list[Round]
    vote_integrity: dict | None

    @property
    def has_winners(self) -> bool:
        return bool(self.decisions)


def _finalists(cycle: Cycle) -> list[Application]:
    return list(
        Application.objects.filter(cycle=cycle, status__in=FINALIST_STATUSES)
        .select_related("organisation__province", "category")
        .order_by("category__position", "reference", "pk")
    )


def _dimensions(cycle: Cycle) -> list[Dimension]:
    """The published rubric's dimensions with their criteria (three queries; none without a rubric)."""
    rubric = current_rubric(cycle)
    if rubric is None:
        return []
    criteria = Prefetch("criteria", queryset=Criterion.objects.order_by("position"))
    return list(rubric.dimensions.prefetch_related(criteria).order_by("position"))


def _vote_integrity(decisions: list[Decision]) -> dict | None:
    """The integrity summary the Popular Vote froze with its result (cast, voided, valid, voters)."""
    for decision in decisions:
        if decision.prize.kind == PrizeKind.POPULAR_VOTE:
            return json.loads(decision.data).get("integrity")
    return None


def announcement(cycle: Cycle) -> Announcement:
    """``cycle`` with its milestones prefetched (the view's ``_visible_cycle`` does)."""
    decisions = list(cycle_decisions(cycle).select_related("application__organisation__province"))
    for decision in decisions:
        decision.application.cycle = cycle  # one cycle object: its questions are read once
    answers = published_answers([decision.application for decision in decisions])
    for decision in decisions:
        decision.summary = card_text(answers[decision.application_id])
    by_category = {c.pk: CategoryResult(category=c) for c in cycle.categories.order_by("position", "pk")}
    others = []
    for decision in decisions:
        target = by_category.get(decision.prize.category_id)
        (target.winners if target else others).append(decision)
    winning = {d.application_id for d in decisions}
    for application in _finalists(cycle):
        if application.pk not in winning and application.category_id in by_category:
            by_category[application.category_id].finalists.append(application)
    rounds = list(cycle.rounds.order_by("position"))
    for round in rounds:
        round.tie_break_text = describe_tie_break(round.tie_break)
    results = milestone_of(cycle, MilestoneKind.RESULTS)
    return Announcement(
        cycle=cycle,
        decisions=decisions,
        categories=[c for c in by_category.values() if c.winners or c.finalists],
        other_winners=others,
        announced_at=results.starts_at if results else None,
        dimensions=_dimensions(cycle),
        rounds=rounds,
        vote_integrity=_vote_integrity(decisions),
    )
