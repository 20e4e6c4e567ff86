import pytest
from django.test import Client

from tests.i18n import thai

pytestmark = pytest.mark.django_db


def test_not_found_page_in_thai(client):
    response = client.get("/no-such-edition/")
    html = response.content.decode()
    assert response.status_code == 404
    assert thai("Page not found") in html
    assert thai("Go to the home page") in html


def test_not_found_page_in_english(client):
    response = client.get("/en/no-such-edition/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_expired_form_explains_in_thai():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@example.com", "password": "x"})
    assert response.status_code == 403
    assert thai("The form has expired") in response.content.decode()


def test_server_error_page_needs_no_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "ระบบขัดข้องชั่วคราว" in html
    assert "Something went wrong" in html
