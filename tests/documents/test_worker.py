"""A real Celery worker process takes a document from the ``pdf`` queue, renders and stores it."""

import time

import pytest

from documents import services
from documents.enums import DocumentKind, DocumentStatus
from tests.core.test_worker import celery_worker_process  # noqa: F401 - a fixture

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
