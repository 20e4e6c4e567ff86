"""Every kind of PDF the project renders, read back with poppler: the text written into it reads back
as written (Thai words whose glyphs are not one letter each, Thai digits, Thai beside English), it is
tagged with its language, and the only font in it is Sarabun, embedded. Each kind is rendered once
per language for the module, from data whose names, titles and answers carry the corpus."""

import io
import logging
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from awards.enums import MilestoneKind
from documents import services
from documents.rendering import application_pdf, certificate_pdf, score_sheet_pdf, summary_pdf
from documents.rendering.book import write_committee_book
from submissions.receipts import render_receipt
from tests.core.test_pdf_text import CORPUS
from tests.factories import (
    AnswerFactory,
    AttachmentFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    MilestoneFactory,
    OrganisationFactory,
    PartnerFactory,
    PrizeFactory,
    RoundFactory,
    RubricFactory,
    SignatoryFactory,
    UserFactory,
)
from tests.poppler import pdffonts, pdfinfo, pdftotext, squashed

from .conftest import make_application, score

# The data lives in the module fixture's transaction; the mark lets pytest-django set the database up.
pytestmark = [pytest.mark.poppler, pytest.mark.django_db]

FORWARD = " ".join(CORPUS)
BACKWARD = " ".join(reversed(CORPUS))
CYCLE = "โครงการเมืองอัจฉริยะ ปี พ.ศ. ๒๕๖๕"
CATEGORY = "ด้านการบริหารจัดการน้ำ"
PRIZE = "รางวัลดีเด่น สำนักงานทำดี ๑๒๓"
JUDGE = "นายฤๅษี กำหนดคำ"
SIGNATORY, SIGNATORY_TITLE = "นางสาวน้ำคำ ทำดี", "ผู้อำนวยการสำนักงาน"
ANSWER = f"{BACKWARD}\nผู้สูงอายุทำกิจกรรมริมน้ำ ตามกำหนดการ ๑๒๓ ครั้ง"
COMMENT = f"คำแนะนำ {FORWARD}"
CRITERION, DIMENSION = "การบริหารจัดการน้ำสำหรับผู้สูงอายุ", "ความสำคัญของปัญหา"
ATTACHMENT, PARTNER = "แผนงานกำหนดการ.pdf", "บริษัท น้ำดี จำกัด"

# What each kind prints of that data (the organisation's name is the corpus in order, the project's
# title the corpus backwards).
EXPECTED = {
    "receipt": [CYCLE, FORWARD, BACKWARD, CATEGORY, ATTACHMENT],
    "application": [CYCLE, FORWARD, BACKWARD, CATEGORY, ANSWER, PARTNER, ATTACHMENT],
    "score_sheet": [CYCLE, FORWARD, BACKWARD, CATEGORY, JUDGE, CRITERION, DIMENSION, f"{COMMENT} 8"],
    "summary": [CYCLE, FORWARD, BACKWARD, CATEGORY, JUDGE, DIMENSION],
    "committee_book": [CYCLE, FORWARD, BACKWARD, CATEGORY, JUDGE, DIMENSION],
    "certificate": [CYCLE, FORWARD, BACKWARD, CATEGORY, PRIZE, SIGNATORY, SIGNATORY_TITLE],
}
KINDS = list(EXPECTED)
LANGUAGES = ["th", "en"]


