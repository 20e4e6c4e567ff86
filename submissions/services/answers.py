"""Writes to answers: one section's questions saved at once, each with its own edit-conflict check,
and the stale answers of questions that no longer apply cleared at submission."""

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.models import Field, Section
from core.history import record_change

from .. import fieldkinds
from ..answers import applicable, form_fields, saved_answers, stored_values, values_of
from ..models import Answer, Application
from .editing import EditConflict, refuse_unless_editable


@dataclass
class SectionSave:
    """What became of one save of a section: the answers saved, and per question key the conflicts
    (someone else saved it meanwhile) and the refusals (a message to show beside the question)."""

    saved: dict[str, Answer] = dataclass_field(default_factory=dict)
    conflicts: dict[str, EditConflict] = dataclass_field(default_factory=dict)
    errors: dict[str, str] = dataclass_field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.errors


def save_section(
    *,
    application: Application,
    section: Section,
    raw: dict[str, object],
    versions: dict[str, int],
    by: User,
    editor: str = "",
    saved: list[Answer] | None = None,
) -> SectionSave:
    """Save the answers given for one section's questions (``raw``: key → what was typed or chosen;
    ``versions``: key → the version the form loaded, 0 when it was empty; ``saved``: the
    application's answers with their questions, when the caller has read them already for its page).

    A question that does not apply (another category, or a condition not met by the answers given
    now or saved before) is not saved, whatever was posted. Each question is checked and saved on its
    own: a wrong number does not lose the text typed beside it.
    """
    refuse_unless_editable(application, by)
    if section.cycle_id != application.cycle_id:
        raise ValidationError(_("This section belongs to another edition."))
    fields = [item for item in form_fields(application.cycle) if item.section_id == section.pk and not item.is_file]
    result = SectionSave()
    cleaned = {}
    for item in fields:
        if item.key not in raw:
            continue
        try:
            cleaned[item.key] = fieldkinds.clean(item, raw[item.key])
        except ValidationError as error:
            result.errors[item.key] = " ".join(error.messages)
    if saved is None:
        saved = saved_answers(application)
    values = {**values_of(saved), **cleaned}
    read = {answer.field_id: answer for answer in saved}
    asked = applicable(application, fields, values)
    # A question that is not asked keeps no refusal either: what was posted for it is dropped.
    asked_keys = {item.key for item in asked}
    result.errors = {key: message for key, message in result.errors.items() if key in asked_keys}
    for item in asked:
        if item.key not in cleaned:
            continue
        try:
            answer = save_answer(
                application=application,
                field=item,
                value=cleaned[item.key],
                expected_version=versions.get(item.key, 0),
                by=by,
                editor=editor,
                read=read.get(item.pk),
            )
        except EditConflict as conflict:
            result.conflicts[item.key] = conflict
        else:
            if answer is not None:
                result.saved[item.key] = answer
    return result


def save_answer(
    *, application, field, value, expected_version: int, by: User, editor: str = "", read: Answer | None = None
) -> Answer | None:
    """Save one question's cleaned value. A newer version saved by another form (``editor``: another
    tab or a colleague) with a different value is a conflict, and nothing is overwritten. A blank
    value for a question never answered creates nothing (None): a page saved untouched leaves no
    empty answers behind.

    ``read``: the answer as the caller read it, without a lock, moments ago. When it is the version
    the form loaded and the value changed, one statement saves it if it is still that version
    (checked by the database under the row's lock); otherwise, or when it is no longer, the answer
    is read locked and checked as below."""
    if value is None and not Answer.objects.filter(application=application, field=field).exists():
        return None
    with transaction.atomic():
        # The common autosave: the form loaded the version read, and the text changed.
        unchanged_since_read = read is not None and read.version == expected_version and read.value != value
        if unchanged_since_read and _saved_if_unchanged(read, value=value, by=by, editor=editor):
            return read
        answer, created = Answer.objects.select_for_update().get_or_create(
            application=application,
            field=field,
            defaults={"value": value, "updated_by": by, "version": 1, "editor": editor},
        )
        if created:
            return answer
        own_save = bool(editor) and answer.editor == editor
        if answer.version != expected_version and answer.value != value and not own_save:
            raise EditConflict(
                current_text=fieldkinds.display(field, answer.value),
                current_version=answer.version,
                saved_by=str(answer.updated_by or ""),
                saved_at=answer.updated_at,
                by_you=answer.updated_by_id == by.pk,
            )
        if answer.value != value:
            answer.value, answer.updated_by, answer.version, answer.editor = value, by, answer.version + 1, editor
            # One history row per person and question for saves a few minutes apart (core.history),
            # so that the history keeps each stretch of work without a row for every autosave.
            answer.skip_history_when_saving = True
            answer.save(update_fields=["value", "updated_by", "version", "editor", "updated_at"])
            del answer.skip_history_when_saving
            record_change(answer, by=by, now=answer.updated_at)
        return answer


def _saved_if_unchanged(answer: Answer, *, value, by: User, editor: str) -> bool:
    """Save ``value`` over ``answer`` (as read) if its row is still that version: one UPDATE, which
    locks the row until the transaction ends, and then its history (core.history). False, and
    nothing written, when someone saved it since. Every save of an answer changes its version
    (``save_answer``), so the same version is the same text."""
    now = timezone.now()
    changed = {"value": value, "updated_by": by, "version": answer.version + 1, "editor": editor, "updated_at": now}
    if not Answer.objects.filter(pk=answer.pk, version=answer.version).update(**changed):
        return False
    for name, new in changed.items():
        setattr(answer, name, new)
    record_change(answer, by=by, now=now)
    return True


def clear_stale_answers(application: Application) -> int:
    """Delete the answers of questions that no longer apply (the history keeps them): they are not
    part of what is submitted. Returns how many were cleared."""
    fields = form_fields(application.cycle)
    values = stored_values(application)
    asked = {item.pk for item in applicable(application, fields, values)}
    # A retired question's answers are kept: they are what was asked when they were written.
    hidden = {item.pk for item in fields} - asked
    stale = [answer for answer in application.answers.all() if answer.field_id in hidden]
    for answer in stale:
        answer.delete()
    return len(stale)


@dataclass(frozen=True)
class Problem:
    """One thing that stops a submission: the sentence to act on and, when it is about an answer, its
    question (so that a page links the sentence to it) and what is said beside the question."""

    message: str
    field: Field | None = None
    beside: str = ""

    def __str__(self) -> str:
        return self.message


def answer_problems(application: Application, *, deadline) -> list[Problem]:
    """What the answers still lack before submission: each required question that applies and is
    blank, and each eligibility rule an answer breaks, as sentences to act on."""
    fields = form_fields(application.cycle)
    values = stored_values(application)
    with_files = set(application.attachments.filter(field__isnull=False).values_list("field_id", flat=True))
    problems = []
    for item in applicable(application, fields, values):
        value = values.get(item.key)
        blank = item.pk not in with_files if item.is_file else fieldkinds.is_blank(value)
        if item.required and blank:
            message = _("Answer “%(question)s” in section %(number)s: %(title)s.") % {
                "question": item.name,
                "number": item.section.position,
                "title": item.section.name,
            }
            problems.append(Problem(message, item, _("This question is required: answer it before you submit.")))
            continue
        problem = fieldkinds.rule_problem(item, value, deadline=deadline)
        if problem:
            problems.append(Problem(problem, item, problem))
    return problems
