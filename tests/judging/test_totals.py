from decimal import Decimal
from fractions import Fraction

import pytest

from judging.totals import (
    DimensionRule,
    dimension_score,
    max_steps,
    mean,
    rounded,
    rounded_ratio,
    step_value,
    totals,
)

STEP = Decimal("0.5")
# The 2022 rubric: criterion ids are dimension × 10 + number.
RUBRIC_2022 = [
    DimensionRule(1, Decimal(10), {11: Decimal(4), 12: Decimal(3), 13: Decimal(3)}),
    DimensionRule(2, Decimal(30), {21: Decimal(5), 22: Decimal(15), 23: Decimal(5)}),
    DimensionRule(3, Decimal(40), {31: Decimal(15), 32: Decimal(10), 33: Decimal(15)}),
    DimensionRule(4, Decimal(20), {41: Decimal(10), 42: Decimal(5), 43: Decimal(5)}),
]


def full_marks():
    return {c: max_steps(m, STEP) for d in RUBRIC_2022 for c, m in d.criteria_max.items()}


def test_full_marks_are_exactly_100():
    result = totals(dimensions=RUBRIC_2022, steps=full_marks(), step=STEP)
    assert result.total == Decimal("100.00")
    assert result.dimensions == {1: Decimal("10.00"), 2: Decimal("30.00"), 3: Decimal("40.00"), 4: Decimal("20.00")}
    assert result.complete is True


def test_dimension_two_is_scaled_from_25_to_30():
    steps = {21: 10, 22: 30, 23: 0}  # 5 + 15 + 0 = 20 of 25 published points
    result = totals(dimensions=RUBRIC_2022, steps=steps, step=STEP)
    assert result.dimensions[2] == Decimal("24.00")  # 20 × 30 ÷ 25
    assert result.complete is False


def test_total_is_rounded_once_not_summed_from_rounded_dimensions():
    # Each dimension is worth exactly 0.005 (one step of 0.5 of 100 published points, scaled to 1):
    # shown rounded, each is 0.01, but the exact total is 0.01, not 0.02.
    rules = [DimensionRule(1, Decimal(1), {1: Decimal(100)}), DimensionRule(2, Decimal(1), {2: Decimal(100)})]
    result = totals(dimensions=rules, steps={1: 1, 2: 1}, step=STEP)
    assert result.dimensions == {1: Decimal("0.01"), 2: Decimal("0.01")}
    assert result.total == Decimal("0.01")


def test_rounding_is_half_up_on_exact_values():
    rules = [DimensionRule(1, Decimal(10), {1: Decimal(3)})]  # one step of 0.5 of 3 → 10/6 = 1.6666…
    assert totals(dimensions=rules, steps={1: 1}, step=STEP).total == Decimal("1.67")


def test_max_steps_refuses_a_maximum_between_steps():
    assert max_steps(Decimal(15), STEP) == 30
    with pytest.raises(ValueError):
        max_steps(Decimal("2.25"), STEP)


# The rule for a dimension whose criteria do not add up to its points (formerly awards/scoring.py).
DIMENSION_TWO = DimensionRule(2, Decimal(30), {21: Decimal(5), 22: Decimal(15), 23: Decimal(5)})


def test_dimension_score_scales_short_dimension_to_its_points():
    # 2022, dimension 2: criteria add up to 25 under 30 points; full marks give exactly 30.
    assert rounded(dimension_score(DIMENSION_TWO, {21: 10, 22: 30, 23: 10}, STEP)) == Decimal("30.00")


def test_dimension_score_partial_marks_scaled():
    # 12.5 of 25 published points → 15 of 30.
    assert rounded(dimension_score(DIMENSION_TWO, {21: 5, 22: 15, 23: 5}, STEP)) == Decimal("15.00")


def test_dimension_score_unchanged_when_criteria_add_up():
    rule = DimensionRule(1, Decimal(10), {11: Decimal(4), 12: Decimal(6)})
    assert rounded(dimension_score(rule, {11: 5, 12: 10}, STEP)) == Decimal("7.50")


def test_dimension_score_rejects_total_above_maximum():
    # 26 published points of 25.
    with pytest.raises(ValueError, match="add up to more than its criteria's maxima"):
        dimension_score(DIMENSION_TWO, {21: 12, 22: 30, 23: 10}, STEP)


def test_dimension_score_refuses_a_dimension_without_criteria():
    with pytest.raises(ValueError, match="needs criteria with a positive maximum"):
        dimension_score(DimensionRule(9, Decimal(10), {}), {}, STEP)


def test_step_value_is_one_step_scaled_to_the_dimension_points():
    # One step of 0.5 of 25 published points in a dimension of 30: 0.5 × 30 ÷ 25 = 3/5.
    assert step_value(DIMENSION_TWO, STEP) == Fraction(3, 5)


@pytest.mark.parametrize(
    "numerator,denominator,expected",
    [
        (0, 1, "0.00"),
        (1, 200, "0.01"),
        (3, 600, "0.01"),
        (10_000, 100, "100.00"),
        (2, 3, "0.67"),
        (5, 6, "0.83"),
        (1, 3, "0.33"),
        (1, 400, "0.00"),
    ],
)
def test_rounded_ratio_rounds_half_up_to_two_places(numerator, denominator, expected):
    assert str(rounded_ratio(numerator, denominator)) == expected
    assert rounded(Fraction(numerator, denominator)) == Decimal(expected)


def test_rounded_ratio_refuses_a_negative_value():
    with pytest.raises(ValueError, match="a score is not negative"):
        rounded_ratio(-1, 3)


def test_mean_rounds_the_exact_mean_once():
    # 0.005, 0.005 and 0 are shown as 0.01, 0.01 and 0.00, whose mean would round to 0.01; the
    # exact mean is 0.00333…, so 0.00.
    assert mean([Fraction(1, 200), Fraction(1, 200), Fraction(0)]) == Decimal("0.00")
    assert mean([]) is None
