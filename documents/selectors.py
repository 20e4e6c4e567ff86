"""Reads the documents need: a scorecard's figures in the rubric's order, an application's score
summary, the documents a person may download. Totals come from judging.totals (one rounding)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.http import Http404

from awards.selectors import rubric_table
from judging.enums import ConflictAnswer, ScorecardStatus
from judging.models import Assignment, Decision, Round, Score
from judging.ranking import LeaderboardRow, leaderboard
from judging.totals import DimensionRule, totals
from submissions.models import Application

from .enums import DocumentKind, DocumentStatus
from .models import Document
from .rules import can_download

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionLine:
    number: str  # "2.1"
    name: str
    maximum: Decimal
    points: Decimal | None  # None: not scored yet
    comment: str


@dataclass(frozen=True)
class DimensionBlock:
    number: int
    name: str
    points: Decimal
    criteria_total: Decimal
    subtotal: Decimal
    lines: list[CriterionLine]

    @property
    def scaled(self) -> bool:
        """The dimension's criteria do not add up to its points (2022: dimension 2), so the sum is scaled."""
        return self.criteria_total != self.points


@dataclass(frozen=True)
class SheetFigures:
    blocks: list[DimensionBlock]
    total: Decimal
    total_points: Decimal
    complete: bool
    comment: str
    submitted_at: object


def _rules(rows) -> list[DimensionRule]:
    return [
        DimensionRule(
            id=row.dimension.pk, points=row.dimension.points, criteria_max={c.pk: c.max_points for c in row.criteria}
        )
        for row in rows
    ]


def sheet_figures(assignment: Assignment, table=None) -> SheetFigures:
    """The judge's scores for one assignment in the rubric's order, with subtotals and the total
    (a blank sheet when nothing is scored yet). ``table`` lets a caller reuse the rubric it read."""
    table = table or rubric_table(assignment.round.rubric)
    rows = [row for row in table.rows if row.criteria]
    scorecard = getattr(assignment, "scorecard", None)  # a missing one-to-one raises an AttributeError
    scores = {s.criterion_id: s for s in Score.objects.filter(scorecard=scorecard)} if scorecard else {}
    step = assignment.round.rubric.score_step
    figures = totals(dimensions=_rules(rows), steps={pk: s.steps for pk, s in scores.items()}, step=step)
    blocks = []
    for row in rows:
        lines = [
            CriterionLine(
                number=f"{row.dimension.position}.{criterion.position}",
                name=criterion.name,
                maximum=criterion.max_points,
                points=(scores[criterion.pk].steps * step) if criterion.pk in scores else None,
                comment=scores[criterion.pk].comment if criterion.pk in scores else "",
            )
            for criterion in row.criteria
        ]
        blocks.append(
            DimensionBlock(
                number=row.dimension.position, name=row.dimension.name, points=row.dimension.points,
                criteria_total=row.criteria_total, subtotal=figures.dimensions[row.dimension.pk], lines=lines,
            )
        )  # fmt: skip
    return SheetFigures(
        blocks=blocks,
        total=figures.total,
        total_points=table.total_points,
        complete=figures.complete,
        comment=scorecard.comment if scorecard else "",
        submitted_at=scorecard.submitted_at if scorecard else None,
    )


@dataclass(frozen=True)
class JudgeLine:
    name: str
    submitted: bool
    subtotals: list[Decimal | None]  # per dimension, in the rubric's order (None until submitted)
    total: Decimal | None


@dataclass(frozen=True)
class Summary:
    application: Application
    round: Round
    judges: list[JudgeLine]
    dimensions: list[tuple[int, str, Decimal]]  # number, name, points
    mean: Decimal | None
    rank: int | None
    total_points: Decimal


def round_assignments(round: Round, application: Application):
    return (
        Assignment.objects.filter(round=round, application=application)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .select_related("judge", "scorecard", "round__rubric")
        .order_by("judge__full_name", "judge__email")
    )


def application_summary(
    *, round: Round, application: Application, row: LeaderboardRow | None = None, table=None
) -> Summary:
    """Every judge of the application in the round with their total (submitted scorecards count),
    and the mean and rank of the application's ``row`` in the round's leaderboard (the mean of the
    submitted totals when it has none yet)."""
    table = table or rubric_table(round.rubric)
    dimensions = [
        (row.dimension.position, row.dimension.name, row.dimension.points) for row in table.rows if row.criteria
    ]
    judges, submitted_totals = [], []
    for assignment in round_assignments(round, application):
        figures = sheet_figures(assignment, table)
        scorecard = getattr(assignment, "scorecard", None)
        submitted = bool(scorecard and scorecard.status == ScorecardStatus.SUBMITTED)
        judges.append(
            JudgeLine(
                name=assignment.judge.full_name or assignment.judge.email,
                submitted=submitted,
                subtotals=[block.subtotal if submitted else None for block in figures.blocks],
                total=figures.total if submitted else None,
            )
        )
        if submitted:
            submitted_totals.append(figures.total)
    mean = row.mean if row else None
    if mean is None and submitted_totals:
        mean = (sum(submitted_totals, Decimal(0)) / len(submitted_totals)).quantize(TWO_PLACES, ROUND_HALF_UP)
    rank = row.rank if row else None
    return Summary(application=application, round=round, judges=judges, dimensions=dimensions, mean=mean, rank=rank,
                   total_points=table.total_points)  # fmt: skip


def book_applications(*, round: Round, category) -> list[Application]:
    """The applications of a category that the round judged (those with a judge), by reference."""
    ids = Assignment.objects.filter(round=round, application__category=category).values("application_id")
    return list(
        Application.objects.filter(pk__in=ids).select_related("organisation", "category").order_by("reference", "pk")
    )


def application_for_document(pk: int) -> Application:
    return (
        Application.objects.select_related("cycle", "category", "organisation__province")
        .prefetch_related(
            "answers",
            Prefetch("partners", queryset=Application.partners.rel.related_model.objects.select_related("province")),
            "attachments",
        )
        .get(pk=pk)
    )


def document_for(user, pk: int) -> Document:
    """A finished document the user may download; 404 otherwise (its existence does not leak)."""
    document = (
        Document.objects.select_related("assignment", "certificate__application")
        .filter(pk=pk, status=DocumentStatus.DONE)
        .first()
    )
    if document is None or not document.file or not can_download(user, document):
        raise Http404
    return document


def leaderboard_rows(*, round: Round, category) -> dict[int, LeaderboardRow]:
    """application id → its row in the round's leaderboard of the category (rank and mean as the
    rankings page and the decisions read them)."""
    return {row.application_id: row for row in leaderboard(round, category)}


def score_sheets_of(user):
    """A judge's own finished score sheets, newest first."""
    return (
        Document.objects.filter(kind=DocumentKind.SCORE_SHEET, status=DocumentStatus.DONE, assignment__judge=user)
        .select_related("assignment__application", "assignment__round__cycle")
        .order_by("-finished_at", "-id")
    )


def verification_facts(certificate) -> dict:
    """What the public verification page shows of a genuine certificate, in its own language."""
    from .rendering.certificate import certificate_context

    context = certificate_context(certificate)
    return {key: context[key] for key in ("certificate", "cycle_name", "organiser", "organisation", "project",
                                          "prize", "level", "category", "date")}  # fmt: skip


def winners(cycle_ids) -> list[tuple]:
    """(prize, application) of every finalised decision of the cycles, in the prizes' order."""
    decisions = Decision.objects.filter(prize__cycle_id__in=cycle_ids).select_related(
        "prize__category", "application__cycle"
    )
    return [(decision.prize, decision.application) for decision in decisions]
