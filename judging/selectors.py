"""Reads of judging reused by admin and views."""

from datetime import UTC, datetime

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce

from submissions.enums import ENTERED_STATUSES, FINALIST_STATUSES
from submissions.models import Application

from .conflicts import AppFacts, Conflict, Declaration, find_conflicts
from .enums import ConflictAnswer, RoundKind, ScorecardStatus
from .models import Assignment, PresentationSlot, Round
from .models import Declaration as DeclarationRow

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
    """Entered applications with fewer judges than the round asks for (recusals do not count), with
    the count as ``judge_count``, in one query."""
    active = Q(assignments__round=round) & ~Q(assignments__conflict_answer=ConflictAnswer.RECUSED)
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
        Assignment.objects.filter(round_id=OuterRef(OuterRef("pk")), application_id=OuterRef("pk"))
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
        Assignment.objects.filter(round__closes_at__gt=after, round__closes_at__lte=until)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .exclude(scorecard__status=ScorecardStatus.SUBMITTED)
        .select_related("judge", "round__cycle")
        .order_by("judge_id", "round_id", "pk")
    )
