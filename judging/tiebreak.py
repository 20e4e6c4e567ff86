"""The pure rules behind a leaderboard: the declared tie-break, the normalised ranking, outlier
flags and shared ranks. No database: ranking.py feeds these with the totals it aggregated.
"""

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from math import sqrt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_TIE_BREAK = "dimension:3,dimension:2,median"

# A judge's total is flagged when it lies more than OUTLIER_SD standard deviations (sample standard
# deviation) from the mean of the OTHER judges' totals for the same application, and at least
# OUTLIER_MIN_SHARE of full marks away from it; it needs at least two other judges.
OUTLIER_SD = 2
OUTLIER_MIN_SHARE = Fraction(1, 10)
OUTLIER_MIN_OTHERS = 2


def parse_tie_break(value: str) -> list[tuple[str, int | None]]:
    """``"dimension:3,dimension:2,median"`` → ``[("dimension", 3), ("dimension", 2), ("median", None)]``."""
    keys = []
    for token in (part.strip() for part in value.split(",") if part.strip()):
        name, _sep, number = token.partition(":")
        if name == "dimension" and number.isdigit() and int(number) > 0:
            keys.append(("dimension", int(number)))
        elif name in ("median", "normalised") and not number:
            keys.append((name, None))
        else:
            raise ValidationError(
                _("Unknown tie-break step %(step)s: use dimension:N, median or normalised, separated by commas.")
                % {"step": token}
            )
    return keys


def validate_tie_break(value: str) -> None:
    parse_tie_break(value)


def describe_tie_break(value: str) -> str:
    """The declared tie-break in words, as the leaderboard page states it."""
    words = []
    for name, number in parse_tie_break(value):
        if name == "dimension":
            words.append(_("the higher mean score in dimension %(number)s") % {"number": number})
        elif name == "median":
            words.append(_("the higher median total"))
        else:
            words.append(_("the higher normalised score"))
    if not words:
        return str(_("none: equal mean totals share a rank"))
    return str(_(", then ").join(words))


OUTLIER_RULE = gettext_lazy(
    "A judge's total is flagged when it lies more than %(sd)s standard deviations from the mean of the "
    "other judges' totals for the same application and at least %(share)s%% of full marks away from it "
    "(the judge's own total is left out; at least %(others)s other judges are needed)."
)


def outlier_rule_text() -> str:
    return OUTLIER_RULE % {"sd": OUTLIER_SD, "share": int(OUTLIER_MIN_SHARE * 100), "others": OUTLIER_MIN_OTHERS}


def _sd(values: list[float], sample: bool) -> float:
    """Standard deviation in plain floats (the statistics module's exact version is too slow here)."""
    count = len(values)
    centre = sum(values) / count
    return sqrt(sum((v - centre) ** 2 for v in values) / (count - 1 if sample else count))


def is_outlier(value, others: list, full_marks) -> bool:
    """Leave-one-out: compare a judge's total with the other judges' totals only. Values are exact
    (integers over a common denominator, or Fractions); the share-of-full-marks test is exact."""
    count = len(others)
    if count < OUTLIER_MIN_OTHERS:
        return False
    gap_times_count = abs(value * count - sum(others))
    share = OUTLIER_MIN_SHARE
    if gap_times_count * share.denominator < share.numerator * full_marks * count:
        return False
    return float(gap_times_count) / count > OUTLIER_SD * _sd([float(other) for other in others], sample=True)


def exact_median(values: list) -> Fraction:
    ordered, middle = sorted(values), len(values) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


def spread_of(values: list) -> float:
    """Population standard deviation of the judges' totals (0 for a single judge)."""
    return _sd([float(v) for v in values], sample=False) if len(values) > 1 else 0.0


def normalised_scores(cells: list[tuple[int, int, Fraction]]) -> dict[int, float | None]:
    """``cells``: (application id, judge id, total). Each judge's totals become z-scores over the
    applications that judge scored here; an application's mean z-score is rescaled so that the
    lowest is 0 and the highest 100 (50 when all are equal). A judge with fewer than two
    applications, or the same total for all, gives no z-score; an application without any is None.
    """
    by_judge: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for application_id, judge_id, total in cells:
        by_judge[judge_id].append((application_id, float(total)))
    z_by_application: dict[int, list[float]] = defaultdict(list)
    for scored in by_judge.values():
        values = [total for _app, total in scored]
        deviation = _sd(values, sample=False) if len(values) > 1 else 0.0
        if deviation == 0:
            continue
        centre = sum(values) / len(values)
        for application_id, total in scored:
            z_by_application[application_id].append((total - centre) / deviation)
    means = {app: sum(zs) / len(zs) for app, zs in z_by_application.items()}
    result: dict[int, float | None] = {app: None for app, _j, _t in cells}
    if means:
        low, high = min(means.values()), max(means.values())
        for app, value in means.items():
            result[app] = 50.0 if high - low < 1e-12 else round(100 * (value - low) / (high - low), 2)
    return result


@dataclass(frozen=True)
class Rankable:
    key: int  # application id
    mean: Fraction
    median: Fraction
    dimensions: dict[int, Fraction]  # dimension position → mean score
    normalised: float | None


def sort_key(item: Rankable, tie_break: list[tuple[str, int | None]]) -> tuple:
    """Higher is better on every step; the mean total comes first, then the declared tie-break."""
    key: list = [item.mean]
    for name, number in tie_break:
        if name == "dimension":
            key.append(item.dimensions.get(number, Fraction(0)))
        elif name == "median":
            key.append(item.median)
        else:
            key.append(item.normalised if item.normalised is not None else float("-inf"))
    return tuple(key)


def rank(items: list[Rankable], tie_break: list[tuple[str, int | None]]) -> list[tuple[Rankable, int, bool]]:
    """Items best first with their rank; items equal on the mean and every tie-break step share a
    rank (1, 2, 2, 4) and are marked tied."""
    keyed = sorted(((sort_key(item, tie_break), item) for item in items), key=lambda pair: pair[1].key)
    keyed.sort(key=lambda pair: pair[0], reverse=True)  # stable: equal keys stay in application order
    counts: dict[tuple, int] = defaultdict(int)
    for key, _item in keyed:
        counts[key] += 1
    ranked, previous, current = [], None, 0
    for position, (key, item) in enumerate(keyed, start=1):
        if key != previous:
            current, previous = position, key
        ranked.append((item, current, counts[key] > 1))
    return ranked


def rank_values(values: dict[int, float | None]) -> dict[int, int]:
    """Competition ranks (1, 2, 2, 4) of the values that are not None, highest first."""
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    return {key: ordered.index(value) + 1 for key, value in values.items() if value is not None}
