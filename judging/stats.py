"""Panel agreement: intraclass correlations as defined by Shrout & Fleiss (1979). Pure: no database.

Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater reliability.
Psychological Bulletin 86(2), 420-428. With n targets (applications) and k judges:

- ICC(1,1), ICC(1,k): one-way random model; each target may have its own set of k judges.
- ICC(2,1), ICC(2,k): two-way random model; the same k judges rate every target, judges random.
- ICC(3,1), ICC(3,k): two-way mixed model; the same k judges, these judges only (consistency).

The ``…k`` forms are the reliability of the mean of the k judges.
"""

from statistics import fmean

KEYS = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")


def _mean_squares(matrix: list[list[float]]) -> tuple[float, float, float, float]:
    """Between-targets (BMS), within-target (WMS), between-judges (JMS) and residual (EMS) mean squares."""
    n, k = len(matrix), len(matrix[0])
    grand = fmean(value for row in matrix for value in row)
    row_means = [fmean(row) for row in matrix]
    column_means = [fmean(row[j] for row in matrix) for j in range(k)]
    total_ss = sum((value - grand) ** 2 for row in matrix for value in row)
    between_targets_ss = k * sum((mean - grand) ** 2 for mean in row_means)
    between_judges_ss = n * sum((mean - grand) ** 2 for mean in column_means)
    within_ss = total_ss - between_targets_ss
    residual_ss = within_ss - between_judges_ss
    return (
        between_targets_ss / (n - 1),
        within_ss / (n * (k - 1)),
        between_judges_ss / (k - 1),
        residual_ss / ((n - 1) * (k - 1)),
    )


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else float("nan")


def icc(matrix: list[list[float]]) -> dict[str, float]:
    """The six ICCs of ``matrix``: one row per target, one column per judge, no missing values.

    For the one-way forms the columns need not be the same judges in every row (each row's k
    scores, in any order); the two-way forms assume they are. A value is NaN when it is undefined
    (no variance at all).
    """
    if len(matrix) < 2:
        raise ValueError("ICC needs at least two targets (rows)")
    k = len(matrix[0])
    if k < 2 or any(len(row) != k for row in matrix):
        raise ValueError("ICC needs the same number (at least two) of scores in every row")
    n = len(matrix)
    bms, wms, jms, ems = _mean_squares([[float(v) for v in row] for row in matrix])
    return {
        "ICC1": _ratio(bms - wms, bms + (k - 1) * wms),
        "ICC2": _ratio(bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3": _ratio(bms - ems, bms + (k - 1) * ems),
        "ICC1k": _ratio(bms - wms, bms),
        "ICC2k": _ratio(bms - ems, bms + (jms - ems) / n),
        "ICC3k": _ratio(bms - ems, bms),
    }
