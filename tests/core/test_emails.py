from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from core import emails, tasks
from core.models import OutboundEmail
from tests.i18n import thai

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status
SUBJECT = "Test e-mail from the award platform"


def test_email_rendered_in_recipients_language(staff):
    staff.language = "th"
    email = emails.send_test_email(user=staff)
    assert email.language == "th"
    assert email.subject == thai(SUBJECT)
    assert staff.full_name in email.body_text
    assert '<html lang="th">' in email.body_html


def test_email_rendered_in_english_for_english_reader(staff):
    staff.language = "en"
    with translation.override("th"):
        email = emails.send_test_email(user=staff)
    assert (email.language, email.subject) == ("en", SUBJECT)


def test_email_sent_only_after_commit(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = emails.send_test_email(user=staff)
    assert (len(callbacks), email.status, len(mail.outbox)) == (1, Status.QUEUED, 0)


def test_email_delivered_once_after_commit(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.send_test_email(user=staff)
    email.refresh_from_db()
    assert (email.status, email.attempts, len(mail.outbox)) == (Status.SENT, 1, 1)
    assert mail.outbox[0].to == [staff.email]
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_email_delivery_is_not_repeated(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.send_test_email(user=staff)
    assert emails.deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


SMTP_DOWN = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
    }
}
REFUSING = {"default": {"BACKEND": "tests.core.mail_backends.RefusingBackend"}}


def test_email_transient_failure_kept_and_raised_for_retry(staff, settings):
    email = emails.send_test_email(user=staff)
    settings.MAILERS = SMTP_DOWN
    with pytest.raises(emails.TransientEmailError):
        emails.deliver(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert email.last_error != ""
    # The beat's sweep picks it up once the backoff has passed, not at once.
    assert emails.unsent_email_ids() == []
    assert emails.unsent_email_ids(older_than=timedelta(0)) == [email.pk]


def test_email_permanent_failure_kept_for_staff_not_retried(staff, settings):
    email = emails.send_test_email(user=staff)
    settings.MAILERS = REFUSING
    assert emails.deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert "550" in email.last_error


def test_send_email_task_retries_transient_failures_until_max_attempts(staff, settings):
    email = emails.send_test_email(user=staff)
    settings.MAILERS = SMTP_DOWN
    result = tasks.send_email.delay(email.pk)  # eager: the retries run at once
    assert isinstance(result.result, emails.TransientEmailError)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, emails.MAX_ATTEMPTS)


def test_send_email_task_does_not_retry_permanent_failures(staff, settings):
    email = emails.send_test_email(user=staff)
    settings.MAILERS = REFUSING
    assert tasks.send_email.delay(email.pk).get() is False
    email.refresh_from_db()
    assert email.attempts == 1


def test_staff_retry_sends_failed_email_with_fresh_attempts(staff, django_capture_on_commit_callbacks):
    email = emails.send_test_email(user=staff)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=emails.MAX_ATTEMPTS, last_error="refused"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert emails.retry_emails(email_ids=[email.pk]) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error, len(mail.outbox)) == (Status.SENT, 1, "", 1)


def test_staff_retry_leaves_sent_email_alone(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.send_test_email(user=staff)
    assert emails.retry_emails(email_ids=[email.pk]) == 0


def test_email_left_sending_by_dead_worker_is_sent_again_later(staff):
    email = emails.send_test_email(user=staff)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.SENDING, attempts=1, last_attempt_at=timezone.now() - emails.STUCK_AFTER - timedelta(minutes=1)
    )
    assert emails.unsent_email_ids() == [email.pk]
    assert emails.deliver(email_id=email.pk) is True


def test_email_being_sent_is_not_taken_by_another_worker(staff):
    email = emails.send_test_email(user=staff)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, attempts=1, last_attempt_at=timezone.now())
    assert emails.unsent_email_ids() == []
    assert emails.deliver(email_id=email.pk) is False


@emails.attachment_renderer("test_document")
def _render_test_document(object_id: int, language: str) -> bytes:
    return f"%PDF-1.7 document {object_id} in {language}".encode()


def test_email_attachment_rendered_when_sent(staff, django_capture_on_commit_callbacks):
    staff.language = "en"
    attachment = emails.DocumentAttachment(kind="test_document", object_id=42, filename="document.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[attachment])
    assert email.attachments == [
        {"kind": "test_document", "object_id": 42, "filename": "document.pdf", "mimetype": "application/pdf"}
    ]
    assert mail.outbox[0].attachments == [("document.pdf", b"%PDF-1.7 document 42 in en", "application/pdf")]


def test_email_attachment_of_unknown_kind_refused_when_queued(staff):
    attachment = emails.DocumentAttachment(kind="no_such_document", object_id=1, filename="x.pdf")
    with pytest.raises(ValueError):
        emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[attachment])
    assert OutboundEmail.objects.count() == 0


def test_attachment_added_to_a_queued_email_goes_with_it(staff, django_capture_on_commit_callbacks):
    first = emails.DocumentAttachment(kind="test_document", object_id=1, filename="first.pdf")
    added = emails.DocumentAttachment(kind="test_document", object_id=2, filename="added.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[first])
        emails.add_attachment(email, added)

    assert [item["filename"] for item in OutboundEmail.objects.get(pk=email.pk).attachments] == [
        "first.pdf",
        "added.pdf",
    ]
    assert [name for name, _content, _type in mail.outbox[0].attachments] == ["first.pdf", "added.pdf"]


def test_attachment_refused_once_the_email_may_have_left_or_of_unknown_kind(staff):
    email = emails.send_test_email(user=staff)
    with pytest.raises(ValueError):
        emails.add_attachment(email, emails.DocumentAttachment(kind="no_such_document", object_id=1, filename="x"))
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.SENDING, attempts=1)
    with pytest.raises(ValueError):
        emails.add_attachment(email, emails.DocumentAttachment(kind="test_document", object_id=1, filename="x"))
    assert OutboundEmail.objects.get(pk=email.pk).attachments == []


def test_email_retry_after_failure_sends_it(staff):
    email = emails.send_test_email(user=staff)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED, attempts=1, last_error="refused")
    assert emails.deliver(email_id=email.pk) is True
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error, len(mail.outbox)) == (Status.SENT, 2, "", 1)


def test_email_gives_up_after_max_attempts(staff):
    email = emails.send_test_email(user=staff)
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED, attempts=emails.MAX_ATTEMPTS)
    assert emails.deliver(email_id=email.pk) is False
    assert emails.unsent_email_ids() == []
