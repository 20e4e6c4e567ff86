"""Staff type Buddhist-era dates into admin in a real browser (Debian's Chromium), the way Thai
officers write them, and the public page, the list and the history show them back in the Buddhist
Era; an impossible date is refused with what was typed left in place."""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from awards.enums import MilestoneKind
from awards.models import Milestone
from demo.accounts import DEMO_TOTP_SECRET
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations, watch_csp
from tests.i18n import thai

DOES_NOT_EXIST = "The date %(date)s does not exist: check the day and the month."


def _save_and_continue(page: Page) -> None:
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()


def _local_day(milestone: Milestone) -> date:
    milestone.refresh_from_db()
    return timezone.localtime(milestone.starts_at).date()


@pytest.mark.browser
def test_staff_type_buddhist_era_dates_into_a_milestone_and_read_them_back(
    live_server, transactional_db, page: Page, artifacts_dir
):
    # Arrange: the 2022 edition's briefing (1 July 2565); staff log in with their authenticator.
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    briefing = Milestone.objects.get(cycle__slug="2022", kind=MilestoneKind.BRIEFING)
    log_in(page, base, "staff@example.com", "demo-award-2026", totp_secret=DEMO_TOTP_SECRET)
    page.goto(f"{base}/admin/awards/milestone/{briefing.pk}/change/")
    day, time = page.locator("#id_starts_at_0"), page.locator("#id_starts_at_1")
    expect(day).to_have_value("01/07/2565")
    assert serious_axe_violations(page) == []

    # Act: a date that does not exist.
    day.fill("31/02/2565")
    time.fill("10:00")
    _save_and_continue(page)

    # Assert: refused, said so beside the field, and what was typed is still there.
    expect(page.locator(".errorlist")).to_contain_text(thai(DOES_NOT_EXIST) % {"date": "31/02/2565"})
    expect(day).to_have_value("31/02/2565")
    expect(time).to_have_value("10:00")
    assert _local_day(briefing) == date(2022, 7, 1)
    page.screenshot(path=artifacts_dir / "admin-date-refused.png", full_page=True)

    # Act: a two-digit year, without a time.
    day.fill("15/9/65")
    time.fill("")
    _save_and_continue(page)

    # Assert: 2565, shown back in full.
    assert _local_day(briefing) == date(2022, 9, 15)
    expect(day).to_have_value("15/09/2565")

    # Act: a Buddhist-era year in full.
    day.fill("18/01/2570")
    _save_and_continue(page)

    # Assert: stored as 18 January 2027, and read as 18 มกราคม 2570 on the public page.
    assert _local_day(briefing) == date(2027, 1, 18)
    expect(day).to_have_value("18/01/2570")
    page.goto(f"{base}/2022/")
    expect(page.locator('.timeline-item[data-kind="briefing"]')).to_contain_text("18 มกราคม 2570")

    # Assert: the list and the history in admin read the Buddhist Era too.
    page.goto(f"{base}/admin/awards/milestone/?cycle__id__exact={briefing.cycle_id}")
    expect(page.locator("#result_list")).to_contain_text("18 ม.ค. 2570")
    page.goto(f"{base}/admin/awards/milestone/{briefing.pk}/history/")
    expect(page.get_by_test_id("history-changes").first).to_contain_text("15 ก.ย. 2565 00.00 น. → 18 ม.ค. 2570")
    page.screenshot(path=artifacts_dir / "admin-date-history.png", full_page=True)
    assert problems == []
