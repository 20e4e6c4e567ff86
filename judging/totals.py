"""The rubric's rule for scores, in one place: pure, no database.

Scores are whole numbers of the rubric's step (0.5 points → 1 step). A dimension's score is the sum
of its criterion scores scaled to the dimension's points (sum × points ÷ sum of the criteria's
maxima), so full marks in a dimension are exactly its points even when its criteria add up to less
(2022: dimension 2, 25 under 30); dimensions whose criteria add up are unaffected (the factor is 1).
The arithmetic is done in exact fractions and rounded once, half-up to 2 places, at the end, so full
marks are exactly 100.00 and the result is the same on every database.

The scoring page, the score sheets and summaries (documents), and the leaderboard (ranking.py, which
sums steps in SQL and weights them with ``step_value``) all count by these functions.
"""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

# The precision of every score shown or stored as a figure (a dimension's score, a total, a mean).
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
    exact: Fraction = Fraction(0)  # the exact total, for means that must be rounded only once


def to_points(steps: int, step: Decimal) -> Fraction:
    return Fraction(steps) * Fraction(step)


def rounded_ratio(numerator: int, denominator: int) -> Decimal:
    """``numerator ÷ denominator`` (not negative) rounded half-up to 2 places, in integers: the one
    rounding every shown score gets. The leaderboard calls it with its integer numerators directly,
    which is faster than building a Fraction per cell."""
    if numerator < 0 or denominator <= 0:
        raise ValueError(f"a score is not negative: {numerator}/{denominator}")
    cents = (200 * numerator + denominator) // (2 * denominator)
    return Decimal(cents) * TWO_PLACES


def rounded(value: Fraction) -> Decimal:
    """An exact value rounded half-up to 2 places."""
    return rounded_ratio(value.numerator, value.denominator)


def step_value(dimension: DimensionRule, step: Decimal) -> Fraction:
    """What one step of any criterion of the dimension is worth in the total: the rule's scale
    factor, ``step × the dimension's points ÷ the sum of its criteria's maxima``."""
    maximum = sum((Fraction(m) for m in dimension.criteria_max.values()), Fraction(0))
    if maximum <= 0:
        raise ValueError(f"dimension {dimension.id} needs criteria with a positive maximum before it can be scored")
    return Fraction(step) * Fraction(dimension.points) / maximum


def dimension_score(dimension: DimensionRule, steps: dict[int, int], step: Decimal) -> Fraction:
    """The dimension's exact score; criteria without a score count as 0. Steps adding up to more
    than the criteria's maxima are a data error (a score above its criterion's maximum)."""
    raw = sum((steps.get(criterion, 0) for criterion in dimension.criteria_max), 0)
    if to_points(raw, step) > sum((Fraction(m) for m in dimension.criteria_max.values()), Fraction(0)):
        raise ValueError(f"the scores of dimension {dimension.id} add up to more than its criteria's maxima")
    return raw * step_value(dimension, step)


def totals(*, dimensions: list[DimensionRule], steps: dict[int, int], step: Decimal) -> Totals:
    """The scorecard's dimension scores and total; criteria without a score count as 0."""
    exact_total, shown = Fraction(0), {}
    for dimension in dimensions:
        scaled = dimension_score(dimension, steps, step)
        exact_total += scaled
        shown[dimension.id] = rounded(scaled)
    every = all(c in steps for d in dimensions for c in d.criteria_max)
    return Totals(dimensions=shown, total=rounded(exact_total), complete=every, exact=exact_total)


def mean(values: list[Fraction]) -> Decimal | None:
    """The exact mean of exact totals, rounded once (None without any)."""
    return rounded(sum(values, Fraction(0)) / len(values)) if values else None


def max_steps(maximum: Decimal, step: Decimal) -> int:
    """How many steps a criterion's maximum is; a maximum that is not a whole number of steps is a
    rubric error (a judge could not give full marks)."""
    count = Fraction(maximum) / Fraction(step)
    if count.denominator != 1:
        raise ValueError(f"maximum {maximum} is not a whole number of steps of {step}")
    return int(count)
