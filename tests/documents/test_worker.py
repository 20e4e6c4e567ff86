"""A real Celery worker process takes a document from the ``pdf`` queue, renders and stores it; and
renders an official letter and sends the e-mail that carries it."""

import time

import pytest

from core.models import OutboundEmail
from documents import services
from documents.enums import DocumentKind, DocumentStatus, LetterKind
from documents.models import Letter
from judging.services.decisions import finalise_prize
from tests.core.test_worker import celery_worker_process  # noqa: F401 - a fixture
from tests.factories import MembershipFactory

from .conftest import pdf_text


@pytest.fixture
def media(settings):
    # The worker is another process: it stores into the configured storage, which this test reads.
    return settings.MEDIA_ROOT


@pytest.mark.worker
def test_certificate_rendered_by_a_real_worker(celery_worker_process, prize, application, staff):  # noqa: F811
    batch = services.generate_certificates(
        pairs=[(prize, application)], languages=["th"], by=staff, label="worker"
    )  # autocommit: queued to the broker at once
    document = batch.documents.get()

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and celery_worker_process.poll() is None:
        document.refresh_from_db()
        if document.status in (DocumentStatus.DONE, DocumentStatus.FAILED):
            break
        time.sleep(0.3)

    if document.status != DocumentStatus.DONE:
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=10)[0]
        pytest.fail(f"the worker did not render the document ({document.status} {document.error}):\n{output[-3000:]}")
    try:
        assert document.kind == DocumentKind.CERTIFICATE
        assert document.attempts == 1
        assert "๑๕ กันยายน พ.ศ. ๒๕๖๕" in pdf_text(document.file.read())
    finally:
        document.file.delete(save=False)


@pytest.mark.worker
def test_results_letter_rendered_stored_and_sent_by_a_real_worker(celery_worker_process, prize, application, staff):  # noqa: F811
    MembershipFactory(organisation=application.organisation)
    finalise_prize(prize=prize, application=application, by=staff, data={"rank": 1})  # autocommit: queued at once
    letter = Letter.objects.get(application=application)
    email = OutboundEmail.objects.get(kind="letter_results")

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and celery_worker_process.poll() is None:
        letter.refresh_from_db()
        email.refresh_from_db()
        if letter.rendered_at and email.status in (OutboundEmail.Status.SENT, OutboundEmail.Status.FAILED):
            break
        time.sleep(0.3)

    if not (letter.rendered_at and email.status == OutboundEmail.Status.SENT):
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=10)[0]
        pytest.fail(
            f"the worker did not render and send the letter ({email.status} {email.last_error}):\n{output[-3000:]}"
        )
    try:
        assert [item["object_id"] for item in email.attachments] == [letter.pk]
        assert (letter.kind, letter.number, letter.reissue_count) == (LetterKind.RESULTS, 1, 0)
        assert letter.file.read().startswith(b"%PDF")
    finally:
        letter.file.delete(save=False)
