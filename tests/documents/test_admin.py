"""Staff generate documents from admin: one or many, after a confirmation page; they follow the
batch's progress, see failures and retry them; lists keep a constant number of queries."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from documents import services
from documents.enums import DocumentKind, DocumentStatus
from documents.models import Certificate, Document, DocumentBatch
from tests.factories import DocumentBatchFactory, DocumentFactory, PanelFactory

from .conftest import make_application, score


def post_action(client, model, action, ids, **extra):
    url = reverse(f"admin:documents_{model}_changelist")
    return client.post(url, {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in ids], **extra}, follow=True)


def test_score_sheets_are_generated_after_a_confirmation(assignment, staff, login_as, committed):
    client = login_as(staff)

    asked = post_action(client, "assignmentforscoresheets", "score_sheets", [assignment.pk])
    assert "ใช่ สร้างเอกสาร" in asked.content.decode()
    assert Document.objects.count() == 0

    with committed(execute=True):
        done = post_action(
            client, "assignmentforscoresheets", "score_sheets", [assignment.pk], confirm="1", languages=["th", "en"]
        )
    assert "เข้าคิวเอกสาร 2 รายการ" in done.content.decode()
    assert sorted(Document.objects.values_list("kind", "language", "status")) == [
        (DocumentKind.SCORE_SHEET, "en", DocumentStatus.DONE),
        (DocumentKind.SCORE_SHEET, "th", DocumentStatus.DONE),
    ]
    assert DocumentBatch.objects.get().requested_by == staff


def test_committee_book_and_summaries_from_admin(
    round_, cycle, category, application, assignment, staff, login_as, committed
):
    panel = PanelFactory(round=round_, category=category)
    client = login_as(staff)
    with committed(execute=True):
        post_action(client, "panelforcommitteebooks", "committee_books", [panel.pk], confirm="1", languages=["th"])
        post_action(
            client,
            "applicationfordocuments",
            "summaries",
            [application.pk],
            confirm="1",
            languages=["th"],
            round=str(round_.pk),
        )
        post_action(
            client, "applicationfordocuments", "application_pdfs", [application.pk], confirm="1", languages=["en"]
        )

    assert sorted(Document.objects.values_list("kind", "status")) == [
        (DocumentKind.APPLICATION, DocumentStatus.DONE),
        (DocumentKind.COMMITTEE_BOOK, DocumentStatus.DONE),
        (DocumentKind.SUMMARY, DocumentStatus.DONE),
    ]


def test_certificates_for_chosen_applications_from_admin(prize, application, staff, login_as, committed):
    client = login_as(staff)
    with committed(execute=True):
        post_action(
            client,
            "applicationfordocuments",
            "certificates",
            [application.pk],
            confirm="1",
            languages=["th", "en"],
            prize=str(prize.pk),
        )

    assert sorted(Certificate.objects.values_list("language", flat=True)) == ["en", "th"]
    assert set(Document.objects.values_list("status", flat=True)) == {DocumentStatus.DONE}


def test_a_certificate_added_in_admin_is_issued_and_rendered(prize, application, staff, login_as, committed):
    client = login_as(staff)
    with committed(execute=True):
        response = client.post(
            reverse("admin:documents_certificate_add"),
            {"prize": prize.pk, "application": application.pk, "language": "th"},
            follow=True,
        )

    certificate = Certificate.objects.get()
    assert response.status_code == 200
    assert certificate.issued_by == staff
    assert str(certificate.awarded_on) == "2022-09-15"
    assert certificate.documents.get().status == DocumentStatus.DONE


def test_progress_of_a_batch_and_the_retry_of_a_failure(assignment, staff, login_as, committed):
    with committed(execute=False):
        batch = services.request_batch(
            label="แบบให้คะแนน",
            kind=DocumentKind.SCORE_SHEET,
            targets=[{"assignment": assignment}] * 3,
            languages=["th"],
            by=staff,
        )
    first, second, third = batch.documents.order_by("pk")
    services.render_document(document_id=first.pk)
    Document.objects.filter(pk=second.pk).update(status=DocumentStatus.FAILED, error="RuntimeError: boom")
    client = login_as(staff)

    page = client.get(reverse("admin:documents_document_changelist") + f"?batch__id__exact={batch.pk}").content.decode()
    assert "เสร็จแล้ว 1 จาก 3" in page
    assert "ไม่สำเร็จ 1" in page
    batches = client.get(reverse("admin:documents_documentbatch_changelist")).content.decode()
    assert "เสร็จแล้ว 1 จาก 3" in batches

    with committed(execute=True):
        post_action(client, "document", "retry", [first.pk, second.pk, third.pk])
    second.refresh_from_db()
    assert second.status == DocumentStatus.DONE
    assert Document.objects.get(pk=third.pk).status == DocumentStatus.QUEUED  # never failed: left alone


def test_failed_document_shows_its_error_in_admin(assignment, staff, login_as):
    document = DocumentFactory(
        assignment=assignment, status=DocumentStatus.FAILED, error="RuntimeError: the layout ran out of time"
    )

    page = login_as(staff).get(reverse("admin:documents_document_change", args=[document.pk])).content.decode()

    assert "RuntimeError: the layout ran out of time" in page


@pytest.mark.parametrize("changelist", ["document", "documentbatch", "certificate", "assignmentforscoresheets"])
def test_lists_keep_their_number_of_queries(changelist, round_, cycle, category, prize, judge, staff, login_as):
    client = login_as(staff)
    url = reverse(f"admin:documents_{changelist}_changelist")

    def add(number):
        application = make_application(cycle, category, number)
        assignment = score(round_, application, judge, [1, 1, 1, 1])
        certificate = services.issue_certificate(prize=prize, application=application, language="th", by=staff)
        batch = DocumentBatchFactory(label=str(number), requested_by=staff)
        DocumentFactory(assignment=assignment, batch=batch)
        DocumentFactory(kind=DocumentKind.CERTIFICATE, assignment=None, certificate=certificate, batch=batch)

    add(1)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(2), add(3)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).status_code == 200
    assert len(three) == len(one)
