"""The back office's dashboard lives at /admin/dashboard/ but outside admin's URL namespace: the
security middleware must gate it as admin (found by the authorisation matrix: staff who had not given
their second factor this session reached it, and other people signed in were sent to admin's log-in
instead of the 403 every other /admin/ page gives them)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_must_give_their_second_factor_before_the_dashboard(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)

    response = client.get("/admin/dashboard/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_reauthenticate')}?next=%2Fadmin%2Fdashboard%2F"


def test_staff_without_an_authenticator_set_one_up_before_the_dashboard(client, staff):
    client.force_login(staff)

    response = client.get("/admin/dashboard/")

    assert (response.status_code, response["Location"]) == (302, reverse("accounts:two_factor_enrolment"))


@pytest.mark.parametrize("persona", ["applicant", "judge", "province_viewer"])
def test_people_without_admin_access_are_refused_the_dashboard(request, login_as, persona):
    response = login_as(request.getfixturevalue(persona)).get("/admin/dashboard/")

    assert response.status_code == 403


def test_staff_who_passed_two_factor_open_the_dashboard(staff, login_as):
    assert login_as(staff).get("/admin/dashboard/").status_code == 200
