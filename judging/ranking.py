"""The leaderboard of one category in one round, explained: raw and normalised ranking, the
declared tie-break, outlier flags, and panel agreement (ICC).

The scores are aggregated in SQL: one query sums each submitted scorecard's steps per dimension
(annotations over the scores, grouped by scorecard); the rubric, the applications and the judges'
names are one query each. From those few integers per scorecard the totals are computed with the
rule of ``totals.py``: each dimension's summed steps are weighted by ``totals.step_value`` and the
result is rounded once by ``totals.rounded_ratio``, so the leaderboard agrees to the cent with what
each judge saw. The mean is the exact mean of the judges' exact totals, rounded once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from math import lcm

from django.db.models import F, Q, Sum
from django.utils.translation import get_language

from accounts.models import User
from awards.models import Category, Criterion
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application

from . import tiebreak as rules
from .enums import AssignmentStatus, ConflictAnswer, ScorecardStatus
from .models import Round, Score
from .stats import icc
from .totals import DimensionRule, rounded, rounded_ratio, step_value


@dataclass(frozen=True)
class JudgeCell:
    """One judge's total for one application."""

    judge_id: int
    total: Decimal
    outlier: bool


@dataclass(frozen=True)
class LeaderboardRow:
    application_id: int
    reference: str
    title: str
    organisation: str
    judges: int  # submitted scorecards
    mean: Decimal  # 2 places
    median: Decimal
    spread: float  # population standard deviation of the judges' totals
    normalised: float | None  # 0..100, or None when no judge's totals could be normalised
    rank: int  # final rank after the declared tie-break; rows still equal share it
    tied: bool
    dimensions: tuple[tuple[int, Decimal], ...] = ()  # (dimension number, mean score)
    cells: tuple[JudgeCell, ...] = ()
    normalised_rank: int | None = None


@dataclass(frozen=True)
class Leaderboard:
    round: Round
    category: Category
    rows: list[LeaderboardRow]
    judges: list[tuple[int, str]]  # (judge id, name) in column order
    dimension_numbers: list[int]
    full_marks: Decimal
    tie_break: str  # the declared tie-break in words
    outlier_rule: str
    icc: dict[str, float] | None
    icc_model: str  # "two-way" (every judge scored every application), "one-way", or "" (too few)
    icc_rows: int
    winners: dict[str, list[str]] = field(default_factory=dict)  # method → references of the top rows

    @property
    def winners_differ(self) -> bool:
        return len({tuple(refs) for refs in self.winners.values()}) > 1

    @property
    def outliers(self) -> int:
        return sum(cell.outlier for row in self.rows for cell in row.cells)


@dataclass(frozen=True)
class _Dimension:
    number: int
    weight: int  # one step of this dimension's criteria after scaling, in 1/denominator points
    criteria: tuple[int, ...]


@dataclass(frozen=True)
class _Rubric:
    dimensions: list[_Dimension]
    denominator: int  # every exact score is an integer numerator over this
    full_marks: int  # numerator
    english: bool  # the language the titles are shown in (read once, not per row)


def _rubric(round: Round) -> _Rubric:
    """Each dimension's scale factor (``totals.step_value``) as an integer weight over one common
    denominator, so that a scorecard's exact total is an integer numerator; one query."""
    criteria = Criterion.objects.filter(dimension__rubric_id=round.rubric_id).select_related("dimension__rubric")
    grouped: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        grouped[criterion.dimension.position].append(criterion)
    factors, full = {}, Fraction(0)
    for number, items in sorted(grouped.items()):
        dimension = items[0].dimension
        rule = DimensionRule(id=dimension.pk, points=dimension.points, criteria_max={c.pk: c.max_points for c in items})
        factors[number] = (step_value(rule, dimension.rubric.score_step), items)
        full += Fraction(dimension.points)
    denominator = lcm(full.denominator, *(factor.denominator for factor, _items in factors.values()))
    dimensions = [
        _Dimension(number, int(factor * denominator), tuple(c.pk for c in items))
        for number, (factor, items) in factors.items()
    ]
    return _Rubric(dimensions, denominator, int(full * denominator), (get_language() or "th").startswith("en"))


def _scorecard_sums(round: Round, category: Category, dimensions: list[_Dimension]):
    """One row per submitted scorecard that counts (neither recused nor withdrawn for a conflict
    that surfaced later): its application, judge and summed steps per dimension, aggregated over the
    scores in SQL (grouped by three integers)."""
    sums = {f"d{d.number}": Sum("steps", filter=Q(criterion_id__in=d.criteria)) for d in dimensions}
    card = "scorecard__assignment__"
    return (
        Score.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED,
            **{f"{card}status": AssignmentStatus.ACTIVE},
            **{f"{card}round_id": round.pk, f"{card}application__category_id": category.pk},
            **{f"{card}application__status__in": ENTERED_STATUSES},
        )
        .exclude(**{f"{card}conflict_answer": ConflictAnswer.RECUSED})
        .values("scorecard_id", application_id=F(f"{card}application_id"), judge_id=F(f"{card}judge_id"))
        .annotate(**sums)
        .order_by()
    )


def _facts(application_ids, judge_ids) -> tuple[dict[int, dict], dict[int, str]]:
    """The applications' reference, titles and organisation, and the judges' names: two queries."""
    applications = Application.objects.filter(pk__in=application_ids).values(
        "id", "reference", "title_th", "title_en", organisation_name=F("organisation__name")
    )
    judges = User.objects.filter(pk__in=judge_ids).values_list("id", "full_name")
    return {row["id"]: row for row in applications}, dict(judges)


