from dataclasses import dataclass
from decimal import Decimal

from judging.shortlist import BELOW_CUT, BELOW_MINIMUM, NO_RULE, NO_SCORES, TIED_AT_CUT, WITHIN, propose


@dataclass(frozen=True)
class Row:
    application_id: int
    rank: int
    mean: Decimal
    judges: int = 3


def rows(*ranked):
    return [Row(i + 1, rank, Decimal(mean)) for i, (rank, mean) in enumerate(ranked)]


def summary(proposals):
    return [(p.row.application_id, p.proposed, p.reason) for p in proposals]


def test_propose_top_n_takes_the_first_n():
    result = propose(rows((1, "90"), (2, "80"), (3, "70")), top_n=2, min_total=None)
    assert summary(result) == [(1, True, WITHIN), (2, True, WITHIN), (3, False, BELOW_CUT)]


def test_propose_shows_a_tie_at_the_cut_and_keeps_every_tied_row():
    result = propose(rows((1, "90"), (2, "80"), (2, "80"), (4, "70")), top_n=2, min_total=None)
    assert summary(result) == [(1, True, WITHIN), (2, True, TIED_AT_CUT), (3, True, TIED_AT_CUT), (4, False, BELOW_CUT)]
    assert [p.at_cut for p in result] == [False, True, True, False]


def test_propose_minimum_total_alone():
    result = propose(rows((1, "90"), (2, "60"), (3, "59.99")), top_n=None, min_total=Decimal("60"))
    assert summary(result) == [(1, True, WITHIN), (2, True, WITHIN), (3, False, BELOW_MINIMUM)]


def test_propose_both_rules_must_hold():
    result = propose(rows((1, "90"), (2, "85"), (3, "50")), top_n=5, min_total=Decimal("60"))
    assert summary(result) == [(1, True, WITHIN), (2, True, WITHIN), (3, False, BELOW_MINIMUM)]


def test_propose_never_proposes_an_application_without_scores():
    result = propose([Row(1, 1, Decimal("0"), judges=0)], top_n=3, min_total=None)
    assert summary(result) == [(1, False, NO_SCORES)]


def test_propose_without_a_rule_proposes_nobody():
    assert summary(propose(rows((1, "90")), top_n=None, min_total=None)) == [(1, False, NO_RULE)]
