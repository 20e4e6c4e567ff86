"""Reads of judging reused by admin, views and documents."""

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from awards.models import Criterion, Dimension
from awards.selectors import RubricTable, rubric_table
from submissions.answers import Shown
from submissions.enums import ENTERED_STATUSES, FINALIST_STATUSES
from submissions.models import Application

from .conflicts import AppFacts, Conflict, Declaration, find_conflicts
from .enums import AssignmentStatus, ConflictAnswer, RoundKind, ScorecardStatus
from .models import Assignment, PresentationSlot, Round, Score, Scorecard
from .models import Declaration as DeclarationRow
from .reading import ApplicationReading
from .totals import DimensionRule, Totals, totals

_FAR_PAST = datetime(1970, 1, 1, tzinfo=UTC)
_FAR_FUTURE = datetime(9999, 1, 1, tzinfo=UTC)


def round_applications(round: Round) -> QuerySet[Application]:
    """The applications a round judges: those entered in its cycle; the final round only the
    shortlisted ones (and those already decided after it)."""
    statuses = FINALIST_STATUSES if round.kind == RoundKind.FINAL else ENTERED_STATUSES
    return Application.objects.filter(cycle_id=round.cycle_id, status__in=statuses)


def presentations_between(start, end) -> QuerySet[PresentationSlot]:
    """Presentations starting in [start, end), with the application, room, schedule and the judges
    (the room's, and those stepping out) loaded, in a constant number of queries."""
    return (
        PresentationSlot.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .select_related(
            "application__organisation", "application__category", "application__cycle", "room", "schedule__round"
        )
        .prefetch_related("room__judges", "stepping_out")
        .order_by("starts_at", "room__position", "pk")
    )


def presentations_between_for_schedule(schedule) -> QuerySet[PresentationSlot]:
    """A schedule's presentations with the finalists' members too (for the notices)."""
    return (
        presentations_between(_FAR_PAST, _FAR_FUTURE)
        .filter(schedule=schedule)
        .prefetch_related("application__organisation__memberships__user")
    )


def slots_of_judge(judge, *, since=None) -> QuerySet[PresentationSlot]:
    """The presentations a judge sits in (their rooms', less those they step out of)."""
    slots = presentations_between(since, _FAR_FUTURE) if since else presentations_between(_FAR_PAST, _FAR_FUTURE)
    return slots.filter(room__judges=judge).exclude(stepping_out=judge)


def slots_of_organisation(organisation_id: int) -> QuerySet[PresentationSlot]:
    return presentations_between(_FAR_PAST, _FAR_FUTURE).filter(application__organisation_id=organisation_id)


def coverage_gaps(round: Round) -> QuerySet[Application]:
    """Entered applications with fewer judges than the round asks for (recusals and withdrawals do not count), with
    the count as ``judge_count``, in one query."""
    active = (
        Q(assignments__round=round)
        & ~Q(assignments__conflict_answer=ConflictAnswer.RECUSED)
        & Q(assignments__status=AssignmentStatus.ACTIVE)
    )
    return (
        round_applications(round)
        .annotate(judge_count=Count("assignments", filter=active))
        .filter(judge_count__lt=round.judges_per_application)
        .select_related("category", "organisation")
        .order_by("category__position", "reference")
    )


