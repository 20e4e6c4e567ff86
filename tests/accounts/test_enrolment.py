"""A privileged account's first second factor is set up only after the link e-mailed at log-in is
opened: a password alone never reaches the set-up page. The link works once, and not for ever."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from accounts.enrolment import send_enrolment_link
from accounts.models import AuditEvent
from core.models import OutboundEmail
from scripts.totp import totp
from tests.factories import EmailAddressFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def password_login(client, user):
    EmailAddressFactory(user=user)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def link_in_outbox() -> str:
    email = OutboundEmail.objects.filter(kind="two_factor_enrolment").latest("pk")
    return re.search(r"https?://[^/\s]+(/\S*account/two-factor/\S+/)", email.body_text).group(1)


def test_enrolment_password_alone_cannot_reach_the_set_up_page(client, staff):
    password_login(client, staff)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    response = client.get(reverse("mfa_activate_totp"))

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:two_factor_enrolment"))
    assert "mfa.totp.secret" not in client.session


@pytest.mark.parametrize("persona", ["staff", "judge", "chair"])
def test_enrolment_first_log_in_sends_the_link_and_says_so(persona, client, request):
    user = request.getfixturevalue(persona)
    password_login(client, user)

    page = client.get("/", follow=True)

    assert page.redirect_chain[-1][0] == reverse("accounts:two_factor_enrolment")
    assert user.email in page.content.decode()
    assert OutboundEmail.objects.filter(kind="two_factor_enrolment", to=user.email).count() == 1


def test_enrolment_email_greets_the_person_by_name(judge):
    email = send_enrolment_link(user=judge)
    assert email.body_text.startswith("เรียน กรรมการ หนึ่ง\n")
    assert "ท่านผู้ได้รับเชิญ" not in email.body_text


def test_enrolment_link_opens_the_set_up_page(client, staff):
    password_login(client, staff)
    client.get(reverse("accounts:two_factor_enrolment"))

    response = client.get(link_in_outbox())

    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    assert AuditEvent.objects.filter(action="mfa.enrolment_link_opened", actor=staff).count() == 1


def test_enrolment_whole_set_up_through_the_link_reaches_admin(transactional_db, client, staff):
    # allauth announces the new authenticator after the commit: this test lets it commit.
    password_login(client, staff)
    client.get(reverse("accounts:two_factor_enrolment"))
    client.get(link_in_outbox())
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    client.post(reverse("mfa_activate_totp"), {"code": totp(secret)})

    assert Authenticator.objects.filter(user=staff, type="totp").count() == 1
    assert client.get("/admin/").status_code == 200


def test_enrolment_link_works_once(client, staff):
    password_login(client, staff)
    client.get(reverse("accounts:two_factor_enrolment"))
    link = link_in_outbox()
    client.get(link)
    session = client.session
    del session["accounts.enrolment_proven_for"]
    session.save()

    again = client.get(link)

    assert again["Location"] == reverse("accounts:two_factor_enrolment")
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("accounts:two_factor_enrolment")


def test_enrolment_link_expires(client, staff, settings):
    password_login(client, staff)
    client.get(reverse("accounts:two_factor_enrolment"))
    link = link_in_outbox()
    # The link is now older than its validity (moving the clock would end the session first).
    settings.TWO_FACTOR_ENROLMENT_LINK_HOURS = 0
    time.sleep(0.01)

    response = client.get(link)

    assert response["Location"] == reverse("accounts:two_factor_enrolment")


def test_enrolment_link_of_another_person_does_not_open_the_page(client, staff, judge):
    send_enrolment_link(user=judge)
    judges_link = link_in_outbox()
    password_login(client, staff)

    response = client.get(judges_link)

    assert response["Location"] == reverse("accounts:two_factor_enrolment")
    assert client.get(reverse("mfa_activate_totp"))["Location"] == reverse("accounts:two_factor_enrolment")


def test_enrolment_a_new_link_retires_the_earlier_one(client, staff):
    password_login(client, staff)
    client.get(reverse("accounts:two_factor_enrolment"))
    first = link_in_outbox()
    send_enrolment_link(user=staff)

    response = client.get(first)

    assert response["Location"] == reverse("accounts:two_factor_enrolment")


def test_enrolment_link_sent_from_admin(staff, judge, login_as):
    client = login_as(staff)

    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_two_factor_enrolment_link", "_selected_action": [judge.pk]},
    )

    assert response.status_code == 302
    assert list(OutboundEmail.objects.values_list("kind", "to")) == [("two_factor_enrolment", judge.email)]
