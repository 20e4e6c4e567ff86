"""Reads of judging reused by admin and views."""

from django.db.models import Count, Q, QuerySet

from submissions.enums import ENTERED_STATUSES
from submissions.models import Application

from .enums import ConflictAnswer
from .models import Round


def round_applications(round: Round) -> QuerySet[Application]:
    """The applications a round judges: those entered in its cycle."""
    return Application.objects.filter(cycle_id=round.cycle_id, status__in=ENTERED_STATUSES)


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
