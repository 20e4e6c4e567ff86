"""Writes to answers: one section's questions saved at once, each with its own edit-conflict check,
and the stale answers of questions that no longer apply cleared at submission."""

import functools
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.models import Field, Section
from core.history import record_change

from .. import fieldkinds
from ..answers import applicable, condition_answers, form_fields, stored_values, values_of
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
    ``versions``: key → the version the form loaded, 0 when it was empty; ``saved``: the section's
    answers as ``answers.section_answers`` reads them, when the caller has read them already for its
    page; otherwise only the answers that the conditions of the questions posted read are read).

    A question that does not apply (another category, or a condition not met by the answers given
    now or saved before) is not saved, whatever was posted. Each question is checked and saved on its
    own: a wrong number does not lose the text typed beside it.
    """
    refuse_unless_editable(application, by)
    if section.cycle_id != application.cycle_id:
        raise ValidationError(_("This section belongs to another edition."))
    form = form_fields(application.cycle)
    fields = [item for item in form if item.section_id == section.pk and not item.is_file]
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
        saved = condition_answers(application, [item for item in fields if item.key in cleaned])
    values = {**values_of(saved, form), **cleaned}
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
            )
        except EditConflict as conflict:
            result.conflicts[item.key] = conflict
        else:
            if answer is not None:
                result.saved[item.key] = answer
    return result


def save_answer(*, application, field, value, expected_version: int, by: User, editor: str = "") -> Answer | None:
    """Save one question's cleaned value. A newer version saved by another form (``editor``: another
    tab or a colleague) with a different value is a conflict, and nothing is overwritten. A blank
    value for a question never answered creates nothing (None): a page saved untouched leaves no
    empty answers behind.

    The common autosave, an answer still at the version the form loaded whose text changed, is one
    statement (checked by the database under the row's lock); any other save reads the answer locked
    and is checked as below."""
    if value is None and not Answer.objects.filter(application=application, field=field).exists():
        return None
    with transaction.atomic():
        if expected_version:
            updated = _saved_if_unchanged(
                application, field, value=value, version=expected_version, by=by, editor=editor
            )
            if updated is not None:
                return updated
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


def _saved_if_unchanged(application, field, *, value, version: int, by: User, editor: str) -> Answer | None:
    """Save ``value`` as the answer's next version if the answer is still at ``version`` and holds
    another value: one UPDATE, which locks the row until the transaction ends, and then its history
    (core.history). None, and nothing written, when someone saved it since (or nothing changed, or
    there is no answer yet). Every save of an answer changes its version (``save_answer``), so the
    same version is the same text as the form loaded."""
    now = timezone.now()
    answer = Answer(
        application_id=application.pk,
        field_id=field.pk,
        value=value,
        version=version + 1,
        editor=editor,
        updated_by=by,
        updated_at=now,
    )
    sql, columns = _update_sql(connection.vendor)
    params = [_prepared(answer, name) for name in columns]
    params += [application.pk, field.pk, version, _prepared(answer, "value")]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    answer.pk = row[0]
    record_change(answer, by=by, now=now)
    return answer


def _prepared(answer: Answer, name: str):
    field = Answer._meta.get_field(name)
    return field.get_db_prep_save(getattr(answer, field.attname), connection)


@functools.cache
def _update_sql(vendor: str) -> tuple[str, tuple[str, ...]]:
    """``_saved_if_unchanged``'s statement (once per database kind) and the fields it sets, in order:
    the answer of this application and question, if at this version and of another value, takes the
    new value, version, editor, person and time, and its id is returned (PostgreSQL and SQLite
    alike). Written out rather than built by the ORM on each autosave, which cost several times the
    statement itself; the names come from the model."""
    quote = connection.ops.quote_name
    meta = Answer._meta
    columns = ("value", "version", "editor", "updated_by", "updated_at")
    assignments = ", ".join(f"{quote(meta.get_field(name).column)} = %s" for name in columns)
    application, field = (quote(meta.get_field(name).column) for name in ("application", "field"))
    version, value = (quote(meta.get_field(name).column) for name in ("version", "value"))
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {assignments}"  # noqa: S608 (the model's names)
        f" WHERE {application} = %s AND {field} = %s AND {version} = %s AND {value} <> %s"
        f" RETURNING {quote(meta.pk.column)}"
    )
    return sql, columns


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
