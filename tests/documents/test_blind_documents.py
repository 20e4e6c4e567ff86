"""What the papers print of an application's answers: the judge's score sheet reads as a judge
(blind when the round is: no organisation, no identifying answer), the staff's copies (the
application as submitted, the score summary and the committee book) print everything."""

import io

import pytest
from pypdf import PdfReader

from awards.enums import FieldKind, Visibility
from documents.rendering import application_pdf, score_sheet_pdf, summary_pdf
from documents.rendering.book import write_committee_book
from tests.factories import AnswerFactory, OrganisationFactory, SectionFactory

from .conftest import letters, make_application, pdf_text, score

pytestmark = pytest.mark.django_db

ORGANISATION = "Secretville Municipality"
AREA = "Riverside district 7"  # a short answer judges read
LEADER = "Mayor Somsak Leader"  # an identifying short answer
PHONE = "Internal line 5103"  # a staff-only short answer
LONG_ANSWER = "The whole story of the project, told at length."


@pytest.fixture
def answered(cycle, category):
    """An application of the category with a short answer for judges, an identifying one, a
    staff-only one and a long one."""
    application = make_application(cycle, category, 1, organisation=OrganisationFactory(name=ORGANISATION))
    section = SectionFactory(cycle=cycle, position=1, name_th="ข้อมูลผลงาน")
    questions = [
        (AREA, {"name_th": "พื้นที่ให้บริการ"}),
        (LEADER, {"name_th": "ผู้นำโครงการ", "identifying": True}),
        (PHONE, {"name_th": "ติดต่อภายใน", "visibility": Visibility.STAFF}),
        (LONG_ANSWER, {"name_th": "เล่าโครงการ", "kind": FieldKind.LONG_TEXT}),
    ]
    for value, options in questions:
        options = {"kind": FieldKind.SHORT_TEXT, **options}
        AnswerFactory(application=application, value=value, field__section=section, **_field(options))
    return application


def _field(options: dict) -> dict:
    return {f"field__{name}": value for name, value in options.items()}


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_score_sheet_of_an_open_round_names_the_organisation_and_prints_the_short_answers(round_, answered, judge):
    assignment = score(round_, answered, judge, [8, 12, 10, 40])

    text = _flat(pdf_text(score_sheet_pdf(assignment, "en")))

    assert ORGANISATION in text and AREA in text and LEADER in text
    assert PHONE not in text and LONG_ANSWER not in text


def test_score_sheet_of_a_blind_round_withholds_the_organisation_and_identifying_answers(round_, answered, judge):
    round_.blind = True
    round_.save()
    assignment = score(round_, answered, judge, [8, 12, 10, 40])

    text = _flat(pdf_text(score_sheet_pdf(assignment, "en")))

    assert ORGANISATION not in text and LEADER not in text and PHONE not in text
    assert answered.reference in text and AREA in text
    assert "Blind round" in text


def test_staff_copies_of_a_blind_round_keep_the_organisation_and_every_answer(round_, answered, judge, category):
    round_.blind = True
    round_.save()
    score(round_, answered, judge, [8, 12, 10, 40])

    application = _flat(pdf_text(application_pdf(answered.pk, "en")))
    summary = _flat(pdf_text(summary_pdf(round=round_, application=answered, language="en")))
    out = io.BytesIO()
    write_committee_book(round=round_, category=category, language="en", out=out)
    book = _flat(letters(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.getvalue())).pages)))

    for text in (application, summary, book):
        assert ORGANISATION in text and AREA in text and LEADER in text and PHONE in text
    assert LONG_ANSWER in application
