import pytest
from django.core import mail
from django.utils import translation

from awards import emails
from awards.models import OutboundEmail
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


def test_email_failure_kept_for_retry(staff, settings):
    email = emails.send_test_email(user=staff)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 2},
        }
    }
    assert emails.deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 1)
    assert email.last_error != ""
    assert emails.unsent_email_ids() == [email.pk]


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
