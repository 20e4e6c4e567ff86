"""One sample of each document kind, rendered in this process from the data at hand (the demo after
``seed_demo``), for staff to look at the documents before a cycle sends them and for tests.

No worker, no broker and no file storage take part: each kind is rendered by the function its job
or e-mail uses, and the bytes are returned. A certificate or letter sample is built in memory and
never saved.
"""

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from judging.enums import ScorecardStatus
from judging.feedback import application_feedback, feedback_pdf, sample_application
from judging.models import Assignment
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.receipts import render_receipt

from .enums import LetterKind
from .models import Certificate, Letter, LetterSeries
from .rendering import application_pdf, certificate_pdf, score_sheet_pdf, summary_pdf
from .rendering.book import write_committee_book
from .rendering.letter import letter_pdf

LANGUAGES = ("th", "en")


class NoSample(Exception):
    """The data at hand has nothing to make this kind of document from."""


@dataclass(frozen=True)
class Sample:
    kind: str
    language: str
    pdf: bytes

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.language}.pdf"


def _submitted_application() -> Application:
    """The submitted application with the most answers and files: it shows the most on paper."""
    application = (
        Application.objects.exclude(status=ApplicationStatus.DRAFT).exclude(reference=None).order_by("pk").first()
    )
    if application is None:
        raise NoSample("no submitted application")
    return application


def _scored_assignment() -> Assignment:
    assignment = (
        Assignment.objects.filter(scorecard__status=ScorecardStatus.SUBMITTED)
        .select_related("round__rubric", "application__category", "judge")
        .order_by("pk")
        .first()
    )
    if assignment is None:
        raise NoSample("no submitted scorecard")
    return assignment


def _committee_book(language: str) -> bytes:
    assignment = _scored_assignment()
    out = io.BytesIO()
    write_committee_book(round=assignment.round, category=assignment.application.category, language=language, out=out)
    return out.getvalue()


def _certificate(language: str) -> bytes:
    """A certificate for a scored application and its category's award, as staff would issue it."""
    application = _scored_assignment().application
    prize = (
        application.cycle.prizes.filter(category=application.category).first()
        or application.cycle.prizes.filter(category=None).first()
    )
    if prize is None:
        raise NoSample("no award in the cycle of a scored application")
    certificate = Certificate(prize=prize, application=application, language=language, awarded_on=timezone.localdate())
    return certificate_pdf(certificate, language)


def _score_sheet(language: str) -> bytes:
    return score_sheet_pdf(_scored_assignment(), language)


def _summary(language: str) -> bytes:
    assignment = _scored_assignment()
    return summary_pdf(round=assignment.round, application=assignment.application, language=language)


def _feedback(language: str) -> bytes:
    """The feedback PDF of a judged application (one with comments the chair released, if any), as
    its organisation downloads it once the feedback milestone has passed."""
    application = sample_application()
    feedback = application_feedback(application) if application else None
    if feedback is None:
        raise NoSample("no judged application")
    return feedback_pdf(feedback, language)


def sample_letter(kind: str, language: str, application: Application | None = None) -> Letter:
    """A letter of ``kind`` as the cycle would issue it next, built in memory and never saved."""
    application = application or _submitted_application()
    series = LetterSeries.objects.filter(cycle=application.cycle).first() or LetterSeries(cycle=application.cycle)
    prefix = series.prefix_en if language == "en" and series.prefix_en else series.prefix_th
    return Letter(
        cycle=application.cycle,
        application=application,
        kind=kind,
        language=language,
        number=series.last_number + 1,
        prefix=prefix,
        issued_at=timezone.now(),
    )


def _letter(kind: str) -> Callable[[str], bytes]:
    return lambda language: letter_pdf(sample_letter(kind, language))


KINDS: dict[str, Callable[[str], bytes]] = {
    "receipt": lambda language: render_receipt(_submitted_application().pk, language),
    "application": lambda language: application_pdf(_submitted_application().pk, language),
    "score-sheet": _score_sheet,
    "summary": _summary,
    "committee-book": _committee_book,
    "certificate": _certificate,
    "feedback": _feedback,
    **{f"letter-{kind.replace('_', '-')}": _letter(kind) for kind in LetterKind.values},
}


def render_samples(kinds=None, languages=LANGUAGES) -> Iterator[Sample | tuple[str, str, NoSample]]:
    """Each kind in each language: a ``Sample``, or ``(kind, language, NoSample)`` when the data at
    hand cannot make one."""
    for kind in kinds or KINDS:
        for language in languages:
            try:
                yield Sample(kind=kind, language=language, pdf=KINDS[kind](language))
            except NoSample as missing:
                yield kind, language, missing
