"""Reads of the competition reused by views, admin and other apps."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from core.deadlines import accepts_changes, is_end_of_day
from core.emails import SenderBlock
from core.formats import local_date

from .eligibility import latest_qualifying_start
from .enums import FieldRule, MilestoneKind, Phase
from .models import Criterion, Cycle, DeadlineExtension, Dimension, Field, Milestone, Rubric


def current_phase(cycle: Cycle, at: datetime | None = None) -> Phase:
    """Where ``cycle`` stands at ``at`` (default: now). The only place that decides this from dates.

    Without a submission deadline a cycle is not set up yet and counts as upcoming. After the
    deadline: results once announced, else presentations or voting inside their windows
    (presentations first, being the shorter event), else judging.
    """
    at = at or timezone.now()
    milestones = {m.kind: m for m in cycle.milestones.all()}
    opens = milestones.get(MilestoneKind.APPLICATIONS_OPEN)
    deadline = milestones.get(MilestoneKind.SUBMISSION_DEADLINE)
    if deadline is None or (opens is not None and at < opens.starts_at):
        return Phase.UPCOMING
    if accepts_changes(deadline.starts_at, at):
        return Phase.OPEN
    results = milestones.get(MilestoneKind.RESULTS)
    if results is not None and at >= results.starts_at:
        return Phase.RESULTS
    for kind, phase in ((MilestoneKind.PRESENTATIONS, Phase.PRESENTATIONS), (MilestoneKind.VOTING, Phase.VOTING)):
        window = milestones.get(kind)
        if window is not None and window.starts_at <= at <= (window.ends_at or window.starts_at):
            return phase
    return Phase.JUDGING


def milestone_of(cycle: Cycle, kind: MilestoneKind) -> Milestone | None:
    """One milestone of a cycle, read from the prefetched milestones when there are any."""
    return next((m for m in cycle.milestones.all() if m.kind == kind), None)


def results_date(cycle: Cycle) -> datetime | None:
    """What a cycle's retention is counted from: the announcement of its results, or, for a cycle set
    up without one, its last date (the end of a window, else the latest moment). None without dates."""
    results = milestone_of(cycle, MilestoneKind.RESULTS)
    if results is not None:
        return results.starts_at
    return max((m.ends_at or m.starts_at for m in cycle.milestones.all()), default=None)


def purge_due_at(cycle: Cycle) -> datetime | None:
    """When a cycle's applications are purged: ``retention_years`` after its results (the one home of
    this rule; submissions.services.retention enforces it). None while the cycle has no dates."""
    start = results_date(cycle)
    if start is None:
        return None
    local = timezone.localtime(start)
    try:
        return local.replace(year=local.year + cycle.retention_years)
    except ValueError:  # 29 February, in a year that has none
        return local.replace(year=local.year + cycle.retention_years, day=28)


def public_cycles():
    return Cycle.objects.filter(is_published=True).prefetch_related("milestones")


def open_cycles() -> list[Cycle]:
    """The published editions open for applications now, where an applicant's next step leads."""
    return [cycle for cycle in public_cycles().order_by("-year", "-created_at") if current_phase(cycle) == Phase.OPEN]


def current_cycles():
    """The editions the home page may lead with, the current one first: the newest published cycle
    that is not archived."""
    return Cycle.objects.filter(is_published=True, is_archived=False).order_by("-year", "-created_at")


def current_cycle(*, with_milestones: bool = True) -> Cycle | None:
    """The edition the home page leads with (``current_cycles``), with its milestones
    (``with_milestones=False``: one query, for callers that read none of its dates)."""
    cycles = current_cycles()
    return (cycles.prefetch_related("milestones") if with_milestones else cycles).first()


def sender_block(cycle: Cycle | None) -> SenderBlock | None:
    """The block an edition's e-mails end with: its contact office and contact lines. None
    when staff have not named the office, and the e-mail then ends with the default block."""
    if cycle is None or not cycle.contact_office_th:
        return None
    return SenderBlock(
        office_th=cycle.contact_office_th,
        office_en=cycle.contact_office_en,
        address_th=cycle.contact_address_th,
        address_en=cycle.contact_address_en,
        phone=cycle.contact_phone,
        extension=cycle.contact_phone_extension,
        email=cycle.contact_email,
    )


