"""Exact scorecard totals by MISSION.md's rule. Pure: no database.

Scores are whole numbers of the rubric's step (0.5 points → 1 step). A dimension's score is the sum
of its criterion scores scaled to the dimension's points (sum × points ÷ sum of the criteria's
maxima); the arithmetic is done in exact fractions and rounded once, to 2 places, at the end, so
full marks are exactly 100.00 and the result is the same on every database.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class DimensionRule:
    id: int
    points: Decimal
    criteria_max: dict[int, Decimal]  # criterion id → maximum points as published


@dataclass(frozen=True)
class Totals:
    dimensions: dict[int, Decimal]  # each rounded to 2 places, for display
    total: Decimal  # the exact total rounded once to 2 places (not the sum of the rounded dimensions)
    complete: bool  # every criterion has a score


def to_points(steps: int, step: Decimal) -> Fraction:
    return Fraction(steps) * Fraction(step)


def _round(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def rounded(value: Fraction) -> Decimal:
    """An exact value rounded half-up to 2 places: the one rounding every shown total gets."""
    return _round(value)


def totals(*, dimensions: list[DimensionRule], steps: dict[int, int], step: Decimal) -> Totals:
    """The scorecard's dimension scores and total; criteria without a score count as 0."""
    exact_total, shown = Fraction(0), {}
    for dimension in dimensions:
        maximum = sum((Fraction(m) for m in dimension.criteria_max.values()), Fraction(0))
        if maximum == 0:
            raise ValueError(f"dimension {dimension.id} has no criteria with points")
        raw = sum((to_points(steps.get(c, 0), step) for c in dimension.criteria_max), Fraction(0))
        scaled = raw * Fraction(dimension.points) / maximum
        exact_total += scaled
        shown[dimension.id] = _round(scaled)
    every = all(c in steps for d in dimensions for c in d.criteria_max)
    return Totals(dimensions=shown, total=_round(exact_total), complete=every)


def max_steps(maximum: Decimal, step: Decimal) -> int:
    """How many steps a criterion's maximum is; a maximum that is not a whole number of steps is a
    rubric error (a judge could not give full marks)."""
    count = Fraction(maximum) / Fraction(step)
    if count.denominator != 1:
        raise ValueError(f"maximum {maximum} is not a whole number of steps of {step}")
    return int(count)
