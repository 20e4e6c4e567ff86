"""The PDFs read back with pypdf: Thai text, the Sarabun font, page sizes, figures and the QR code."""

import io
import re

import pytest
import zxingcpp
from django.template.loader import render_to_string
from django.utils import translation
from pypdf import PdfReader
from weasyprint import HTML

from core.pdf import PDF_UA
from core.pdf_engine import StaticFilesFetcher, write_pdf
from core.pdf_text import true_text_layer
from documents import services
from documents.rendering import application_pdf, certificate_pdf, score_sheet_context, score_sheet_pdf, summary_pdf
from documents.rendering.certificate import certificate_context, verification_url
from tests.factories import AnswerFactory, AssignmentFactory, AttachmentFactory, PartnerFactory, facts_field
from tests.poppler import _run

from .conftest import letters, make_application, pdf_fonts, pdf_text, score

A4_LANDSCAPE = (842, 595)  # points, rounded


def page_size(pdf: bytes, number: int = 0) -> tuple[int, int]:
    box = PdfReader(io.BytesIO(pdf)).pages[number].mediabox
    return round(float(box.width)), round(float(box.height))


def qr_codes(pdf: bytes) -> list[str]:
    texts = []
    for image in PdfReader(io.BytesIO(pdf)).pages[0].images:
        texts += [result.text for result in zxingcpp.read_barcodes(image.image)]
    return texts


def test_thai_certificate_of_2022_prints_names_and_the_buddhist_era_date_in_thai_numerals(prize, application, staff):
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pdf = certificate_pdf(certificate, "th")
    text = pdf_text(pdf)

    assert "ให้ไว้ ณ วันที่ ๑๕ กันยายน พ.ศ. ๒๕๖๕" in text
    assert application.organisation.name in text
    assert "ระบบแจ้งเหตุอัจฉริยะ 1" in text
    assert "รางวัลดีเด่นด้านการเดินทางและขนส่งอัจฉริยะ" in text
    assert "โครงการ The Smart City Solution Awards 2022" in text
    assert "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า" in text
    assert "ใบประกาศนียบัตร" not in text
    assert pdf_fonts(pdf) and all("Sarabun" in font for font in pdf_fonts(pdf))
    assert page_size(pdf) == A4_LANDSCAPE
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_certificate_qr_code_scans_back_to_its_verification_address(prize, application, staff):
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    pdf = certificate_pdf(certificate, "th")

    assert qr_codes(pdf) == [verification_url(certificate)]
    assert verification_url(certificate).endswith(f"/verify/{certificate.code}/")


def test_english_certificate_is_in_english_with_its_own_address(prize, application, staff):
    certificate = services.issue_certificate(prize=prize, application=application, language="en", by=staff)

    pdf = certificate_pdf(certificate, "en")
    text = pdf_text(pdf)

    assert "Given on 15 September 2022" in text
    assert "This is to certify that" in text
    assert "Outstanding Award in Smart Mobility" in text
    assert page_size(pdf) == A4_LANDSCAPE
    assert qr_codes(pdf) == [verification_url(certificate)]
    assert f"/en/verify/{certificate.code}/" in verification_url(certificate)


def test_certificate_is_issued_once_per_prize_application_and_language(prize, application, staff):
    first = services.issue_certificate(prize=prize, application=application, language="th", by=staff)
    again = services.issue_certificate(prize=prize, application=application, language="th", by=staff)
    english = services.issue_certificate(prize=prize, application=application, language="en", by=staff)

    assert again.pk == first.pk and again.code == first.code
    assert english.code != first.code
    assert len(first.code) >= 22


def test_score_sheet_lists_every_criterion_with_points_comments_subtotals_total_and_signature(assignment):
    pdf = score_sheet_pdf(assignment, "th")
    text = pdf_text(pdf)

    assert "แบบให้คะแนนของกรรมการ" in text
    for criterion in ("ความเป็นมาชัดเจน", "กลุ่มเป้าหมายชัดเจน", "การมีส่วนร่วม", "นวัตกรรมและเทคโนโลยี"):
        assert criterion in text
    assert "เหมาะสม 40" in text.replace("\n", " ")  # the comment of criterion 2.2
    assert "รวมมิติที่ 1" in text and "รวมมิติที่ 2" in text
    assert "30.00" in text and "10.00" in text  # the subtotals (dimension 2 scaled from 25 to 30)
    assert "40.00" in text  # the total
    assert "กรรมการ หนึ่ง" in text
    assert "ลงชื่อ" in text
    assert all("Sarabun" in font for font in pdf_fonts(pdf))


def test_score_sheet_without_a_scorecard_is_a_blank_form(round_, application, judge):
    blank = AssignmentFactory(round=round_, judge=judge, application=application)

    text = pdf_text(score_sheet_pdf(blank, "th"))

    assert "ความเป็นมาชัดเจน" in text
    assert "0.00" in text


