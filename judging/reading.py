"""What a reader of the judging pages and papers reads of one application: who made it (or, in a
blind round, a neutral label), the answers beside each criterion of the rubric that reads them, the
rest of the answers, and the files.

Answers come only through ``submissions.answers`` (the one selector of who reads what): a judge reads
as ``Reader.JUDGE`` with the round's ``blind``, staff as ``Reader.STAFF`` (everything). In a blind
round a judge never gets the organisation's name or province, nor any answer or file of a question
marked as identifying, nor a general attachment the applicant marked as identifying
(``Attachment.identifying``); the download of such a file answers 404 (``readable_attachment``).

Queries are constant whatever the number of questions: the form's fields (two, once per cycle
object), the answers, the files of file questions, the general attachments and the criterion links.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.rules import is_staff_member
from awards.enums import FieldKind
from awards.models import Field
from submissions.answers import Reader, SectionAnswers, Shown, answers_for_many
from submissions.evidence import Evidence, evidence
from submissions.models import Application, Attachment

# Kinds whose answers are too long for the head of a score sheet.
LONG_KINDS = frozenset({FieldKind.LONG_TEXT, FieldKind.GROUP, FieldKind.FILE})


@dataclass(frozen=True)
class ApplicationReading:
    """One application as a reader of the judging pages sees it."""

    application: Application
    blind: bool  # who applied is withheld from this reader
    by_criterion: dict[int, list[Shown]]  # criterion id → the answers linked to it, in form order
    others: list[SectionAnswers]  # the answers no criterion of the rubric reads, by section
    attachments: list[Attachment]  # the general attachments (not answers to a question)
    shown: list[Shown]  # every answer the reader may read, in form order

    @property
    def sections(self) -> list[SectionAnswers]:
        """Every answer the reader may read, by section in form order."""
        return _by_section(self.shown)

    @property
    def label(self) -> str:
        """Who applied: the organisation's name, or in a blind round the reference number."""
        if self.blind:
            return anonymous_label(self.application)
        return self.application.organisation.name

    @property
    def province(self) -> str:
        return "" if self.blind else self.application.organisation.province.name

    @property
    def files(self) -> list[Attachment]:
        """Every file this reader may open: the general attachments and those of readable questions."""
        return self.attachments + [file for item in self.shown for file in item.files]

    def evidence_for(self, assignment) -> Evidence:
        """The facts, links and files beside the text (submissions.evidence), each file opened
        through the judge's own download of ``assignment`` (which checks it again)."""
        return evidence(
            self.shown,
            self.attachments,
            file_url=lambda file: reverse("judging:attachment", args=[assignment.pk, file.pk]),
        )

    def discussion_evidence(self, round) -> Evidence:
        """The same block on the panel's discussion, each file opened through the discussion's own
        download (which asks the discussion's rule and this reading again)."""
        application = self.application
        return evidence(
            self.shown,
            self.attachments,
            file_url=lambda file: reverse("judging:discussion_attachment", args=[round.pk, application.pk, file.pk]),
        )

    def criterion_answers(self, criterion_id: int) -> list[Shown]:
        return self.by_criterion.get(criterion_id, [])

    @property
    def brief(self) -> list[Shown]:
        """The short answers given (dates, numbers, choices, places, links): what a score sheet or a
        committee book prints of the application beside the scores."""
        return [item for item in self.shown if item.field.kind not in LONG_KINDS and item.answered]


def anonymous_label(application: Application) -> str:
    """The neutral name of an application in a blind round."""
    return application.reference or _("Application no. %(number)s") % {"number": application.pk}


def reader_of(user, round) -> tuple[Reader, bool]:
    """How ``user`` reads an application of ``round``: staff in full, anyone else as a judge, blind
    when the round is."""
    if is_staff_member(user):
        return Reader.STAFF, False
    return Reader.JUDGE, bool(round.blind)


def reading(application: Application, *, round, reader: Reader = Reader.JUDGE, blind: bool | None = None):
    """What ``reader`` reads of ``application`` judged in ``round`` (a judge: blind if the round is;
    staff: everything), with each answer placed beside the criteria of the round's rubric that read it."""
    blind = bool(round.blind) if blind is None else blind
    blind = blind and reader == Reader.JUDGE
    shown = answers_for_many([application], reader, blind=blind)[application.pk]
    links = _criterion_links(round.rubric_id)
    by_criterion: dict[int, list[Shown]] = {}
    linked: set[int] = set()
    for item in shown:
        for criterion_id in links.get(item.field.pk, ()):
            by_criterion.setdefault(criterion_id, []).append(item)
            linked.add(item.field.pk)
    general = Attachment.objects.filter(application=application, field__isnull=True)
    if blind:
        general = general.exclude(identifying=True)
    attachments = list(general.order_by("uploaded_at", "id"))
    return ApplicationReading(
        application=application,
        blind=blind,
        by_criterion=by_criterion,
        others=_by_section([item for item in shown if item.field.pk not in linked]),
        attachments=attachments,
        shown=shown,
    )


def _by_section(shown: list[Shown]) -> list[SectionAnswers]:
    sections: dict[int, SectionAnswers] = {}
    for item in shown:
        section = item.field.section
        sections.setdefault(section.pk, SectionAnswers(section=section, items=[])).items.append(item)
    return list(sections.values())


def _criterion_links(rubric_id: int) -> dict[int, list[int]]:
    """field id → the ids of the rubric's criteria that read it (one query)."""
    links: dict[int, list[int]] = {}
    rows = Field.criteria.through.objects.filter(criterion__dimension__rubric_id=rubric_id).values_list(
        "field_id", "criterion_id"
    )
    for field_id, criterion_id in rows.order_by("criterion__dimension__position", "criterion__position"):
        links.setdefault(field_id, []).append(criterion_id)
    return links


def readable_attachment(application: Application, *, round, attachment_pk: int) -> Attachment | None:
    """The attachment if a judge of ``round`` may open it: a general attachment, or a file answering a
    question the judge reads (in a blind round, not an identifying one); None otherwise."""
    return next((file for file in reading(application, round=round).files if file.pk == attachment_pk), None)
