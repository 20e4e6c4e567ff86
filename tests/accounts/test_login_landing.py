"""After logging in (with no ``next`` address), each role lands where its work is: staff on the admin
dashboard, judges and the chair on their judging dashboard, province viewers on their report,
applicants on the home page. Through the real log-in form, the second factor included."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from accounts.two_factor import two_factor_required
from scripts.totp import totp
from tests.factories import EmailAddressFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def log_in(client, user, next_url=""):
    EmailAddressFactory(user=user)
    secret = generate_totp_secret() if two_factor_required(user) else None
    if secret:
        TOTP.activate(user, secret)
    query = f"?next={next_url}" if next_url else ""
    response = client.post(f"/accounts/login/{query}", {"login": user.email, "password": PASSWORD})
    if secret:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp(secret)})
    assert client.session["_auth_user_id"] == str(user.pk)
    return response


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("staff", "backoffice_dashboard"),
        ("judge", "judging:dashboard"),
        ("chair", "judging:dashboard"),
        ("province_viewer", "backoffice:local_governments"),
        ("applicant", "awards:home"),
    ],
)
def test_login_lands_each_role_on_its_page(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    response = log_in(client, user)
    assert (response.status_code, response["Location"]) == (302, reverse(landing))


def test_login_with_a_next_address_goes_there_whatever_the_role(client, judge):
    response = log_in(client, judge, next_url="/account/")
    assert response["Location"] == "/account/"