def _top(rows: list[LeaderboardRow], value) -> list[str]:
    present = [row for row in rows if value(row) is not None]
    if not present:
        return []
    best = max(value(row) for row in present)
    return sorted(row.reference or str(row.application_id) for row in present if value(row) == best)


def _panel_agreement(cells_by_app: dict[int, dict[int, int]], per_application: int, denominator: int):
    """All six ICCs when every judge scored every application; otherwise the one-way ICC1/ICC1k on
    the applications with exactly the round's K totals."""
    judges = sorted({judge for cells in cells_by_app.values() for judge in cells})
    complete = len(judges) >= 2 and all(len(cells) == len(judges) for cells in cells_by_app.values())
    if complete and len(cells_by_app) >= 2:
        matrix = [[cells[j] / denominator for j in judges] for cells in cells_by_app.values()]
        return icc(matrix), "two-way", len(matrix)
    matrix = [
        [value / denominator for value in cells.values()]
        for cells in cells_by_app.values()
        if len(cells) == per_application
    ]
    if per_application < 2 or len(matrix) < 2:
        return None, "", len(matrix)
    one_way = icc(matrix)
    return {"ICC1": one_way["ICC1"], "ICC1k": one_way["ICC1k"]}, "one-way", len(matrix)


def leaderboard_detail(round: Round, category: Category) -> Leaderboard:
    """Everything the leaderboard page shows, in four queries whatever the number of applications.

    Exact values are kept as integer numerators over the rubric's common denominator (fast and
    exact); means and medians become Fractions to be compared, and every shown value is rounded
    once, in integers."""
    rubric = _rubric(round)
    scale = rubric.denominator
    totals: dict[int, dict[int, int]] = defaultdict(dict)  # application → judge → exact total (numerator)
    dimension_sums: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in _scorecard_sums(round, category, rubric.dimensions):
        app, sums = row["application_id"], dimension_sums[row["application_id"]]
        total = 0
        for d in rubric.dimensions:
            value = (row[f"d{d.number}"] or 0) * d.weight
            sums[d.number] += value
            total += value
        totals[app][row["judge_id"]] = total
    facts, judges = _facts(list(totals), {judge for by_judge in totals.values() for judge in by_judge})

    normalised = rules.normalised_scores(
        [(app, judge, t) for app, by_judge in totals.items() for judge, t in by_judge.items()]
    )
    rankables = []
    for app, by_judge in totals.items():
        values, count = list(by_judge.values()), len(by_judge)
        rankables.append(
            rules.Rankable(
                key=app,
                mean=Fraction(sum(values), count * scale),
                median=rules.exact_median(values) / scale,
                dimensions={n: Fraction(s, count * scale) for n, s in dimension_sums[app].items()},
                normalised=normalised[app],
            )
        )
    by_normalised = rules.rank_values({item.key: item.normalised for item in rankables})
    rows = [
        _row(facts[item.key], item, position, tied, totals[item.key], rubric, normalised, by_normalised)
        for item, position, tied in rules.rank(rankables, rules.parse_tie_break(round.tie_break))
    ]
    agreement, model, icc_rows = _panel_agreement(totals, round.judges_per_application, scale)
    winners = {
        "mean": sorted(row.reference or str(row.application_id) for row in rows if row.rank == 1),
        "median": _top(rows, lambda row: row.median),
        "normalised": _top(rows, lambda row: row.normalised),
    }
    return Leaderboard(
        round=round,
        category=category,
        rows=rows,
        judges=sorted(judges.items(), key=lambda pair: pair[0]),
        dimension_numbers=[d.number for d in rubric.dimensions],
        full_marks=rounded(Fraction(rubric.full_marks, scale)),
        tie_break=rules.describe_tie_break(round.tie_break),
        outlier_rule=rules.outlier_rule_text(),
        icc=agreement,
        icc_model=model,
        icc_rows=icc_rows,
        winners=winners if rows else {},
    )


def _row(fact, item, position, tied, by_judge, rubric: _Rubric, normalised, by_normalised) -> LeaderboardRow:
    values = list(by_judge.values())
    cells = tuple(
        JudgeCell(
            judge_id=judge,
            total=rounded_ratio(total, rubric.denominator),
            outlier=rules.is_outlier(total, [v for j, v in by_judge.items() if j != judge], rubric.full_marks),
        )
        for judge, total in sorted(by_judge.items())
    )
    return LeaderboardRow(
        application_id=item.key,
        reference=fact["reference"] or "",
        title=fact["title_en"] if rubric.english and fact["title_en"] else fact["title_th"],
        organisation=fact["organisation_name"],
        judges=len(values),
        mean=rounded_ratio(item.mean.numerator, item.mean.denominator),
        median=rounded_ratio(item.median.numerator, item.median.denominator),
        spread=round(rules.spread_of(values) / rubric.denominator, 2),
        normalised=normalised[item.key],
        rank=position,
        tied=tied,
        dimensions=tuple((n, rounded_ratio(v.numerator, v.denominator)) for n, v in sorted(item.dimensions.items())),
        cells=cells,
        normalised_rank=by_normalised.get(item.key),
    )


def leaderboard(round: Round, category: Category) -> list[LeaderboardRow]:
    """The rows of a category's leaderboard in final rank order (declared tie-break applied)."""
    return leaderboard_detail(round, category).rows
