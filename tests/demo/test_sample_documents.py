"""render_sample_documents: one of each document kind in Thai and English from the demo, in this
process, as <kind>-<language>.pdf; without the data it says what to do."""

import io

from django.core.management import call_command
from pypdf import PdfReader

from documents.samples import KINDS
from judging.enums import ScorecardStatus
from judging.models import Assignment
from submissions.models import Application


def text_of(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_every_kind_in_both_languages_from_the_demo(demo, tmp_path):
    out = io.StringIO()
    call_command("render_sample_documents", out=tmp_path / "samples", stdout=out)

    files = sorted(path.name for path in (tmp_path / "samples").iterdir())
    assert files == sorted(f"{kind}-{language}.pdf" for kind in KINDS for language in ("th", "en"))
    assert len(out.getvalue().splitlines()) == 24
    scored = Assignment.objects.filter(scorecard__status=ScorecardStatus.SUBMITTED).order_by("pk").first()
    submitted = Application.objects.exclude(reference=None).exclude(status="draft")
    for language in ("th", "en"):
        for kind in ("score-sheet", "summary", "committee-book"):
            assert scored.application.reference in text_of(tmp_path / "samples" / f"{kind}-{language}.pdf")
        assert any(a.reference in text_of(tmp_path / "samples" / f"receipt-{language}.pdf") for a in submitted)
        organisation = scored.application.organisation
        name = organisation.name_en or organisation.name if language == "en" else organisation.name
        assert name in text_of(tmp_path / "samples" / f"certificate-{language}.pdf")
    assert "Application" in text_of(tmp_path / "samples" / "application-en.pdf")
    for kind in ("acknowledgement", "shortlisted", "not-shortlisted", "invitation", "results"):
        thai = PdfReader(io.BytesIO((tmp_path / "samples" / f"letter-{kind}-th.pdf").read_bytes()))
        assert len(thai.pages) == 1
        assert "Yours sincerely," in text_of(tmp_path / "samples" / f"letter-{kind}-en.pdf")
