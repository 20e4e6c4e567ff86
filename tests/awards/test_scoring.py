from decimal import Decimal

import pytest

from awards.scoring import dimension_score


def test_dimension_score_scales_short_dimension_to_its_points():
    # 2022, dimension 2: criteria add up to 25 under 30 points; full marks give exactly 30.
    assert dimension_score(raw_total=Decimal(25), criteria_max_total=Decimal(25), points=Decimal(30)) == Decimal(
        "30.00"
    )


def test_dimension_score_partial_marks_scaled():
    assert dimension_score(raw_total=Decimal("12.5"), criteria_max_total=Decimal(25), points=Decimal(30)) == Decimal(
        "15.00"
    )


def test_dimension_score_unchanged_when_criteria_add_up():
    assert dimension_score(raw_total=Decimal("7.5"), criteria_max_total=Decimal(10), points=Decimal(10)) == Decimal(
        "7.50"
    )


def test_dimension_score_rejects_total_above_maximum():
    with pytest.raises(ValueError):
        dimension_score(raw_total=Decimal(26), criteria_max_total=Decimal(25), points=Decimal(30))
