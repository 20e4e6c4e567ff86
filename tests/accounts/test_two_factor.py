"""Two-factor authentication: who must use it, what a session without it may reach, the code step at
log-in, setting up an authenticator app, the limit on wrong codes, session expiry and the audit log."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.middleware import LOGGED_IN_AT, SEEN_AT
from accounts.models import AuditEvent
from core.models import OutboundEmail
from scripts.totp import totp
from tests.factories import EmailAddressFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def verified(user):
    EmailAddressFactory(user=user)
    return user


def with_totp(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def password_login(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def enrolment_link_in_outbox() -> str:
    body = OutboundEmail.objects.get(kind="two_factor_enrolment").body_text
    return re.search(r"https?://[^/\s]+(/\S*account/two-factor/\S+/)", body).group(1)


def reauthenticate(client):
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


# Who reaches admin


def test_staff_without_two_factor_are_sent_to_set_it_up_instead_of_admin(client, staff):
    client.force_login(staff)

    response = client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:two_factor_enrolment"))


def test_superuser_without_two_factor_cannot_reach_admin(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)

    for url in ("/admin/", "/admin/accounts/user/", "/admin/accounts/auditevent/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, reverse("accounts:two_factor_enrolment"))


def test_staff_with_an_authenticator_but_no_code_this_session_must_give_one(client, staff):
    with_totp(staff)
    client.force_login(staff)

    response = client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Faccounts%2Fuser%2F"


def test_staff_who_passed_two_factor_reach_admin(staff, login_as):
    response = login_as(staff).get("/admin/")

    assert response.status_code == 200
    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1


def test_judge_never_reaches_admin_even_with_two_factor(judge, login_as):
    client = login_as(judge)

    for url in ("/admin/", "/admin/login/", "/admin/accounts/auditevent/", "/admin/judging/"):
        assert client.get(url).status_code == 403, url


def test_anonymous_admin_goes_to_the_site_log_in_not_admins_own(client):
    first = client.get("/admin/")
    second = client.get(first["Location"])

    assert (first.status_code, first["Location"]) == (302, "/admin/login/?next=/admin/")
    assert (second.status_code, second["Location"]) == (302, "/accounts/login/?next=%2Fadmin%2F")


def test_admin_log_in_form_cannot_bypass_two_factor(client, staff):
    with_totp(staff)

    response = client.post("/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


# The judges' area and applicants


def test_judge_without_two_factor_is_sent_to_set_it_up(client, judge):
    client.force_login(judge)

    response = client.get(reverse("judging:dashboard"))

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:two_factor_enrolment"))


def test_judge_with_an_authenticator_needs_a_code_this_session_for_judging(client, judge):
    with_totp(judge)
    client.force_login(judge)

    response = client.get(reverse("judging:dashboard"))

    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fjudging%2F"


def test_chair_without_two_factor_is_sent_to_set_it_up(client, chair):
    client.force_login(chair)

    assert client.get("/").headers["Location"] == reverse("accounts:two_factor_enrolment")


def test_two_factor_is_optional_for_applicants(client, applicant):
    client.force_login(applicant)

    dashboard = client.get(reverse("submissions:dashboard"))

    assert dashboard.status_code == 200
    assert f'href="{reverse("mfa_index")}"' in dashboard.content.decode()
    assert client.get(reverse("mfa_index")).status_code == 200


# Logging in with a code


def test_staff_log_in_with_password_then_code_and_reach_admin(client, staff):
    verified(staff)
    secret = with_totp(staff)

    first = password_login(client, staff)
    assert first["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    second = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})

    assert second.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=staff).count() == 1


def test_a_recovery_code_replaces_the_app(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    verified(staff)
    with_totp(staff)
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]

    password_login(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.get("/admin/").status_code == 200


def test_wrong_codes_are_limited_per_account(client, staff):
    verified(staff)
    secret = with_totp(staff)
    password_login(client, staff)

    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000" if totp(secret) != "000000" else "111111"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.mfa_failed", target_id=str(staff.pk)).count() == 5


# Setting up an authenticator


def test_staff_set_up_an_authenticator_and_then_reach_admin(transactional_db, client, staff):
    # allauth announces the new authenticator after the commit: this test lets it commit.
    verified(staff)
    password_login(client, staff)
    assert client.get("/admin/")["Location"] == reverse("accounts:two_factor_enrolment")
    # The set-up page opens only through the link e-mailed to the person (accounts/enrolment.py).
    client.get(reverse("accounts:two_factor_enrolment"))
    client.get(enrolment_link_in_outbox())
    # allauth asks for the password again before a change to the second factor.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    reauthenticate(client)

    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})

    assert page.status_code == 200
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200
    assert client.get("/admin/").status_code == 200
    events = AuditEvent.objects.filter(actor=staff, action__startswith="mfa.").order_by("pk")
    assert list(events.values_list("action", "detail")) == [
        ("mfa.enrolment_link_sent", {}),
        ("mfa.enrolment_link_opened", {}),
        ("mfa.added", {"type": "totp"}),
        ("mfa.added", {"type": "recovery_codes"}),
    ]


def test_staff_cannot_switch_their_authenticator_off(staff, login_as):
    client = login_as(staff)
    reauthenticate(client)

    response = client.post(reverse("mfa_deactivate_totp"))

    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert response.status_code == 200


def test_applicant_may_switch_their_authenticator_off(client, applicant):
    verified(applicant)
    secret = with_totp(applicant)
    password_login(client, applicant)
    client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    reauthenticate(client)

    client.post(reverse("mfa_deactivate_totp"))

    assert not Authenticator.objects.filter(user=applicant, type="totp").exists()
    assert AuditEvent.objects.filter(actor=applicant, action="mfa.removed").exists()


# Session expiry


def _age_session(client, *, logged_in_ago: float, seen_ago: float):
    session = client.session
    session[LOGGED_IN_AT] = time.time() - logged_in_ago
    session[SEEN_AT] = time.time() - seen_ago
    session.save()


def test_staff_session_ends_eight_hours_after_log_in_even_when_active(staff, login_as):
    client = login_as(staff)
    _age_session(client, logged_in_ago=8 * 3600 + 1, seen_ago=10)

    response = client.get("/admin/")

    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"
    assert "_auth_user_id" not in client.session


def test_judge_session_ends_after_an_idle_hour(judge, login_as):
    client = login_as(judge)
    _age_session(client, logged_in_ago=2 * 3600, seen_ago=3601)

    response = client.get(reverse("judging:dashboard"))

    assert response["Location"].startswith("/accounts/login/")
    assert AuditEvent.objects.filter(actor=judge, action="auth.logout").exists()


def test_active_judge_session_within_the_limits_stays(judge, login_as):
    client = login_as(judge)
    _age_session(client, logged_in_ago=7 * 3600, seen_ago=3000)

    assert client.get(reverse("judging:dashboard")).status_code == 200


# Audit log of account events


def test_failed_log_in_and_log_out_are_in_the_audit_log(client, applicant):
    verified(applicant)
    client.post("/accounts/login/", {"login": applicant.email, "password": "wrong-password"})
    password_login(client, applicant)
    client.post("/accounts/logout/")

    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert actions == ["auth.login_failed", "auth.login", "auth.logout"]
    assert failed.detail == {"email": applicant.email}
    assert failed.ip_address == "127.0.0.1"
