"""The outbox recovers by itself: the beat's sweep (every minute) sends e-mails never handed to the
broker within about a minute, those a dead worker left "sending" after STUCK_AFTER, and fails for
staff those left "sending" on their last attempt. Time passing is arranged on the row."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from core import emails, tasks
from core.models import OutboundEmail
from tests.broker import broker_down  # noqa: F401 - a fixture
from tests.i18n import thai

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


@pytest.fixture
def never_handed(staff, django_capture_on_commit_callbacks):
    """An e-mail whose task was never handed to the broker (it was down at commit)."""
    with django_capture_on_commit_callbacks(execute=False):
        return emails.send_test_email(user=staff)


def test_sweep_sends_an_email_never_handed_to_the_broker_after_a_minute(never_handed):
    OutboundEmail.objects.filter(pk=never_handed.pk).update(created_at=timezone.now() - timedelta(seconds=61))

    assert tasks.retry_unsent_emails.delay().get() == 1

    never_handed.refresh_from_db()
    assert (never_handed.status, never_handed.attempts, len(mail.outbox)) == (Status.SENT, 1, 1)


def test_sweep_leaves_an_email_queued_less_than_a_minute_ago(never_handed):
    OutboundEmail.objects.filter(pk=never_handed.pk).update(created_at=timezone.now() - timedelta(seconds=50))

    assert tasks.retry_unsent_emails.delay().get() == 0

    never_handed.refresh_from_db()
    assert (never_handed.status, never_handed.attempts, mail.outbox) == (Status.QUEUED, 0, [])


def test_email_left_sending_by_a_dead_worker_is_sent_again_within_minutes(never_handed):
    # The worker died mid-send before the mail server took the message: the sweep sends it.
    died_at = timezone.now() - emails.STUCK_AFTER - timedelta(seconds=1)
    OutboundEmail.objects.filter(pk=never_handed.pk).update(status=Status.SENDING, attempts=1, last_attempt_at=died_at)

    assert tasks.retry_unsent_emails.delay().get() == 1

    never_handed.refresh_from_db()
    assert (never_handed.status, never_handed.attempts, len(mail.outbox)) == (Status.SENT, 2, 1)


def test_email_sent_again_after_a_dead_worker_keeps_its_message_id(never_handed):
    # The one duplicate that remains: the server took the message, then the worker died before
    # the row said "sent". The copy sent again carries the same Message-ID.
    emails.deliver(email_id=never_handed.pk)
    died_at = timezone.now() - emails.STUCK_AFTER - timedelta(seconds=1)
    OutboundEmail.objects.filter(pk=never_handed.pk).update(status=Status.SENDING, last_attempt_at=died_at)

    emails.deliver(email_id=never_handed.pk)

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert ids == [ids[0], ids[0]]
    assert ids[0] == f"<outbox.{never_handed.pk}.{never_handed.created_at:%Y%m%d%H%M%S}@127.0.0.1>"
    assert mail.outbox[0].message()["Message-ID"] == ids[0]


def test_email_left_sending_on_its_last_attempt_is_failed_for_staff(never_handed):
    died_at = timezone.now() - emails.STUCK_AFTER - timedelta(seconds=1)
    OutboundEmail.objects.filter(pk=never_handed.pk).update(
        status=Status.SENDING, attempts=emails.MAX_ATTEMPTS, last_attempt_at=died_at
    )

    assert tasks.retry_unsent_emails.delay().get() == 0

    never_handed.refresh_from_db()
    assert (never_handed.status, mail.outbox) == (Status.FAILED, [])
    assert never_handed.last_error == thai(
        "The worker stopped while sending this e-mail on its last attempt: send it again from the outbox."
    )
    assert emails.retry_emails(email_ids=[never_handed.pk]) == 1


def test_email_whose_attachment_raises_a_base_exception_ends_failed(staff):
    attachment = emails.DocumentAttachment(kind="stopping_document", object_id=7, filename="stops.pdf")
    email = emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[attachment])

    assert emails.deliver(email_id=email.pk) is False

    email.refresh_from_db()
    assert (email.status, email.attempts, mail.outbox) == (Status.FAILED, 1, [])
    assert email.last_error == "tests.core.test_email_recovery.Stopped: the renderer stopped"


class Stopped(BaseException):
    """Like WeasyPrint's FatalURLFetchingError, not an Exception."""


@emails.attachment_renderer("stopping_document")
def _render_stopping_document(object_id: int, language: str) -> bytes:
    raise Stopped("the renderer stopped")


@pytest.mark.usefixtures("broker_down")
def test_email_the_broker_cannot_take_stays_queued_for_the_sweep(staff, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.send_test_email(user=staff)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.QUEUED, 0)
    assert [r.getMessage() for r in caplog.records if r.name == "core.broker"] == [
        f"e-mail {email.pk} waits for its sweep: the broker did not take the task (OperationalError)"
    ]


@pytest.mark.usefixtures("broker_down")
def test_retry_from_admin_with_the_broker_down_keeps_the_email_queued(staff, django_capture_on_commit_callbacks):
    failed = OutboundEmail.objects.create(
        kind="test", to="a@example.com", language="th", subject="s", body_text="b", status=Status.FAILED, attempts=5
    )

    with django_capture_on_commit_callbacks(execute=True):
        retried = emails.retry_emails(email_ids=[failed.pk])

    failed.refresh_from_db()
    assert (retried, failed.status, failed.attempts) == (1, Status.QUEUED, 0)
