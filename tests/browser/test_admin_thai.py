"""Admin's actions counter in a real browser (Debian's Chromium): admin's JavaScript writes it from
its JavaScript catalogue, which Django's Thai left as "0 จาก 6 selected" (locale/th/.../djangojs.po)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.browser.helpers import seed_demo


@pytest.mark.browser
def test_the_actions_counter_counts_the_selection_in_thai(live_server, transactional_db, page: Page, login_as):
    # Arrange: staff's session handed to the browser (two-factor authentication met as login_as does).
    seed_demo()
    client = login_as(User.objects.get(email="staff@example.com"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])

    # Act
    page.goto(live_server.url + "/admin/awards/category/")
    page.locator("input.action-select").first.check()

    # Assert
    counter = page.locator(".action-counter")
    expect(counter).to_have_text(re.compile(r"^เลือก 1 จาก \d+ รายการ$"))
    expect(counter).not_to_contain_text("selected")
