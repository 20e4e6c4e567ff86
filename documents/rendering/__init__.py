"""Turns a Document into PDF bytes written to a file: one function per kind, each a context for a
template under templates/documents/pdf/ rendered by core.pdf in the document's language.

Nothing here writes to the database: the service stores the file and the job's state.
"""

import io

from pypdf import PdfReader

from core.pdf import render_pdf
from judging.reading import reading
from judging.selectors import scorecard_sheet
from submissions.answers import Reader, answers_for

from .. import selectors
from ..enums import DocumentKind
from .book import write_committee_book
from .certificate import certificate_context


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def application_pdf(application_id: int, language: str) -> bytes:
    application = selectors.application_for_document(application_id)
    # The staff's copy: every question of the form, answered or not, with its files.
    context = {
        "application": application,
        "sections": answers_for(application, Reader.STAFF),
        "partners": list(application.partners.all()),
        "attachments": list(application.attachments.all()),
    }
    return render_pdf(template="documents/pdf/application.html", context=context, language=language)


def score_sheet_context(assignment) -> dict:
    """What documents/pdf/score_sheet.html shows: what a judge reads of the application (blind if
    the round is) and the scorecard's figures."""
    return {
        "assignment": assignment,
        "application": assignment.application,
        "round": assignment.round,
        "judge": assignment.judge,
        "reading": reading(assignment.application, round=assignment.round, reader=Reader.JUDGE),
        "figures": scorecard_sheet(assignment=assignment),
    }


def score_sheet_pdf(assignment, language: str) -> bytes:
    """The judge's own paper."""
    context = score_sheet_context(assignment)
    return render_pdf(template="documents/pdf/score_sheet.html", context=context, language=language)


def summary_pdf(*, round, application, language: str) -> bytes:
    row = selectors.leaderboard_rows(round=round, category=application.category).get(application.pk)
    summary = selectors.application_summary(round=round, application=application, row=row)
    context = {"summary": summary, "reading": reading(application, round=round, reader=Reader.STAFF)}
    return render_pdf(template="documents/pdf/summary.html", context=context, language=language)


def certificate_pdf(certificate, language: str) -> bytes:
    return render_pdf(
        template="documents/pdf/certificate.html", context=certificate_context(certificate), language=language
    )


def write_document(document, out) -> int:
    """Render ``document`` into the binary file ``out``; returns its number of pages."""
    if document.kind == DocumentKind.COMMITTEE_BOOK:
        return write_committee_book(
            round=document.round, category=document.category, language=document.language, out=out
        )
    if document.kind == DocumentKind.APPLICATION:
        pdf = application_pdf(document.application_id, document.language)
    elif document.kind == DocumentKind.SCORE_SHEET:
        pdf = score_sheet_pdf(document.assignment, document.language)
    elif document.kind == DocumentKind.SUMMARY:
        pdf = summary_pdf(round=document.round, application=document.application, language=document.language)
    elif document.kind == DocumentKind.CERTIFICATE:
        pdf = certificate_pdf(document.certificate, document.language)
    else:
        raise ValueError(f"unknown kind of document: {document.kind}")
    out.write(pdf)
    return page_count(pdf)