def test_application_pdf_has_sections_facts_partners_and_attachments(application, media):
    PartnerFactory(application=application, name="มหาวิทยาลัยทดสอบ", kind="academic")
    AttachmentFactory(application=application, original_name="แผนผังระบบ.pdf", sha256="a" * 64)

    text = pdf_text(application_pdf(application.pk, "th"))

    assert "SCSA2565-MOB-001" in text
    assert "ระบบแจ้งเหตุอัจฉริยะ 1" in text
    assert application.organisation.name in text
    assert "มหาวิทยาลัยทดสอบ" in text
    assert "แผนผังระบบ.pdf" in text.replace("\n", "")
    assert "a" * 64 in text.replace("\n", "").replace(" ", "")


def test_application_pdf_prints_people_and_budget_as_people_read_them(application, media):
    people = facts_field(application.cycle, "population_served")
    budget = facts_field(application.cycle, "budget", section_position=98)
    AnswerFactory(application=application, field=people, value="120000")
    AnswerFactory(application=application, field=budget, value="1250000.50")

    thai = pdf_text(application_pdf(application.pk, "th")).replace("\n", " ")
    english = pdf_text(application_pdf(application.pk, "en")).replace("\n", " ")

    assert "120,000 คน" in thai and "1,250,000.50 บาท" in thai
    assert "120,000 people" in english and "1,250,000.50 baht" in english


def test_summary_lists_every_judge_and_the_mean(round_, application, assignment, chair):
    score(round_, application, chair, [4, 6, 5, 20])  # 5.00 + 15.00 = 20.00
    text = pdf_text(summary_pdf(round=round_, application=application, language="th"))

    assert "กรรมการ หนึ่ง" in text and "ประธาน" in text
    assert "40.00" in text and "20.00" in text
    assert "30.00" in text  # the mean of 40.00 and 20.00


def test_summary_counts_only_submitted_scorecards(round_, application, assignment, chair):
    score(round_, application, chair, [0, 0, 0, 0], submitted=False)
    from documents.selectors import application_summary

    summary = application_summary(round=round_, application=application)

    assert [judge.submitted for judge in summary.judges] == [True, False]
    assert str(summary.mean) == "40.00"


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_kind_embeds_only_sarabun(language, round_, application, assignment, prize, staff):
    certificate = services.issue_certificate(prize=prize, application=application, language=language, by=staff)
    for pdf in (
        application_pdf(application.pk, language),
        score_sheet_pdf(assignment, language),
        summary_pdf(round=round_, application=application, language=language),
        certificate_pdf(certificate, language),
    ):
        assert pdf_fonts(pdf) and all("Sarabun" in font for font in pdf_fonts(pdf))


def test_committee_book_has_a_contents_page_and_one_summary_per_application(round_, cycle, category, judge):
    applications = [make_application(cycle, category, number) for number in (1, 2, 3)]
    for number, application in enumerate(applications):
        score(round_, application, judge, [8, 12, number, 40])
    from documents.rendering.book import write_committee_book

    out = io.BytesIO()
    pages = write_committee_book(round=round_, category=category, language="th", out=out)
    reader = PdfReader(io.BytesIO(out.getvalue()))

    assert pages == len(reader.pages) == 4
    contents = letters(reader.pages[0].extract_text())
    assert "สารบัญ" in contents
    for application in applications:
        assert application.reference in contents
    assert [reader.pages[n].extract_text().count("SCSA2565-MOB-00") for n in (1, 2, 3)] == [1, 1, 1]
    assert "SCSA2565-MOB-002" in reader.pages[2].extract_text()
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert bookmarks == [application.reference for application in applications]


def _words(pdf: bytes) -> list[str]:
    """Every word of the PDF with its box, as poppler reads them."""
    return re.findall(r"<word [^>]+>[^<]*</word>", _run("pdftotext", pdf, "-bbox", "-enc", "UTF-8"))


@pytest.mark.poppler
def test_stylesheets_parsed_once_put_every_word_where_weasyprints_own_fetch_does(
    prize, application, round_, judge, staff
):
    """core/pdf_engine.py hands WeasyPrint each linked stylesheet parsed once (the user's origin);
    WeasyPrint fetching the links itself (the author's) puts every word of a certificate and of a
    score sheet long enough for two pages in the same place."""
    assignment = score(round_, application, judge, [8, 12, 10, 40], comment="มีข้อมูลประกอบชัดเจน " * 60)
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)
    with translation.override("th"):
        pages = [
            render_to_string("documents/pdf/certificate.html", certificate_context(certificate)),
            render_to_string("documents/pdf/score_sheet.html", score_sheet_context(assignment)),
        ]
    for html in pages:
        with true_text_layer():
            fetched = HTML(string=html, base_url="file:///", url_fetcher=StaticFilesFetcher()).write_pdf(
                pdf_variant=PDF_UA
            )
        parsed_once = write_pdf(html, variant=PDF_UA)

        assert len(_words(parsed_once)) > 20
        assert _words(parsed_once) == _words(fetched)
    assert len(PdfReader(io.BytesIO(parsed_once)).pages) >= 2
