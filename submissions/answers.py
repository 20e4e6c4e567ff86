"""The one way to read an application's answers: what a given reader may see of them.

Every page and file that shows answers goes through ``answers_for`` (one application) or
``answers_for_many`` (a list, for exports and galleries): the applicant's form and preview, the
judge's scoring page, the application PDF, the committee book, the exports and the showcase. The
rules of who reads what live here and nowhere else:

* the applicant's own organisation and staff read every answer;
* judges read the fields marked for judges or the public; in a blind round, not the identifying
  ones (their files included);
* the public reads the fields marked public, and only of an application whose organisation consents
  (``Application.public_consent``: a finalist's consent to publish; for an entry not shortlisted,
  that or its consent to the showcase).

A field that does not apply to the application (another category, or its condition is not met) is
left out for every reader: its stale answer is neither shown nor submitted.

Queries are constant: the cycle's fields (1 query, cached on the cycle object), the answers (1)
and the files of file questions (1), whatever the number of fields.
"""

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from enum import StrEnum

from django.db.models import CharField, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Cast

from awards.enums import Visibility
from awards.models import Cycle, Field, Section

from . import fieldkinds
from .models import Answer, Application, Attachment


class Reader(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"
    JUDGE = "judge"
    PUBLIC = "public"


@dataclass
class Shown:
    """One question with its answer as a reader sees it."""

    field: Field
    value: object = None  # as stored (submissions.fieldkinds)
    files: list = dataclass_field(default_factory=list)
    answer: Answer | None = None

    @property
    def text(self) -> str:
        return fieldkinds.display(self.field, self.value)

    @property
    def answered(self) -> bool:
        return bool(self.files) if self.field.is_file else not fieldkinds.is_blank(self.value)

    @property
    def version(self) -> int:
        return self.answer.version if self.answer else 0

    @property
    def key(self) -> str:
        return self.field.key


@dataclass
class SectionAnswers:
    section: Section
    items: list[Shown]

    @property
    def done(self) -> bool:
        """Every required question of the section that applies is answered."""
        return all(item.answered for item in self.items if item.field.required)

    @property
    def answered(self) -> bool:
        return any(item.answered for item in self.items)


def form_fields(cycle: Cycle) -> list[Field]:
    """The cycle's current questions (retired ones left out), in form order, with their sections,
    conditions and categories (``category_ids``, read in the same query): one query, once per cycle
    object."""
    cached = getattr(cycle, "_form_fields", None)
    if cached is None:
        links = Field.categories.through.objects.filter(field_id=OuterRef("pk")).order_by()
        category_ids = links.values("field_id").annotate(
            ids=StringAgg(Cast("category_id", CharField()), delimiter=Value(","))
        )
        cached = list(
            Field.objects.filter(cycle=cycle, retired=False)
            .select_related("section", "condition_field")
            .annotate(category_list=Subquery(category_ids.values("ids")))
            .order_by("section__position", "position", "id")
        )
        for item in cached:
            item.category_ids = {int(pk) for pk in (item.category_list or "").split(",") if pk}
        cycle._form_fields = cached
    return cached


def forget_form_fields(cycle: Cycle) -> None:
    """Drop the questions ``form_fields`` (or ``published.prime_form_fields``) left on this cycle
    object: after a question changed, or before the object is kept where the form is not needed."""
    cycle.__dict__.pop("_form_fields", None)


def readable(item: Field, reader: Reader, *, blind: bool = False) -> bool:
    """Whether ``reader`` may read this field's answers (consent for the public is checked apart)."""
    if reader in (Reader.APPLICANT, Reader.STAFF):
        return True
    if reader == Reader.JUDGE:
        return item.visibility in (Visibility.JUDGES, Visibility.PUBLIC) and not (blind and item.identifying)
    return item.visibility == Visibility.PUBLIC


def applicable(application: Application, fields: list[Field], values: dict) -> list[Field]:
    """The fields asked of this application given its category and the answers in ``values``."""
    return [item for item in fields if fieldkinds.applies(item, category_id=application.category_id, values=values)]


def answers_for(
    application: Application, reader: Reader, *, blind: bool = False, include_unanswered: bool = True
) -> list[SectionAnswers]:
    """The application's answers that ``reader`` may read, grouped by section in form order."""
    return _grouped(answers_for_many([application], reader, blind=blind)[application.pk], include_unanswered)


def answers_for_many(applications, reader: Reader, *, blind: bool = False) -> dict[int, list[Shown]]:
    """For each application (of any cycles), its readable, applicable questions with their answers:
    one query per cycle plus two in all."""
    applications = list(applications)
    if not applications:
        return {}
    ids = [application.pk for application in applications]
    answers: dict[int, dict[int, Answer]] = {pk: {} for pk in ids}
    # The question comes with each answer, so that a retired question's answers (replaced after they
    # were written) are still shown, under the question they answered, without a query more.
    for answer in Answer.objects.filter(application_id__in=ids).select_related("field__section"):
        answers[answer.application_id][answer.field_id] = answer
    files: dict[tuple[int, int], list[Attachment]] = {}
    for attachment in Attachment.objects.filter(application_id__in=ids, field__isnull=False).order_by(
        "uploaded_at", "id"
    ):
        files.setdefault((attachment.application_id, attachment.field_id), []).append(attachment)
    cycles = {application.cycle_id: application.cycle for application in applications}
    result = {}
    for application in applications:
        fields = form_fields(cycles[application.cycle_id])
        own = answers[application.pk]
        if reader == Reader.PUBLIC and not application.public_consent:
            result[application.pk] = []
            continue
        values = {item.key: own[item.pk].value for item in fields if item.pk in own}
        asked = applicable(application, fields, values) + _retired_answered(own, fields)
        asked.sort(key=lambda item: (item.section.position, item.position, item.pk))
        result[application.pk] = [
            Shown(
                field=item,
                value=own[item.pk].value if item.pk in own else None,
                files=files.get((application.pk, item.pk), []),
                answer=own.get(item.pk),
            )
            for item in asked
            if readable(item, reader, blind=blind)
        ]
    return result


def _retired_answered(own: dict[int, Answer], fields: list[Field]) -> list[Field]:
    """The retired questions this application answered: kept with their answers, so that what was
    written keeps the question it answered (awards.services.replace_field)."""
    current = {item.pk for item in fields}
    return [answer.field for pk, answer in own.items() if pk not in current and answer.field.retired]


def _grouped(shown: list[Shown], include_unanswered: bool) -> list[SectionAnswers]:
    sections: dict[int, SectionAnswers] = {}
    for item in shown:
        if not include_unanswered and not item.answered:
            continue
        section = item.field.section
        sections.setdefault(section.pk, SectionAnswers(section=section, items=[])).items.append(item)
    return list(sections.values())


def grouped(shown: list[Shown], *, include_unanswered: bool = True) -> list[SectionAnswers]:
    """One application's questions from ``answers_for_many`` grouped by section, as ``answers_for``."""
    return _grouped(shown, include_unanswered)


def by_key(shown: list[Shown]) -> dict[str, Shown]:
    return {item.key: item for item in shown}


def public_values(application: Application) -> dict[str, Shown]:
    """The public's answers by key (empty without the organisation's consent)."""
    return by_key(answers_for_many([application], Reader.PUBLIC)[application.pk])


def stored_values(application: Application) -> dict[str, object]:
    """Every stored value by key, for conditions and submission checks (one query)."""
    return {
        key: value for key, value in Answer.objects.filter(application=application).values_list("field__key", "value")
    }


def section_answers(application: Application, section: Section) -> list[Answer]:
    """The application's answers to one section's current questions and to the questions their
    conditions read: all that the section's page shows and its save checks (one query)."""
    mine = section_questions(application, section)
    ids = {item.pk for item in mine} | {item.condition_field_id for item in mine if item.condition_field_id}
    # No order and no join: the answers are matched to their questions by id.
    return list(Answer.objects.filter(application=application, field_id__in=ids).order_by())


def condition_answers(application: Application, fields: list[Field]) -> list[Answer]:
    """The application's answers that the conditions of ``fields`` read (one query; none when no
    field is conditional)."""
    ids = {item.condition_field_id for item in fields if item.condition_field_id}
    if not ids:
        return []
    return list(Answer.objects.filter(application=application, field_id__in=ids).order_by())


def values_of(answers: list[Answer], fields: list[Field]) -> dict[str, object]:
    """The values of ``answers`` by the key of their question among ``fields`` (the form's current
    questions), as the conditions read them."""
    keys = {item.pk: item.key for item in fields}
    return {keys[answer.field_id]: answer.value for answer in answers if answer.field_id in keys}


@dataclass
class Asked:
    """One question of a section on the applicant's form with its answer, and whether its condition
    is met by the saved answers: a question whose condition is not met is on the page but hidden, so
    that it can appear as soon as the controlling answer changes."""

    shown: Shown
    hidden: bool = False


def section_questions(application: Application, section: Section) -> list[Field]:
    """The current questions of one section asked of the application's category, conditional ones
    included, in form order (no query beyond the cycle's fields)."""
    return [
        item
        for item in form_fields(application.cycle)
        if item.section_id == section.pk and (not item.category_ids or application.category_id in item.category_ids)
    ]


def section_form(
    application: Application, section: Section, *, values: dict | None = None, answers: list[Answer] | None = None
) -> list[Asked]:
    """The questions of one section asked of the application's category, with their answers and
    versions, conditional ones included (``hidden`` while their condition is not met by ``values``,
    by default the saved answers): the applicant's own form only. Constant queries: the cycle's
    fields (1, once per cycle object), the answers (1; none when ``answers``, the section's answers of
    ``section_answers``, were read already) and the files of file questions (1)."""
    if answers is None:
        answers = section_answers(application, section)
    own = {answer.field_id: answer for answer in answers}
    if values is None:
        values = values_of(answers, form_fields(application.cycle))
    mine = section_questions(application, section)
    files: dict[int, list[Attachment]] = {}
    if any(item.is_file for item in mine):
        for attachment in Attachment.objects.filter(application=application, field__isnull=False).order_by(
            "uploaded_at", "id"
        ):
            files.setdefault(attachment.field_id, []).append(attachment)
    asked = []
    for item in mine:
        answer = own.get(item.pk)
        shown = Shown(field=item, value=answer.value if answer else None, files=files.get(item.pk, []), answer=answer)
        applies = fieldkinds.applies(item, category_id=application.category_id, values=values)
        asked.append(Asked(shown=shown, hidden=not applies))
    return asked
