"""The rule for a dimension whose criteria do not add up to its points (MISSION.md).

Criterion points are kept as published; a dimension's score is the sum of its criterion scores
scaled to the dimension's points, so full marks are exactly the dimension's points. Dimensions whose
criteria add up are unaffected (the factor is 1).
"""

from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


def dimension_score(*, raw_total: Decimal, criteria_max_total: Decimal, points: Decimal) -> Decimal:
    """``raw_total × points ÷ criteria_max_total``, rounded half-up to two decimal places."""
    if criteria_max_total <= 0:
        raise ValueError("a dimension needs criteria with a positive maximum before it can be scored")
    if raw_total < 0 or raw_total > criteria_max_total:
        raise ValueError(f"raw total {raw_total} is outside 0..{criteria_max_total}")
    return (raw_total * points / criteria_max_total).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
