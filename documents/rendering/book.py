"""The committee book of a category: a contents page (with the committee's reasons), then one score
summary per application with the panel's discussion and the chair's summary.

WeasyPrint lays a whole document out in memory at once, so the book is never one HTML: each
summary is rendered on its own, written to a temporary file and dropped, and pypdf merges the
files at the end (core.pdf_merge, which keeps the parts' tags). Memory stays that of one
application's summary whatever the size of the book.
"""

import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from awards.selectors import rubric_table
from core.pdf import render_pdf
from core.pdf_merge import merge_tagged
from judging import deliberation
from judging.reading import reading
from submissions.answers import Reader

from .. import selectors


@dataclass(frozen=True)
class ContentsEntry:
    application: object
    mean: object
    rank: int | None
    page: int


def _contents_pdf(*, round, category, entries, language) -> bytes:
    context = {
        "round": round,
        "category": category,
        "entries": entries,
        **selectors.committee_reasons(round=round, category=category),
    }
    return render_pdf(template="documents/pdf/contents.html", context=context, language=language)


def _paged_contents(*, round, category, parts, language) -> tuple[bytes, list[ContentsEntry]]:
    """The contents with the page each summary starts on; rendered again if its own length moves them."""
    contents_pages = 1
    for _attempt in range(3):
        page, entries = contents_pages + 1, []
        for application, summary, _path, pages in parts:
            entries.append(ContentsEntry(application=application, mean=summary.mean, rank=summary.rank, page=page))
            page += pages
        pdf = _contents_pdf(round=round, category=category, entries=entries, language=language)
        actual = len(PdfReader(io.BytesIO(pdf)).pages)
        if actual == contents_pages:
            return pdf, entries
        contents_pages = actual
    raise RuntimeError("the contents' page count did not settle")


def write_committee_book(*, round, category, language: str, out) -> int:
    """Write the book to ``out``; returns its number of pages."""
    table = rubric_table(round.rubric)
    rows = selectors.leaderboard_rows(round=round, category=category)
    with tempfile.TemporaryDirectory(prefix="committee-book-") as folder:
        parts = []
        for number, application in enumerate(selectors.book_applications(round=round, category=category)):
            summary = selectors.application_summary(
                round=round, application=application, row=rows.get(application.pk), table=table
            )
            # The committee book is the staff's copy: who applied, and every short answer.
            context = {
                "summary": summary,
                "deliberation": deliberation.deliberation(round, application),
                "reading": reading(application, round=round, reader=Reader.STAFF),
            }
            pdf = render_pdf(template="documents/pdf/summary.html", context=context, language=language)
            path = Path(folder) / f"{number:05d}.pdf"
            path.write_bytes(pdf)
            parts.append((application, summary, path, len(PdfReader(io.BytesIO(pdf)).pages)))
            del pdf
        contents, _entries = _paged_contents(round=round, category=category, parts=parts, language=language)
        sources = [(io.BytesIO(contents), None)]
        sources += [(str(path), application.reference or application.title_th) for application, _s, path, _p in parts]
        return merge_tagged(sources, out)
