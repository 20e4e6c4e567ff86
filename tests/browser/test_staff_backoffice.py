"""Staff in a real browser (Debian's Chromium): the dashboard inside admin, a shortlist from a bulk
action with its confirmation page, and an export of the selection read back; no CSP error on the way.

As in the other browser tests, ``live_server`` serves the site from another thread, so the data is
committed (``transactional_db``) and each test loads the demo itself. Staff log in the way the
tests' ``login_as`` does (its session is handed to the browser), so that a later log-in
requirement (two-factor authentication) is met in one place.
"""

import io

import openpyxl
import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.browser.helpers import seed_demo, serious_axe_violations, watch_csp

CYCLE_SLUG = "demo-judging"


def _log_in_as_staff(page: Page, base_url: str, login_as) -> None:
    client = login_as(User.objects.get(email="staff@example.com"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


@pytest.mark.browser
def test_staff_open_the_dashboard_shortlist_and_export(
    live_server, transactional_db, page: Page, artifacts_dir, login_as
):
    # Arrange
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    _log_in_as_staff(page, base, login_as)
    chosen = Application.objects.filter(cycle__slug=CYCLE_SLUG, status=ApplicationStatus.SUBMITTED).order_by("pk")
    first, second = chosen[0], chosen[1]

    # Act: from the admin index to the dashboard, switched to the edition in its screening round.
    page.goto(base + "/admin/")
    page.get_by_test_id("backoffice-links").get_by_role("link", name="แดชบอร์ด").click()
    page.locator("#id_cycle").select_option(CYCLE_SLUG)
    page.locator(".cycle-switcher input[type=submit]").click()
    page.wait_for_load_state()

    # Assert: the panels show the demo's applications and judging.
    expect(page.get_by_test_id("panel-status")).to_be_visible()
    expect(page.get_by_test_id("panel-rounds").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_test_id("panel-judges").locator("tbody tr")).to_have_count(3)
    page.screenshot(path=artifacts_dir / "staff-dashboard.png", full_page=True)
    assert serious_axe_violations(page) == []

    # Act: shortlist one application from the list's bulk action, confirming on the next page.
    page.goto(base + f"/admin/submissions/application/?cycle__id__exact={first.cycle_id}")
    page.locator(f'input.action-select[value="{first.pk}"]').check()
    page.locator('select[name="action"]').select_option("shortlist")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("confirm-objects")).to_contain_text(first.reference)
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SUBMITTED  # nothing changes before the confirmation
    page.get_by_test_id("confirm-action").click()
    page.wait_for_load_state()

    # Assert
    first.refresh_from_db()
    assert first.status == ApplicationStatus.SHORTLISTED
    expect(page.locator(".messagelist")).to_contain_text("1")

    # Act: export two applications as XLSX through the "Export selected" action and its format page.
    page.locator(f'input.action-select[value="{first.pk}"]').check()
    page.locator(f'input.action-select[value="{second.pk}"]').check()
    page.locator('select[name="action"]').select_option("export_admin_action")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    page.locator("#id_format").select_option(label="xlsx")
    with page.expect_download() as download_info:
        page.get_by_test_id("export-submit").click()
    content = download_info.value.path().read_bytes()

    # Assert: the file holds exactly the two applications, the shortlisted one as such.
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    by_reference = {row[0]: row for row in rows[1:]}
    assert set(by_reference) == {first.reference, second.reference}
    assert by_reference[first.reference][6] == ApplicationStatus.SHORTLISTED.label
    assert problems == []


@pytest.mark.browser
def test_province_viewer_reads_their_report_without_accessibility_or_csp_errors(
    live_server, transactional_db, page: Page, artifacts_dir, login_as
):
    # Arrange: the demo province viewer is tied to Nakhon Ratchasima, where the demo city applied.
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    client = login_as(User.objects.get(email="province@example.com"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])

    # Act: the navigation's link leads to their province's report.
    page.goto(base + "/")
    page.get_by_role("link", name="รายงานองค์กรปกครองส่วนท้องถิ่นที่สมัคร").click()
    page.wait_for_load_state()

    # Assert
    expect(page).to_have_url(base + "/reports/local-governments/30/")
    expect(page.get_by_test_id("application-row")).to_have_count(1)
    expect(page.get_by_test_id("application-row")).to_contain_text("เทศบาลนครตัวอย่าง")
    page.screenshot(path=artifacts_dir / "province-report.png", full_page=True)
    assert serious_axe_violations(page) == []
    assert page.goto(base + "/reports/local-governments/10/").status == 404
    assert problems == []
