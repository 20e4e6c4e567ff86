"""The per-account limit on wrong passwords: five within five minutes, from any addresses, pause
log-ins to that account before any password is checked; the pause passes by itself, and a password
reset lifts it at once."""

import re
import time

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import AuditEvent
from core.models import OutboundEmail
from tests.factories import EmailAddressFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def attempt(client, user, password, ip):
    return client.post(reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=ip)


def five_wrong_passwords_from_five_addresses(client, user):
    for n in range(5):
        attempt(client, user, "wrong-password", f"203.0.113.{n + 1}")


def test_login_limit_refuses_the_right_password_after_five_wrong_ones_from_other_addresses(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)

    response = attempt(client, applicant, PASSWORD, "198.51.100.7")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert reverse("account_reset_password") in response.content.decode()


def test_login_limit_message_names_the_time_in_thai(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)

    response = attempt(client, applicant, PASSWORD, "198.51.100.7")

    assert "ลองเข้าสู่ระบบอีกครั้งได้ตั้งแต่เวลา" in response.content.decode()


def test_login_limit_message_is_in_english_for_english_readers(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)
    with translation.override("en"):
        english_login = reverse("account_login")

    response = client.post(english_login, {"login": applicant.email, "password": PASSWORD})

    assert "You can try to log in again from" in response.content.decode()


def test_login_limit_does_not_check_the_password_while_paused(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)

    attempt(client, applicant, "another-wrong-one", "198.51.100.8")

    # Django announces every checked wrong password: the sixth was refused before the check.
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5


def test_login_limit_is_recorded_in_the_audit_log(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)

    attempt(client, applicant, PASSWORD, "198.51.100.7")

    events = AuditEvent.objects.filter(action="auth.account_limited")
    assert list(events.values_list("detail", flat=True)) == [{"email": "applicant@example.com"}]


def test_login_limit_passes_by_itself_after_five_minutes(client, applicant, monkeypatch):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)
    later = time.time() + 5 * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)

    response = attempt(client, applicant, PASSWORD, "198.51.100.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_login_limit_four_wrong_passwords_still_let_the_owner_in(client, applicant):
    EmailAddressFactory(user=applicant)
    for n in range(4):
        attempt(client, applicant, "wrong-password", f"203.0.113.{n + 1}")

    response = attempt(client, applicant, PASSWORD, "198.51.100.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_login_limit_is_lifted_by_a_password_reset(client, applicant):
    EmailAddressFactory(user=applicant)
    five_wrong_passwords_from_five_addresses(client, applicant)
    client.post(reverse("account_reset_password"), {"email": applicant.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", OutboundEmail.objects.get().body_text)
    form = client.get(link.group(1), follow=True)
    client.post(
        form.redirect_chain[-1][0], {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )

    response = attempt(client, applicant, "a-brand-new-passphrase", "198.51.100.7")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(applicant.pk)
