"""The leaderboard of one category in one round, explained: raw and normalised ranking, the
declared tie-break, outlier flags, and panel agreement (ICC).

The scores are aggregated in SQL: one query sums each submitted scorecard's steps per dimension
(annotations over the scores), one reads the rubric. From those few integers per scorecard the
totals are computed with the same exact fractions as ``totals.py`` (a dimension's steps × step ×
points ÷ the criteria's maxima, rounded once), so the leaderboard agrees to the cent with what
each judge saw. The mean is the exact mean of the judges' exact totals, rounded once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.db.models import F, Q, Sum
from django.utils.translation import get_language

from awards.models import Category, Criterion
from submissions.enums import ENTERED_STATUSES

from . import ranking_rules as rules
from .enums import ConflictAnswer, ScorecardStatus
from .models import Round, Scorecard
from .stats import icc
from .totals import rounded


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
    factor: Fraction  # points of one step of this dimension's criteria after scaling
    criteria: tuple[int, ...]


def _rubric(round: Round) -> tuple[list[_Dimension], Fraction]:
    """Each dimension's scaling factor (step × points ÷ criteria maxima) and the full marks, in one query."""
    criteria = Criterion.objects.filter(dimension__rubric_id=round.rubric_id).select_related("dimension__rubric")
    grouped: dict[int, list[Criterion]] = defaultdict(list)
    for criterion in criteria:
        grouped[criterion.dimension.position].append(criterion)
    dimensions, full = [], Fraction(0)
    for number in sorted(grouped):
        items = grouped[number]
        dimension = items[0].dimension
        maximum = sum((Fraction(c.max_points) for c in items), Fraction(0))
        factor = Fraction(dimension.rubric.score_step) * Fraction(dimension.points) / maximum
        dimensions.append(_Dimension(number, factor, tuple(c.pk for c in items)))
        full += Fraction(dimension.points)
    return dimensions, full


def _scorecard_sums(round: Round, category: Category, dimensions: list[_Dimension]):
    """One row per submitted scorecard with its application, judge and summed steps per dimension."""
    sums = {f"d{d.number}": Sum("scores__steps", filter=Q(scores__criterion_id__in=d.criteria)) for d in dimensions}
    application = "assignment__application__"
    return (
        Scorecard.objects.filter(
            status=ScorecardStatus.SUBMITTED,
            assignment__round_id=round.pk,
            assignment__application__category_id=category.pk,
            assignment__application__status__in=ENTERED_STATUSES,
        )
        .exclude(assignment__conflict_answer=ConflictAnswer.RECUSED)
        .values(
            "pk",
            application_id=F(f"{application}id"),
            judge_id=F("assignment__judge_id"),
            judge_name=F("assignment__judge__full_name"),
            reference=F(f"{application}reference"),
            title_th=F(f"{application}title_th"),
            title_en=F(f"{application}title_en"),
            organisation=F(f"{application}organisation__name"),
        )
        .annotate(**sums)
        .order_by()
    )


def _title(row: dict) -> str:
    english = (get_language() or "th").startswith("en")
    return row["title_en"] if english and row["title_en"] else row["title_th"]


def _top(rows: list[LeaderboardRow], value) -> list[str]:
    present = [row for row in rows if value(row) is not None]
    if not present:
        return []
    best = max(value(row) for row in present)
    return sorted(row.reference or str(row.application_id) for row in present if value(row) == best)


def _panel_agreement(cells_by_app: dict[int, dict[int, Fraction]], per_application: int):
    """All six ICCs when every judge scored every application; otherwise the one-way ICC1/ICC1k on
    the applications with exactly the round's K totals."""
    judges = sorted({judge for cells in cells_by_app.values() for judge in cells})
    complete = len(judges) >= 2 and all(len(cells) == len(judges) for cells in cells_by_app.values())
    if complete and len(cells_by_app) >= 2:
        matrix = [[float(cells[j]) for j in judges] for cells in cells_by_app.values()]
        return icc(matrix), "two-way", len(matrix)
    matrix = [[float(v) for v in cells.values()] for cells in cells_by_app.values() if len(cells) == per_application]
    if per_application < 2 or len(matrix) < 2:
        return None, "", len(matrix)
    one_way = icc(matrix)
    return {"ICC1": one_way["ICC1"], "ICC1k": one_way["ICC1k"]}, "one-way", len(matrix)