def coverage_gap_count():
    """An annotation for a queryset of rounds: how many of each round's applications (entered ones;
    the final round's finalists) have fewer judges than it asks for (recusals do not count); one
    subquery per kind, so a list of rounds costs one query however long it is. ``coverage_gaps``
    lists the same applications for one round."""
    from .models import Assignment

    judges = (
        Assignment.objects.filter(
            round_id=OuterRef(OuterRef("pk")), application_id=OuterRef("pk"), status=AssignmentStatus.ACTIVE
        )
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .order_by()
        .values("application_id")
        .annotate(n=Count("pk"))
        .values("n")
    )

    def short(statuses):
        rows = (
            Application.objects.filter(cycle_id=OuterRef("cycle_id"), status__in=statuses)
            .annotate(judges=Coalesce(Subquery(judges, output_field=IntegerField()), 0))
            .filter(judges__lt=OuterRef("judges_per_application"))
            .order_by()
            .values("cycle_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return Case(When(kind=RoundKind.FINAL, then=short(FINALIST_STATUSES)), default=short(ENTERED_STATUSES))


def applications_for_conflicts(ids) -> list[Application]:
    """The applications with what the conflict finder reads (organisation, province, partners): three queries."""
    return list(
        Application.objects.filter(pk__in=ids)
        .select_related("organisation__province")
        .prefetch_related("partners__province")
        .order_by("pk")
    )


def withdrawn_assignments(*, round=None, category=None, cycle=None) -> QuerySet[Assignment]:
    """Assignments withdrawn for a conflict of interest that surfaced after assignment, with the
    judge, the application and the scorecard (excluded from the ranking), in one query."""
    rows = Assignment.objects.filter(status=AssignmentStatus.WITHDRAWN)
    if round is not None:
        rows = rows.filter(round=round)
    if category is not None:
        rows = rows.filter(application__category=category)
    if cycle is not None:
        rows = rows.filter(round__cycle=cycle)
    return rows.select_related("judge", "application__category", "round", "scorecard").order_by(
        "round__position", "application__reference", "judge__full_name", "pk"
    )


def application_facts(applications: list[Application]) -> list[AppFacts]:
    return [
        AppFacts(
            application_id=application.pk,
            organisation_name=application.organisation.name,
            province_code=application.organisation.province.code,
            partners=tuple((p.name, p.province.code if p.province else None) for p in application.partners.all()),
        )
        for application in applications
    ]


def declarations_of(*, cycle_id: int, judge=None) -> list[Declaration]:
    """The judges' declarations of a cycle (or one judge's) as the conflict finder reads them."""
    rows = DeclarationRow.objects.filter(cycle_id=cycle_id).prefetch_related("provinces")
    if judge is not None:
        rows = rows.filter(judge=judge)
    return [
        Declaration(
            judge_id=row.judge_id,
            organisation_names=row.organisation_names,
            province_codes=frozenset(province.code for province in row.provinces.all()),
        )
        for row in rows
    ]


def declared_conflicts(*, judge, application: Application) -> list[Conflict]:
    """What the judge's declaration has in common with this application, its province or partners."""
    declarations = declarations_of(cycle_id=application.cycle_id, judge=judge)
    if not declarations:
        return []
    return find_conflicts(declarations=declarations, applications=application_facts([application]))


def unscored_assignments_closing(*, after: datetime, until: datetime) -> QuerySet[Assignment]:
    """Assignments still to be scored (no scorecard or one not submitted; recusals excluded) in
    rounds that close after ``after`` and no later than ``until``, with judge and round, in one query."""
    return (
        Assignment.objects.filter(
            round__closes_at__gt=after, round__closes_at__lte=until, status=AssignmentStatus.ACTIVE
        )
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .select_related("judge", "round__cycle")
        .order_by("judge_id", "round_id", "pk")
    )


@dataclass(frozen=True)
class CriterionLine:
    """One criterion of a scorecard with the judge's score, if any."""

    criterion: Criterion
    number: str  # "2.1"
    points: Decimal | None  # None: not scored yet
    comment: str
    saved_at: datetime | None
    readings: tuple[Shown, ...] = ()  # the answers linked to the criterion that the reader may read

    @property
    def name(self) -> str:
        return self.criterion.name

    @property
    def maximum(self) -> Decimal:
        return self.criterion.max_points


@dataclass(frozen=True)
class DimensionBlock:
    """One dimension of a scorecard: its criteria's lines and its score by the rubric's rule."""

    dimension: Dimension
    criteria_total: Decimal
    subtotal: Decimal
    lines: list[CriterionLine]

    @property
    def number(self) -> int:
        return self.dimension.position

    @property
    def name(self) -> str:
        return self.dimension.name

    @property
    def points(self) -> Decimal:
        return self.dimension.points

    @property
    def scaled(self) -> bool:
        """The dimension's criteria do not add up to its points (2022: dimension 2), so the sum is scaled."""
        return self.criteria_total != self.points


@dataclass(frozen=True)
class ScorecardSheet:
    """A judge's scorecard for one assignment in the rubric's order, as the scoring page and the
    score-sheet PDF show it (a blank sheet when nothing is scored yet)."""

    scorecard: Scorecard | None
    blocks: list[DimensionBlock]
    totals: Totals
    total_points: Decimal
    step: Decimal

    @property
    def total(self) -> Decimal:
        return self.totals.total

    @property
    def complete(self) -> bool:
        return self.totals.complete

    @property
    def comment(self) -> str:
        return self.scorecard.comment if self.scorecard else ""

    @property
    def submitted_at(self) -> datetime | None:
        return self.scorecard.submitted_at if self.scorecard else None

    @property
    def submitted(self) -> bool:
        return bool(self.scorecard and self.scorecard.status == ScorecardStatus.SUBMITTED)

    def line(self, criterion_id: int) -> CriterionLine | None:
        return next((line for block in self.blocks for line in block.lines if line.criterion.pk == criterion_id), None)


def _scorecard_of(assignment: Assignment) -> Scorecard | None:
    """The assignment's scorecard: the one already loaded with it (``select_related``), else one query."""
    if Assignment.scorecard.is_cached(assignment):
        return getattr(assignment, "scorecard", None)  # a missing one-to-one raises an AttributeError
    return Scorecard.objects.filter(assignment=assignment).first()


def dimension_rules(table: RubricTable) -> list[DimensionRule]:
    """The rubric's dimensions that have criteria, as the rule of totals.py reads them."""
    return [
        DimensionRule(
            id=row.dimension.pk, points=row.dimension.points, criteria_max={c.pk: c.max_points for c in row.criteria}
        )
        for row in table.rows
        if row.criteria
    ]


def scorecard_sheet(
    *, assignment: Assignment, table: RubricTable | None = None, readings: ApplicationReading | None = None
) -> ScorecardSheet:
    """The judge's scores for one assignment, with each dimension's score and the total by the
    rubric's rule; with ``readings`` (judging.reading), each criterion's line carries the answers
    linked to it that the reader may read.

    A constant number of queries: the scorecard (none when loaded with the assignment), the rubric
    (two; none when ``table`` is given) and the scores."""
    table = table or rubric_table(assignment.round.rubric)
    step = assignment.round.rubric.score_step
    scorecard = _scorecard_of(assignment)
    scores = {s.criterion_id: s for s in Score.objects.filter(scorecard=scorecard)} if scorecard else {}
    figures = totals(dimensions=dimension_rules(table), steps={pk: s.steps for pk, s in scores.items()}, step=step)
    read = readings.by_criterion if readings else {}
    blocks = [
        DimensionBlock(
            dimension=row.dimension,
            criteria_total=row.criteria_total,
            subtotal=figures.dimensions[row.dimension.pk],
            lines=[_line(row.dimension, criterion, scores.get(criterion.pk), step, read) for criterion in row.criteria],
        )
        for row in table.rows
        if row.criteria
    ]
    # Full marks are those of the dimensions that can be scored (a dimension without criteria cannot).
    total_points = sum((block.points for block in blocks), Decimal(0))
    return ScorecardSheet(scorecard=scorecard, blocks=blocks, totals=figures, total_points=total_points, step=step)


def _line(dimension, criterion, score: Score | None, step: Decimal, readings: dict) -> CriterionLine:
    return CriterionLine(
        criterion=criterion,
        number=f"{dimension.position}.{criterion.position}",
        points=score.steps * step if score else None,
        comment=score.comment if score else "",
        saved_at=score.updated_at if score else None,
        readings=tuple(readings.get(criterion.pk, ())),
    )


# The judge's dashboard: three groups, each counted in one query and read a page at a time, so that a
# judge with thousands of assignments gets the page as fast as one with forty.

DASHBOARD_PAGE_SIZE = 50
DASHBOARD_GROUPS = ("to_answer", "in_progress", "submitted", "withdrawn")
_SUBMITTED = Q(scorecard__status=ScorecardStatus.SUBMITTED)
_PENDING = Q(conflict_answer=ConflictAnswer.PENDING)
# Withdrawn for a conflict of interest that surfaced after assignment: listed as such, with no link.
_WITHDRAWN = Q(status=AssignmentStatus.WITHDRAWN)
_GROUP_FILTERS = {
    "to_answer": ~_WITHDRAWN & _PENDING,
    "in_progress": ~_WITHDRAWN & ~_PENDING & (Q(scorecard__isnull=True) | ~_SUBMITTED),
    "submitted": ~_WITHDRAWN & ~_PENDING & _SUBMITTED,
    "withdrawn": _WITHDRAWN,
}


@dataclass(frozen=True)
class GroupPage:
    """One page of a dashboard group: its assignments, how many there are in all, and where it is."""

    name: str
    assignments: list[Assignment]
    count: int
    number: int
    pages: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def open_assignments_of(judge, now) -> QuerySet[Assignment]:
    """The judge's assignments in rounds open at ``now``, except those they recused themselves from."""
    return Assignment.objects.filter(Round.open_at(now, via="round__"), judge=judge).exclude(
        conflict_answer=ConflictAnswer.RECUSED
    )


def dashboard_groups(judge, now, pages: dict[str, int]) -> dict[str, GroupPage]:
    """The judge's open assignments by group (to answer, in progress, submitted, withdrawn), the
    ``pages`` asked for (1 when absent or past the end): one query for the counts and one per group."""
    assignments = open_assignments_of(judge, now)
    counts = assignments.aggregate(
        total=Count("pk"),
        to_answer=Count("pk", filter=_GROUP_FILTERS["to_answer"]),
        submitted=Count("pk", filter=_GROUP_FILTERS["submitted"]),
        withdrawn=Count("pk", filter=_GROUP_FILTERS["withdrawn"]),
    )
    counts["in_progress"] = counts["total"] - counts["to_answer"] - counts["submitted"] - counts["withdrawn"]
    listed = assignments.select_related(
        "round__cycle", "application__category", "application__organisation", "scorecard"
    ).order_by("round__closes_at", "application__category__position", "application__reference", "pk")
    groups = {}
    for name in DASHBOARD_GROUPS:
        count = counts[name]
        last = max(1, -(-count // DASHBOARD_PAGE_SIZE))
        number = min(max(1, pages.get(name, 1)), last)
        start = (number - 1) * DASHBOARD_PAGE_SIZE
        rows = list(listed.filter(_GROUP_FILTERS[name])[start : start + DASHBOARD_PAGE_SIZE]) if count else []
        groups[name] = GroupPage(name=name, assignments=rows, count=count, number=number, pages=last)
    return groups
