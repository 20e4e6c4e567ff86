import pytest
from django.urls import reverse

from tests.i18n import thai

pytestmark = pytest.mark.django_db


def test_login_with_email_redirects_home(client, applicant):
    response = client.post(
        reverse("accounts:login"), {"username": "applicant@example.com", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:home")
    assert client.session["_auth_user_id"] == str(applicant.pk)


def test_login_wrong_password_keeps_email_and_explains(client, applicant):
    response = client.post(reverse("accounts:login"), {"username": "applicant@example.com", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="applicant@example.com"' in html
    expected = thai("The e-mail address or password is not correct. Check both and try again.")
    assert response.context["form"].non_field_errors() == [expected]


def test_login_as_helper_logs_in(login_as, judge):
    client = login_as(judge)
    assert client.session["_auth_user_id"] == str(judge.pk)


def test_staff_reach_admin_others_do_not(client, login_as, staff, applicant):
    assert login_as(staff).get("/admin/").status_code == 200
    client.logout()
    response = login_as(applicant).get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
