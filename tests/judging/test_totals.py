from decimal import Decimal

import pytest

from judging.totals import DimensionRule, max_steps, totals

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