def live_sender_block() -> SenderBlock | None:
    """The block of e-mails that belong to no edition (account e-mails, vote codes): the live edition's
    (``current_cycle``), registered with core.emails in ``AwardsConfig.ready``."""
    return sender_block(current_cycle(with_milestones=False))


def current_rubric(cycle: Cycle) -> Rubric | None:
    """The published rubric of a cycle is its newest version."""
    return cycle.rubrics.order_by("-version").first()


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    criteria: list[Criterion]
    criteria_total: Decimal

    @property
    def adds_up(self) -> bool:
        return self.criteria_total == self.dimension.points


@dataclass(frozen=True)
class RubricTable:
    rubric: Rubric
    rows: list[DimensionRow]

    @property
    def total_points(self) -> Decimal:
        return sum((row.dimension.points for row in self.rows), Decimal(0))

    @property
    def discrepancies(self) -> list[DimensionRow]:
        """Dimensions whose criteria do not add up to their points (2022: dimension 2, 25 under 30)."""
        return [row for row in self.rows if not row.adds_up]


def rubric_table(rubric: Rubric) -> RubricTable:
    """The rubric with its dimensions and criteria in two queries, and the sums staff must see."""
    dimensions = rubric.dimensions.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position"))
    ).order_by("position")
    rows = []
    for dimension in dimensions:
        criteria = list(dimension.criteria.all())
        total = sum((c.max_points for c in criteria), Decimal(0))
        rows.append(DimensionRow(dimension=dimension, criteria=criteria, criteria_total=total))
    return RubricTable(rubric=rubric, rows=rows)


@dataclass(frozen=True)
class TimelineEntry:
    milestone: Milestone
    extensions: list[DeadlineExtension]
    is_past: bool
    is_next: bool

    @property
    def shows_time(self) -> bool:
        """Staff's "show the time", and always for a submission deadline that is not the end of its day
        (a deadline at 17:00 must never read as the whole day)."""
        milestone = self.milestone
        is_deadline = milestone.kind == MilestoneKind.SUBMISSION_DEADLINE
        return milestone.show_time or (is_deadline and not is_end_of_day(milestone.starts_at))


def timeline(cycle: Cycle, at: datetime | None = None) -> list[TimelineEntry]:
    """The cycle's milestones in order, each with its extension history; the first one not yet
    over is marked as next."""
    at = at or timezone.now()
    milestones = cycle.milestones.prefetch_related(
        Prefetch("extensions", queryset=DeadlineExtension.objects.order_by("created_at", "id"))
    ).order_by("starts_at")
    entries, next_found = [], False
    for milestone in milestones:
        if milestone.kind == MilestoneKind.SUBMISSION_DEADLINE:
            is_past = not accepts_changes(milestone.starts_at, at)
        else:
            is_past = (milestone.ends_at or milestone.starts_at) < at
        is_next = not is_past and not next_found
        next_found = next_found or is_next
        entries.append(
            TimelineEntry(
                milestone=milestone,
                extensions=list(milestone.extensions.all()),
                is_past=is_past,
                is_next=is_next,
            )
        )
    return entries


def eligibility_rules(cycle: Cycle) -> list[str]:
    """The eligibility rules of the cycle's form as the call states them: each rule's message, with the
    latest qualifying date for a rule counted back from the submission deadline."""
    deadline = milestone_of(cycle, MilestoneKind.SUBMISSION_DEADLINE)
    local_deadline = timezone.localtime(deadline.starts_at).date() if deadline else None
    sentences = []
    rules = Field.objects.filter(cycle=cycle, retired=False).exclude(rule="")
    for field in rules.order_by("section__position", "position"):
        date_text = ""
        if field.rule == FieldRule.MONTHS_BEFORE_DEADLINE and local_deadline:
            date_text = local_date(latest_qualifying_start(local_deadline, int(field.rule_value)))
        sentences.append(field.rule_sentence(date_text=date_text))
    return sentences
