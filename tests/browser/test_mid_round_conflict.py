"""A conflict that surfaces after assignment, in a real browser: the judge logs in (and lands on their
dashboard), finds a province with the filter box of the declaration, declares it with the
organisation of an application already assigned to them, and the dashboard then lists that
application as withdrawn for a conflict of interest, with no link to open (no 404 to run into)."""

import pytest
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_TOTP_SECRET
from judging.models import Assignment, Declaration
from tests.browser.helpers import log_in, seed_demo, watch_csp

JUDGE_EMAIL = "judge1@example.com"
CYCLE_SLUG = "demo-judging"


@pytest.mark.browser
def test_judge_declares_a_conflict_and_sees_the_assignment_withdrawn(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()
    base = live_server.url
    assignment = (
        Assignment.objects.filter(judge__email=JUDGE_EMAIL, round__cycle__slug=CYCLE_SLUG)
        .select_related("application__organisation__province")
        .order_by("pk")
        .first()
    )
    application = assignment.application
    province = application.organisation.province
    problems = watch_csp(page)

    # Act: log in; the judge lands on their dashboard.
    log_in(page, base, JUDGE_EMAIL, "demo-award-2026", totp_secret=DEMO_TOTP_SECRET)

    # Assert
    expect(page).to_have_url(base + "/judging/")

    # Act: the declaration, its province found with the filter box.
    page.goto(f"{base}/judging/declaration/{CYCLE_SLUG}/")
    options = page.locator("[data-province-option]")
    expect(options).to_have_count(77)
    page.locator("[data-filter-input]").fill(province.name_en[:5])

    # Assert: only the provinces whose name holds what was typed are shown.
    visible = page.locator("[data-province-option]:visible")
    expect(visible.filter(has_text=province.name_th)).to_have_count(1)
    assert 1 <= visible.count() < 77
    page.locator("[data-filter-input]").fill("ไม่มีจังหวัดนี้")
    expect(page.locator("[data-province-option]:visible")).to_have_count(0)
    expect(page.locator("[data-filter-empty]")).to_be_visible()
    page.locator("[data-filter-input]").fill(province.name_th)
    expect(page.locator("[data-province-option]:visible")).to_have_count(1)

    # Act: tick it, name the organisation, save.
    page.locator("[data-province-option]:visible input[type=checkbox]").check()
    page.locator("#id_organisations").fill(application.organisation.name)
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert: back on the dashboard, the application is withdrawn, shown without a link.
    expect(page).to_have_url(base + "/judging/")
    withdrawn = page.get_by_test_id("withdrawn").get_by_test_id("assignment").filter(has_text=application.reference)
    expect(withdrawn).to_have_count(1)
    expect(withdrawn).to_contain_text("ถอนแล้ว: มีส่วนได้ส่วนเสีย")
    expect(withdrawn.locator("a")).to_have_count(0)
    expect(
        page.get_by_test_id("to-answer").get_by_test_id("assignment").filter(has_text=application.reference)
    ).to_have_count(0)
    assignment.refresh_from_db()
    assert assignment.withdrawn and province.code in assignment.withdrawal_reason
    assert problems == []


@pytest.mark.browser
def test_province_declaration_works_without_javascript(live_server, transactional_db, browser):
    # Arrange: a browser with JavaScript off.
    seed_demo()
    base = live_server.url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, JUDGE_EMAIL, "demo-award-2026", totp_secret=DEMO_TOTP_SECRET)

    # Act
    page.goto(f"{base}/judging/declaration/{CYCLE_SLUG}/")

    # Assert: every province is there, by region; the filter box (which needs JavaScript) is not shown.
    expect(page.locator("[data-province-option]:visible")).to_have_count(77)
    expect(page.locator("fieldset[data-region]")).to_have_count(6)
    expect(page.locator("[data-filter-input]")).to_be_hidden()

    # Act: tick two provinces and save.
    page.locator("[data-province-option] input[type=checkbox]").nth(0).check()
    page.locator("[data-province-option] input[type=checkbox]").nth(40).check()
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert
    expect(page).to_have_url(base + "/judging/")
    declaration = Declaration.objects.get(judge__email=JUDGE_EMAIL, cycle__slug=CYCLE_SLUG)
    assert declaration.provinces.count() == 2
    context.close()
