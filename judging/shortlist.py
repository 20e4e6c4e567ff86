"""The advancement rule of a round as a pure function over a category's leaderboard rows.

A row is proposed when it meets the minimum total (if the round sets one) and ranks within the top N
(if the round sets N). Rows tied at the cut share the rank of the N-th row and are all proposed, and
marked ``at_cut``, so that staff see the tie and decide: the proposal may be longer than N, never
silently shorter. Rows without any submitted scorecard are never proposed (there is nothing to rank).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

# Stable codes: the staff page translates them.
NO_SCORES = "no_scores"
BELOW_MINIMUM = "below_minimum"
BELOW_CUT = "below_cut"
TIED_AT_CUT = "tied_at_cut"
WITHIN = "within"
NO_RULE = "no_rule"


@dataclass(frozen=True)
class Proposal:
    row: object  # a judging.ranking.LeaderboardRow (application_id, rank, mean, judges, ...)
    proposed: bool
    reason: str

    @property
    def at_cut(self) -> bool:
        return self.reason == TIED_AT_CUT


def propose(rows: Sequence, *, top_n: int | None, min_total: Decimal | None) -> list[Proposal]:
    """One proposal per row, in the leaderboard's order."""
    if top_n is None and min_total is None:
        return [Proposal(row, False, NO_RULE) for row in rows]
    scored = [row for row in rows if row.judges > 0]
    eligible = [row for row in scored if min_total is None or row.mean >= min_total]
    cut_rank = eligible[top_n - 1].rank if top_n is not None and len(eligible) > top_n else None
    crowded = cut_rank is not None and sum(row.rank <= cut_rank for row in eligible) > top_n
    eligible_ids = {row.application_id for row in eligible}
    proposals = []
    for row in rows:
        if row.judges == 0:
            proposals.append(Proposal(row, False, NO_SCORES))
        elif row.application_id not in eligible_ids:
            proposals.append(Proposal(row, False, BELOW_MINIMUM))
        elif cut_rank is not None and row.rank > cut_rank:
            proposals.append(Proposal(row, False, BELOW_CUT))
        elif crowded and row.rank == cut_rank:
            proposals.append(Proposal(row, True, TIED_AT_CUT))
        else:
            proposals.append(Proposal(row, True, WITHIN))
    return proposals


def tie_broken_by_hand(proposals: Sequence[Proposal], chosen: set[int]) -> bool:
    """Some application tied at the cut is left out: staff broke the tie themselves (the committee
    must then give its reason)."""
    return any(p.at_cut and p.row.application_id not in chosen for p in proposals)