def _data():
    cycle = CycleFactory(year=2022, name_th=CYCLE)
    SignatoryFactory(
        design__cycle=cycle,
        name_th=SIGNATORY,
        position_th=SIGNATORY_TITLE,
        name_en="Ms Test Signer",
        position_en="President",
        signature="",
    )
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.make_aware(datetime(2022, 9, 15, 10)))
    category = CategoryFactory(cycle=cycle, name_th=CATEGORY, name_en="Smart Water", code="WAT")
    prize = PrizeFactory(cycle=cycle, category=category, name_th=PRIZE)
    rubric = RubricFactory(cycle=cycle, score_step=Decimal("0.5"))
    dimension = DimensionFactory(rubric=rubric, position=1, name_th=DIMENSION, points=Decimal(10))
    CriterionFactory(dimension=dimension, position=1, name_th=CRITERION, max_points=Decimal(4))
    CriterionFactory(dimension=dimension, position=2, name_th="ความชัดเจน", max_points=Decimal(6))
    now = timezone.now()
    round_ = RoundFactory(rubric=rubric, opens_at=now - timedelta(days=10), closes_at=now - timedelta(days=1))
    organisation = OrganisationFactory(name=FORWARD, address=f"{FORWARD} ถนนริมน้ำ")
    application = make_application(cycle, category, 1, organisation=organisation)
    application.title_th = BACKWARD
    application.save()
    second = make_application(cycle, category, 2)
    AnswerFactory(application=application, field__section__name_th="ปัญหาและความสำคัญ", value=ANSWER)
    PartnerFactory(application=application, name=PARTNER)
    AttachmentFactory(application=application, original_name=ATTACHMENT, file="attachments/plan.pdf")
    judge = UserFactory(full_name=JUDGE)
    assignment = score(round_, application, judge, [8, 12], comment=COMMENT)
    score(round_, second, judge, [4, 6])  # a second summary in the book
    return cycle, category, prize, round_, application, assignment


def _render(language, cycle, category, prize, round_, application, assignment) -> dict[str, bytes]:
    book = io.BytesIO()
    write_committee_book(round=round_, category=category, language=language, out=book)
    certificate = services.issue_certificate(prize=prize, application=application, language=language, by=UserFactory())
    return {
        "receipt": render_receipt(application.pk, language),
        "application": application_pdf(application.pk, language),
        "score_sheet": score_sheet_pdf(assignment, language),
        "summary": summary_pdf(round=round_, application=application, language=language),
        "committee_book": book.getvalue(),
        "certificate": certificate_pdf(certificate, language),
    }


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker):
    """{(kind, language): PDF bytes} and what WeasyPrint and core.pdf_text warned about meanwhile."""
    records = _Records()
    loggers = [logging.getLogger("weasyprint"), logging.getLogger("core.pdf_text")]
    for logger in loggers:
        logger.addHandler(records)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            data = _data()
            pdfs = {(kind, language): pdf for language in LANGUAGES for kind, pdf in _render(language, *data).items()}
            transaction.set_rollback(True)
    finally:
        for logger in loggers:
            logger.removeHandler(records)
    return pdfs, [record.getMessage() for record in records.records]


@pytest.mark.parametrize("kind", KINDS)
def test_thai_text_reads_back_as_written(rendered, kind):
    text = squashed(pdftotext(rendered[0][kind, "th"]))

    assert [written for written in EXPECTED[kind] if squashed(written) not in text] == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_is_tagged_with_its_language(rendered, kind, language):
    pdf = rendered[0][kind, language]

    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == language


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_pdf_embeds_sarabun_and_no_other_font(rendered, kind, language):
    fonts = pdffonts(rendered[0][kind, language])

    # Subset names: ABCDEF+Sarabun, ABCDEF+Sarabun-Bold, ABCDEF+Sarabun-Semi-Bold.
    assert fonts and {(font["name"].split("+")[-1].split("-")[0], font["embedded"]) for font in fonts} == {
        ("Sarabun", "yes")
    }


def test_rendering_every_kind_warned_of_nothing(rendered):
    # WeasyPrint logs what breaks PDF/UA (an image without a description, a document without a
    # language) and core.pdf_text a line whose text it could not mark.
    assert rendered[1] == []


def test_committee_book_keeps_the_structure_of_every_part(rendered):
    reader = PdfReader(io.BytesIO(rendered[0]["committee_book", "th"]))
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    parents = dict(zip(tree["/ParentTree"]["/Nums"][::2], tree["/ParentTree"]["/Nums"][1::2], strict=True))
    document = tree["/K"][0].get_object()

    assert [part.get_object()["/S"] for part in document["/K"]] == ["/Part", "/Part", "/Part"]
    for page in reader.pages:
        marked = parents[page["/StructParents"]]
        assert marked and all(element.get_object()["/Pg"].get_object() == page for element in marked)