def leaderboard_detail(round: Round, category: Category) -> Leaderboard:
    """Everything the leaderboard page shows, in two queries whatever the number of applications."""
    dimensions, full_marks = _rubric(round)
    facts: dict[int, dict] = {}
    totals: dict[int, dict[int, Fraction]] = defaultdict(dict)  # application → judge → exact total
    dimension_sums: dict[int, dict[int, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    judges: dict[int, str] = {}
    for row in _scorecard_sums(round, category, dimensions):
        app = row["application_id"]
        facts[app] = row
        judges[row["judge_id"]] = row["judge_name"]
        scores = {d.number: (row[f"d{d.number}"] or 0) * d.factor for d in dimensions}
        totals[app][row["judge_id"]] = sum(scores.values(), Fraction(0))
        for number, value in scores.items():
            dimension_sums[app][number] += value

    cells = [(app, judge, total) for app, by_judge in totals.items() for judge, total in by_judge.items()]
    normalised = rules.normalised_scores(cells)
    rankables = []
    for app, by_judge in totals.items():
        values = list(by_judge.values())
        count = len(values)
        rankables.append(
            rules.Rankable(
                key=app,
                mean=sum(values, Fraction(0)) / count,
                median=rules.exact_median(values),
                dimensions={n: s / count for n, s in dimension_sums[app].items()},
                normalised=normalised[app],
            )
        )
    tie_break = rules.parse_tie_break(round.tie_break)
    by_normalised = rules.rank_values({item.key: item.normalised for item in rankables})
    rows = []
    for item, position, tied in rules.rank(rankables, tie_break):
        by_judge = totals[item.key]
        rows.append(_row(facts[item.key], item, position, tied, by_judge, full_marks, normalised, by_normalised))
    agreement, model, icc_rows = _panel_agreement(totals, round.judges_per_application)
    winners = {
        "mean": sorted(row.reference or str(row.application_id) for row in rows if row.rank == 1),
        "median": _top(rows, lambda row: row.median),
        "normalised": _top(rows, lambda row: row.normalised),
    }
    return Leaderboard(
        round=round, category=category, rows=rows, judges=sorted(judges.items(), key=lambda pair: pair[0]),
        dimension_numbers=[d.number for d in dimensions], full_marks=rounded(full_marks),
        tie_break=rules.describe_tie_break(round.tie_break), outlier_rule=rules.outlier_rule_text(),
        icc=agreement, icc_model=model, icc_rows=icc_rows, winners=winners if rows else {},
    )  # fmt: skip


def _row(fact, item, position, tied, by_judge, full_marks, normalised, by_normalised) -> LeaderboardRow:
    values = list(by_judge.values())
    cells = tuple(
        JudgeCell(
            judge_id=judge,
            total=rounded(total),
            outlier=rules.is_outlier(total, [v for j, v in by_judge.items() if j != judge], full_marks),
        )
        for judge, total in sorted(by_judge.items())
    )
    return LeaderboardRow(
        application_id=item.key,
        reference=fact["reference"] or "",
        title=_title(fact),
        organisation=fact["organisation"],
        judges=len(values),
        mean=rounded(item.mean),
        median=rounded(item.median),
        spread=round(rules.spread_of(values), 2),
        normalised=normalised[item.key],
        rank=position,
        tied=tied,
        dimensions=tuple((number, rounded(value)) for number, value in sorted(item.dimensions.items())),
        cells=cells,
        normalised_rank=by_normalised.get(item.key),
    )


def leaderboard(round: Round, category: Category) -> list[LeaderboardRow]:
    """The rows of a category's leaderboard in final rank order (declared tie-break applied)."""
    return leaderboard_detail(round, category).rows
