"""Every write to the competition's data goes through these functions."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.deadlines import whole_seconds

from .models import Criterion, DeadlineExtension, Dimension, Milestone, Rubric, Field


@transaction.atomic
def extend_milestone(
    *, milestone: Milestone, new_at: datetime, reason_th: str = "", reason_en: str = "", by: User | None = None
):
    """Move a milestone later and keep the history (the public timeline shows where it moved from).
    ``by`` may be None only for the demo's seed, which moves a deadline with no person behind it."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    new_at = whole_seconds(new_at)
    if new_at <= milestone.starts_at:
        raise ValidationError({"new_at": _("An extension must move the date later.")})
    extension = DeadlineExtension(
        milestone=milestone,
        previous_at=milestone.starts_at,
        new_at=new_at,
        reason_th=reason_th,
        reason_en=reason_en,
        created_by=by,
    )
    extension.full_clean()
    extension.save()
    if milestone.ends_at is not None:
        # A window keeps its length when it moves.
        milestone.ends_at = milestone.ends_at + (new_at - milestone.starts_at)
    milestone.starts_at = new_at
    milestone.full_clean()
    milestone.save(update_fields=["starts_at", "ends_at"])
    return extension


def lock_rubric(*, rubric: Rubric) -> bool:
    """Lock a rubric version; judging calls this when the first score is recorded. Idempotent:
    returns True only for the call that locked it."""
    return Rubric.objects.filter(pk=rubric.pk, locked_at__isnull=True).update(locked_at=timezone.now()) == 1


@transaction.atomic
def create_rubric_version(*, rubric: Rubric) -> Rubric:
    """Copy a rubric into the next version of its cycle, unlocked, and point the cycle's sections
    at the copied criteria as well as the old ones (the old version's scores keep their meaning)."""
    last = Rubric.objects.filter(cycle=rubric.cycle).order_by("-version").first()
    new = Rubric.objects.create(cycle=rubric.cycle, version=last.version + 1, score_step=rubric.score_step)
    copies: dict[int, Criterion] = {}
    for dimension in rubric.dimensions.prefetch_related("criteria").order_by("position"):
        new_dimension = Dimension.objects.create(
            rubric=new,
            position=dimension.position,
            name_th=dimension.name_th,
            name_en=dimension.name_en,
            points=dimension.points,
        )
        for criterion in dimension.criteria.order_by("position"):
            copies[criterion.pk] = Criterion.objects.create(
                dimension=new_dimension,
                position=criterion.position,
                name_th=criterion.name_th,
                name_en=criterion.name_en,
                guidance_th=criterion.guidance_th,
                guidance_en=criterion.guidance_en,
                max_points=criterion.max_points,
            )
    links = Field.criteria.through.objects.filter(criterion_id__in=copies)
    Field.criteria.through.objects.bulk_create(
        [Field.criteria.through(field_id=link.field_id, criterion=copies[link.criterion_id]) for link in links]
    )
    return new
