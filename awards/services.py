"""Every write to the competition's data goes through these functions."""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from core.deadlines import whole_seconds

from . import selectors
from .models import Category, Criterion, Cycle, DeadlineExtension, Dimension, Field, Milestone, Rubric, Section


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


# What a copied or replacing question does not take over from its original: who it is, where it
# sits, and the links that are set afterwards.
_NOT_COPIED = frozenset({"id", "cycle", "section", "key", "condition_field", "retired", "replaced_by"})


def _copy_of(original: Field, **values) -> Field:
    """An unsaved copy of a question's settings, with ``values`` on top."""
    copied = {
        f.attname: getattr(original, f.attname)
        for f in Field._meta.concrete_fields
        if f.name not in _NOT_COPIED and not f.primary_key
    }
    return Field(**{**copied, **values})


def _free_key(cycle: Cycle, key: str) -> str:
    """``key_v2``, ``key_v3``, ... : the first version of the key that no question of the edition uses
    (``started_on_v2`` replaced again becomes ``started_on_v3``)."""
    taken = set(Field.objects.filter(cycle=cycle).values_list("key", flat=True))
    stem, number = re.sub(r"_v\d+$", "", key), 2
    while _versioned(stem, number) in taken:
        number += 1
    return _versioned(stem, number)


def _versioned(stem: str, number: int) -> str:
    suffix = f"_v{number}"
    return stem[: 50 - len(suffix)] + suffix


@transaction.atomic
def replace_field(*, field: Field, by: User | None, request=None) -> Field:
    """Ask an answered question anew: a copy under a new key (``started_on_v2``) takes its place in the
    form and in the conditions of other questions, and the original is retired with its answers
    (a question's kind cannot change once answered, or those answers would lose their meaning)."""
    field = Field.objects.select_for_update().get(pk=field.pk)
    if field.retired:
        raise ValidationError(_("This question has already been replaced."))
    new = _copy_of(field, cycle=field.cycle, section=field.section, key=_free_key(field.cycle, field.key))
    new.condition_field = field.condition_field
    new.full_clean()
    new.save()
    new.categories.set(field.categories.all())
    new.criteria.set(field.criteria.all())
    field.dependants.filter(retired=False).update(condition_field=new)
    field.retired, field.replaced_by = True, new
    field.save(update_fields=["retired", "replaced_by"])
    record_event(
        actor=by, action="form.replace_field", target=field, detail={"old": field.key, "new": new.key}, request=request
    )
    return new


@dataclass
class FormCopy:
    """What ``copy_form`` copied, and what it could not match in the target edition."""

    sections: int = 0
    fields: int = 0
    categories_unmatched: list[str] = dataclass_field(default_factory=list)
    criteria_unmatched: list[str] = dataclass_field(default_factory=list)


def has_form(cycle: Cycle) -> bool:
    """Whether an edition already has sections or questions (a form is copied only into one without)."""
    return cycle.sections.exists() or Field.objects.filter(cycle=cycle).exists()


def form_counts(cycle: Cycle) -> tuple[int, int]:
    """(sections, current questions) of an edition's form, as staff are told before a copy."""
    return cycle.sections.count(), Field.objects.filter(cycle=cycle, retired=False).count()


@transaction.atomic
def copy_form(*, source: Cycle, target: Cycle, by: User | None, request=None) -> FormCopy:
    """Carry an edition's application form over to another: its sections, its current questions
    (retired ones stay behind) with their limits, rules, conditions, categories (matched by slug) and
    rubric links (matched by dimension and criterion number in the target's current rubric).
    Refused when the target already has a form, so that nothing staff wrote there is mixed or lost."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose another edition to copy the form from."))
    if has_form(target):
        raise ValidationError(
            _("%(edition)s already has an application form: copy only into an edition without one.")
            % {"edition": target.name_th}
        )
    result = FormCopy()
    sections = _copy_sections(source, target)
    result.sections = len(sections)
    fields = _copy_fields(source, target, sections)
    result.fields = len(fields)
    result.categories_unmatched = _copy_categories(target, fields)
    result.criteria_unmatched = _copy_criteria(target, fields)
    record_event(
        actor=by,
        action="form.copy",
        target=target,
        detail={"from": source.slug, "sections": result.sections, "fields": result.fields},
        request=request,
    )
    return result


def _copy_sections(source: Cycle, target: Cycle) -> dict[int, Section]:
    copies = {}
    for section in source.sections.order_by("position"):
        copies[section.pk] = Section.objects.create(
            cycle=target,
            position=section.position,
            name_th=section.name_th,
            name_en=section.name_en,
            guidance_th=section.guidance_th,
            guidance_en=section.guidance_en,
        )
    return copies


def _copy_fields(source: Cycle, target: Cycle, sections: dict[int, Section]) -> dict[Field, Field]:
    """Each current question of ``source`` copied into ``target`` (original -> copy), conditions
    re-pointed at the copies; a condition on a question that was not copied is dropped."""
    originals = list(Field.objects.filter(cycle=source, retired=False).select_related("condition_field").order_by("id"))
    copies = {}
    for original in originals:
        new = _copy_of(original, cycle=target, section=sections[original.section_id], key=original.key)
        new.save()
        copies[original] = new
    by_pk = {original.pk: new for original, new in copies.items()}
    for original, new in copies.items():
        condition = by_pk.get(original.condition_field_id)
        if condition is None:
            new.condition_values = []
        new.condition_field = condition
        new.full_clean()
        new.save()
    return copies


def _copy_categories(target: Cycle, fields: dict[Field, Field]) -> list[str]:
    """Limit each copy to the target's categories of the same slugs; the slugs the target lacks."""
    by_slug = {category.slug: category for category in Category.objects.filter(cycle=target)}
    unmatched = []
    for original, new in fields.items():
        slugs = [category.slug for category in original.categories.all()]
        new.categories.set([by_slug[slug] for slug in slugs if slug in by_slug])
        unmatched += [slug for slug in slugs if slug not in by_slug and slug not in unmatched]
    return unmatched


def _copy_criteria(target: Cycle, fields: dict[Field, Field]) -> list[str]:
    """Link each copy to the criteria of the target's current rubric that hold the same numbers
    (dimension.criterion) as the original's; the numbers the target's rubric lacks."""
    rubric = selectors.current_rubric(target)
    by_number = {}
    if rubric is not None:
        for criterion in Criterion.objects.filter(dimension__rubric=rubric).select_related("dimension"):
            by_number[_number(criterion)] = criterion
    unmatched = []
    for original, new in fields.items():
        numbers = sorted({_number(c) for c in original.criteria.select_related("dimension")})
        new.criteria.set([by_number[number] for number in numbers if number in by_number])
        unmatched += [f"{d}.{c}" for d, c in numbers if (d, c) not in by_number and f"{d}.{c}" not in unmatched]
    return unmatched


def _number(criterion: Criterion) -> tuple[int, int]:
    return criterion.dimension.position, criterion.position
