"""Document jobs recover by themselves: a job past its lease (its worker died, or the broker lost
its message) is queued again by the beat's sweep or claimed by the redelivered task, and still
rendered exactly once. Time passing is arranged by moving the lease into the past."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from documents import lease, services, tasks
from documents.enums import DocumentKind, DocumentStatus
from documents.models import Document
from tests.broker import broker_down  # noqa: F401 - a fixture
from tests.core.test_worker import celery_worker_process  # noqa: F401 - a fixture
from tests.factories import DocumentFactory
from tests.i18n import thai

EXPIRED = timedelta(seconds=1)


def expire(document: Document, **fields) -> None:
    """As if the lease had run out: its worker died, or its queue message never arrived."""
    Document.objects.filter(pk=document.pk).update(lease_until=timezone.now() - EXPIRED, **fields)


@pytest.fixture
def lost(assignment, staff, committed):
    """A score sheet queued while the broker lost its message (the task never runs)."""
    with committed(execute=False):
        return services.request_document(kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment)


def test_requested_document_is_queued_with_a_lease_of_two_minutes(lost):
    assert lost.status == DocumentStatus.QUEUED
    assert timezone.now() + timedelta(seconds=110) < lost.lease_until <= timezone.now() + lease.LEASE


@pytest.mark.usefixtures("broker_down")
def test_document_requested_while_the_broker_is_down_stays_queued_for_the_sweep(assignment, staff, committed, caplog):
    with committed(execute=True):
        document = services.request_document(
            kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment
        )

    document.refresh_from_db()
    assert (document.status, document.attempts) == (DocumentStatus.QUEUED, 0)
    assert [r.getMessage() for r in caplog.records if r.name == "core.broker"] == [
        f"document {document.pk} waits for its sweep: the broker did not take the task (OperationalError)"
    ]


def test_sweep_leaves_a_document_within_its_lease_alone(lost, committed):
    with committed(execute=True):
        assert tasks.requeue_stalled_documents.delay().get() == 0

    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (DocumentStatus.QUEUED, 0)


def test_sweep_renders_a_queued_document_whose_message_was_lost(lost, committed):
    expire(lost)

    with committed(execute=True):
        requeued = tasks.requeue_stalled_documents.delay().get()

    lost.refresh_from_db()
    assert requeued == 1
    assert (lost.status, lost.attempts, lost.lease_until) == (DocumentStatus.DONE, 1, None)
    assert lost.file.name.startswith("documents/score_sheet/")


def test_sweep_queues_a_stalled_document_once(lost, committed):
    expire(lost)

    with committed(execute=False) as queued:
        first = services.requeue_stalled_documents()
        second = services.requeue_stalled_documents()

    lost.refresh_from_db()
    assert (first, second, len(queued)) == (1, 0, 1)
    assert lost.status == DocumentStatus.QUEUED
    assert lost.lease_until > timezone.now() + timedelta(seconds=110)


def test_sweep_renders_a_document_whose_worker_died_while_rendering(lost, committed):
    expire(lost, status=DocumentStatus.RENDERING, attempts=1, started_at=timezone.now() - timedelta(minutes=3))

    with committed(execute=True):
        assert services.requeue_stalled_documents() == 1

    lost.refresh_from_db()
    assert (lost.status, lost.attempts, lost.error) == (DocumentStatus.DONE, 2, "")


def test_redelivered_task_renders_a_document_whose_lease_ran_out(lost):
    expire(lost, status=DocumentStatus.RENDERING, attempts=1)

    assert tasks.render_document.delay(lost.pk).get() == DocumentStatus.DONE

    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (DocumentStatus.DONE, 2)


def test_redelivered_task_leaves_a_document_a_live_worker_holds(lost):
    held_until = timezone.now() + timedelta(seconds=90)
    Document.objects.filter(pk=lost.pk).update(status=DocumentStatus.RENDERING, attempts=1, lease_until=held_until)

    assert tasks.render_document.delay(lost.pk).get() is None

    lost.refresh_from_db()
    assert (lost.status, lost.attempts, lost.lease_until) == (DocumentStatus.RENDERING, 1, held_until)


def test_document_whose_worker_died_three_times_is_failed_for_staff(lost, committed):
    expire(lost, status=DocumentStatus.RENDERING, attempts=services.MAX_ATTEMPTS)

    with committed(execute=True):
        assert services.requeue_stalled_documents() == 0

    lost.refresh_from_db()
    assert (lost.status, lost.attempts, lost.lease_until) == (DocumentStatus.FAILED, 3, None)
    assert lost.error == thai(
        "The worker stopped while rendering this document %(count)s times (see the worker's log: memory, "
        "time limit). Render it again once the cause is fixed."
    ) % {"count": 3}
    assert tasks.render_document.delay(lost.pk).get() is None


def test_staff_retry_gives_a_failed_document_a_new_lease(lost, staff, committed):
    Document.objects.filter(pk=lost.pk).update(status=DocumentStatus.FAILED, error="boom", lease_until=None)

    with committed(execute=False):
        assert services.retry_documents(documents=Document.objects.filter(pk=lost.pk), by=staff) == 1

    lost.refresh_from_db()
    assert (lost.status, lost.error) == (DocumentStatus.QUEUED, "")
    assert lost.lease_until > timezone.now() + timedelta(seconds=110)


def test_lease_is_not_renewed_for_an_attempt_that_lost_the_job(lost):
    expire(lost, status=DocumentStatus.RENDERING, attempts=2)  # taken over from attempt 1

    assert lease.renew(document_id=lost.pk, attempt=1) is False
    assert lease.renew(document_id=lost.pk, attempt=2) is True

    lost.refresh_from_db()
    assert lost.lease_until > timezone.now() + timedelta(seconds=110)


@pytest.mark.django_db(transaction=True)
def test_lease_is_renewed_while_the_job_renders(assignment, staff):
    # The renewing thread has its own database connection: the job must be committed.
    document = DocumentFactory(
        kind=DocumentKind.SCORE_SHEET,
        assignment=assignment,
        requested_by=staff,
        status=DocumentStatus.RENDERING,
        attempts=1,
        lease_until=timezone.now() + timedelta(seconds=5),
    )

    with lease.KeepLease(document_id=document.pk, attempt=1, every=timedelta(milliseconds=50)):
        time.sleep(0.5)

    document.refresh_from_db()
    assert document.lease_until > timezone.now() + timedelta(seconds=110)


@pytest.mark.django_db(transaction=True)
def test_lease_stops_being_renewed_once_another_worker_took_the_job(assignment, staff):
    taken_until = timezone.now() + timedelta(seconds=5)
    document = DocumentFactory(
        kind=DocumentKind.SCORE_SHEET,
        assignment=assignment,
        requested_by=staff,
        status=DocumentStatus.RENDERING,
        attempts=2,
        lease_until=taken_until,
    )

    with lease.KeepLease(document_id=document.pk, attempt=1, every=timedelta(milliseconds=50)):
        time.sleep(0.3)

    document.refresh_from_db()
    assert document.lease_until == taken_until


@pytest.mark.worker
def test_real_worker_renders_a_lost_and_an_abandoned_document_after_the_sweep(
    celery_worker_process,  # noqa: F811
    assignment,
    staff,
):
    # As the broker and a dead worker left them: no task of theirs is in the queue any more.
    past = timezone.now() - EXPIRED
    lost = DocumentFactory(
        kind=DocumentKind.SCORE_SHEET, language="th", assignment=assignment, requested_by=staff, lease_until=past
    )
    abandoned = DocumentFactory(
        kind=DocumentKind.SCORE_SHEET,
        language="en",
        assignment=assignment,
        requested_by=staff,
        status=DocumentStatus.RENDERING,
        attempts=1,
        lease_until=past,
        started_at=past - timedelta(minutes=2),
    )

    tasks.requeue_stalled_documents.delay()  # what beat sends every minute, through the broker

    deadline = time.monotonic() + 90
    finished = Document.objects.filter(status__in=[DocumentStatus.DONE, DocumentStatus.FAILED])
    while time.monotonic() < deadline and finished.count() < 2 and celery_worker_process.poll() is None:
        time.sleep(0.3)
    lost.refresh_from_db()
    abandoned.refresh_from_db()
    try:
        if finished.count() < 2:
            celery_worker_process.terminate()
            pytest.fail(
                f"not rendered ({lost.status}, {abandoned.status}):\n{celery_worker_process.communicate()[0][-3000:]}"
            )
        assert [(lost.status, lost.attempts), (abandoned.status, abandoned.attempts)] == [
            (DocumentStatus.DONE, 1),
            (DocumentStatus.DONE, 2),
        ]
    finally:
        for document in (lost, abandoned):
            if document.file:
                document.file.delete(save=False)
