"""Staff see failed e-mails in the outbox, send them again, and open the attachments as sent."""

import pytest
from django.core import mail
from django.urls import reverse

from core import emails
from core.models import OutboundEmail

pytestmark = pytest.mark.django_db
Status = OutboundEmail.Status


@emails.attachment_renderer("outbox_admin_test")
def _render(object_id: int, language: str) -> bytes:
    return f"%PDF-1.7 {object_id} {language}".encode()


def failed_email(user, **fields) -> OutboundEmail:
    email = emails.send_test_email(user=user)
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=emails.MAX_ATTEMPTS, last_error="421 try later", **fields
    )
    return email


def test_outbox_shows_failure_status_error_and_attempts(login_as, staff):
    email = failed_email(staff)
    client = login_as(staff)

    listing = client.get(reverse("admin:core_outboundemail_changelist"), {"status": "failed"}).content.decode()
    detail = client.get(reverse("admin:core_outboundemail_change", args=[email.pk])).content.decode()

    assert email.subject in listing
    assert "421 try later" in detail


def test_outbox_retry_action_sends_failed_email(login_as, staff, django_capture_on_commit_callbacks):
    email = failed_email(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(staff).post(
            reverse("admin:core_outboundemail_changelist"), {"action": "retry", "_selected_action": [email.pk]}
        )
    email.refresh_from_db()
    assert response.status_code == 302
    assert (email.status, email.attempts, len(mail.outbox)) == (Status.SENT, 1, 1)


def test_outbox_attachment_opens_for_staff_as_sent(login_as, staff):
    staff.language = "en"
    attachment = emails.DocumentAttachment(kind="outbox_admin_test", object_id=7, filename="receipt-X.pdf")
    email = emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[attachment])
    client = login_as(staff)

    detail = client.get(reverse("admin:core_outboundemail_change", args=[email.pk])).content.decode()
    url = reverse("admin:core_outboundemail_attachment", args=[email.pk, 0])
    response = client.get(url)

    assert url in detail and "receipt-X.pdf" in detail
    assert (response["Content-Type"], response.content) == ("application/pdf", b"%PDF-1.7 7 en")


def test_outbox_attachment_refused_to_non_staff(login_as, applicant, staff):
    attachment = emails.DocumentAttachment(kind="outbox_admin_test", object_id=7, filename="receipt-X.pdf")
    email = emails.email_user(user=staff, kind="test", template="test", context={}, attachments=[attachment])
    response = login_as(applicant).get(reverse("admin:core_outboundemail_attachment", args=[email.pk, 0]))
    assert response.status_code == 403  # admin refuses anyone signed in without the staff flag
    assert b"%PDF" not in response.content
