"""Staff in a real browser: log in with a code from the authenticator app and reach admin; a new staff
member sets up the authenticator app before anything else; the account and two-factor pages pass axe
and break no Content Security Policy."""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.enums import Role
from accounts.models import AuditEvent
from accounts.services import create_user, grant_role
from core.models import OutboundEmail
from demo.accounts import DEMO_TOTP_SECRET
from tests.browser.helpers import fresh_totp, log_in, seed_demo, serious_axe_violations, watch_csp
from tests.factories import EmailAddressFactory

STAFF_EMAIL = "staff@example.com"


def enrolment_link_in_outbox(email: str) -> str:
    body = OutboundEmail.objects.get(kind="two_factor_enrolment", to=email).body_text
    return re.search(r"https?://[^/\s]+(/\S*account/two-factor/\S+/)", body).group(1)


DEMO_PASSWORD = "demo-award-2026"


@pytest.mark.browser
def test_staff_log_in_with_a_totp_code_and_reach_admin(live_server, transactional_db, page: Page, artifacts_dir):
    # Arrange
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)

    # Act: the password, then the code the authenticator app would show now.
    log_in(page, base, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.goto(base + "/admin/")

    # Assert
    expect(page).to_have_url(base + "/admin/")
    expect(page.locator('a[href="/admin/accounts/auditevent/"]').first).to_be_visible()
    page.screenshot(path=artifacts_dir / "staff-admin-after-2fa.png", full_page=True)
    assert AuditEvent.objects.filter(actor__email=STAFF_EMAIL, action="auth.login").count() == 1
    assert problems == []


@pytest.mark.browser
def test_new_staff_member_sets_up_the_authenticator_app_first(live_server, transactional_db, page: Page):
    # Arrange: a staff member with no authenticator yet.
    user = create_user(email="new.staff@example.com", password=DEMO_PASSWORD, full_name="เจ้าหน้าที่ใหม่")
    EmailAddressFactory(user=user)
    grant_role(user=user, role=Role.STAFF)
    base = live_server.url
    problems = watch_csp(page)

    # Act: log in; every page says a link to set up the app was e-mailed; the link opens the set-up
    # page (allauth asks for the password again first).
    log_in(page, base, user.email, DEMO_PASSWORD)
    page.goto(base + "/admin/")
    expect(page).to_have_url(base + "/account/two-factor/")
    link_page_violations = serious_axe_violations(page)
    page.goto(base + enrolment_link_in_outbox(user.email))
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    expect(page).to_have_url(base + "/accounts/2fa/totp/activate/")
    activate_violations = serious_axe_violations(page)
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("#id_code").fill(fresh_totp(secret))
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert: the recovery codes are shown, and admin opens.
    expect(page).to_have_url(base + "/accounts/2fa/recovery-codes/")
    expect(page.locator("#recovery_codes")).to_be_visible()
    page.goto(base + "/admin/")
    expect(page).to_have_url(base + "/admin/")
    assert (link_page_violations, activate_violations) == ([], [])
    assert problems == []


@pytest.mark.browser
def test_account_pages_have_no_serious_accessibility_violations(live_server, transactional_db, page: Page):
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    log_in(page, base, "applicant1@example.com", DEMO_PASSWORD)
    found = {}

    for path in ("/account/", "/account/delete/", "/accounts/2fa/"):
        page.goto(base + path)
        found[path] = serious_axe_violations(page)

    assert found == {path: [] for path in found}
    assert problems == []
