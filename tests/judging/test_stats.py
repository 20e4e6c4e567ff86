import math

import pytest

from judging.stats import icc

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_icc_matches_shrout_and_fleiss_worked_example():
    result = icc(SHROUT_FLEISS)
    rounded = {key: round(value, 2) for key, value in result.items()}
    assert rounded == {"ICC1": 0.17, "ICC2": 0.29, "ICC3": 0.71, "ICC1k": 0.44, "ICC2k": 0.62, "ICC3k": 0.91}


def test_icc_of_perfect_agreement_is_one():
    result = icc([[1, 1, 1], [5, 5, 5], [9, 9, 9]])
    assert {key: round(value, 9) for key, value in result.items()} == dict.fromkeys(result, 1.0)


def test_icc_one_way_ignores_the_order_of_judges_in_a_row():
    # The one-way model does not know which judge is which column: swapping within rows keeps it.
    swapped = [list(reversed(row)) if i % 2 else row for i, row in enumerate(SHROUT_FLEISS)]
    assert round(icc(swapped)["ICC1"], 12) == round(icc(SHROUT_FLEISS)["ICC1"], 12)
    assert round(icc(swapped)["ICC1k"], 12) == round(icc(SHROUT_FLEISS)["ICC1k"], 12)


def test_icc_without_any_variance_is_nan():
    assert math.isnan(icc([[3, 3], [3, 3]])["ICC1"])


@pytest.mark.parametrize("matrix", [[[1, 2, 3]], [[1], [2]], [[1, 2], [1, 2, 3]]])
def test_icc_refuses_a_matrix_it_cannot_read(matrix):
    with pytest.raises(ValueError):
        icc(matrix)
