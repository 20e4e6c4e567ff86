"""Downloads only for those allowed (staff; a judge their own score sheet; 404 for everyone else),
and the public verification page of certificates."""

import pytest
from django.urls import reverse

from documents import services
from documents.enums import DocumentKind
from tests.factories import DocumentFactory

from .conftest import score


@pytest.fixture
def sheet(assignment, staff, committed):
    with committed(execute=True):
        return services.request_document(kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment)


@pytest.fixture
def book(round_, category, staff, assignment, committed):
    with committed(execute=True):
        return services.request_document(
            kind=DocumentKind.COMMITTEE_BOOK, language="th", by=staff, round=round_, category=category
        )


def download(client, document):
    return client.get(reverse("documents:download", args=[document.pk]))


def test_staff_download_any_document_as_a_private_pdf(sheet, book, staff, login_as):
    client = login_as(staff)
    for document in (sheet, book):
        response = download(client, document)
        body = b"".join(response.streaming_content)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
        assert body.startswith(b"%PDF-")


def test_judge_downloads_their_own_score_sheet_only(
    sheet, book, round_, application, judge, chair, login_as, committed
):
    with committed(execute=True):
        other = services.request_document(
            kind=DocumentKind.SCORE_SHEET, language="th", by=None, assignment=score(round_, application, chair, [0] * 4)
        )
    client = login_as(judge)

    assert download(client, sheet).status_code == 200
    assert download(client, other).status_code == 404
    assert download(client, book).status_code == 404


@pytest.mark.parametrize("persona", ["applicant", "chair", "outsider", "province_viewer"])
def test_others_get_404_for_every_document(persona, sheet, book, login_as, request):
    client = login_as(request.getfixturevalue(persona))
    assert download(client, sheet).status_code == 404
    assert download(client, book).status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(sheet, client):
    response = download(client, sheet)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unfinished_or_missing_documents_are_404_even_for_staff(assignment, staff, login_as):
    queued = DocumentFactory(assignment=assignment)
    client = login_as(staff)
    assert download(client, queued).status_code == 404
    assert client.get(reverse("documents:download", args=[queued.pk + 100])).status_code == 404


def test_judge_sees_their_own_score_sheets(sheet, judge, chair, login_as):
    response = login_as(judge).get(reverse("documents:mine"))
    assert response.status_code == 200
    assert reverse("documents:download", args=[sheet.pk]) in response.content.decode()

    other = login_as(chair).get(reverse("documents:mine")).content.decode()
    assert reverse("documents:download", args=[sheet.pk]) not in other


def test_verification_page_confirms_a_genuine_certificate(prize, application, staff, client):
    certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    response = client.get(reverse("documents:verify", args=[certificate.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "เกียรติบัตรนี้เป็นของจริง" in page
    assert application.organisation.name in page
    assert "รางวัลดีเด่นด้านการบริการอย่างชาญฉลาด" in page
    assert "๑๕ กันยายน พ.ศ. ๒๕๖๕" in page


@pytest.mark.parametrize("forged", ["AAAAAAAAAAAAAAAAAAAAAA", "x", "0000000000000000000000000000000000000000"])
def test_verification_page_refuses_a_wrong_code(forged, prize, application, staff, client):
    services.issue_certificate(prize=prize, application=application, language="th", by=staff)

    response = client.get(f"/verify/{forged}/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่สามารถยืนยันเกียรติบัตรนี้ได้" in page
    assert application.organisation.name not in page


def test_verification_page_in_english(prize, application, staff, client):
    certificate = services.issue_certificate(prize=prize, application=application, language="en", by=staff)

    response = client.get(f"/en/verify/{certificate.code}/")

    assert response.status_code == 200
    assert "This certificate is genuine" in response.content.decode()
    assert "15 September 2022" in response.content.decode()
