"""Staff pages agree with the public ones, in a real browser (Debian's Chromium): the staff pages
outside admin (rounds, shortlist, rankings, the local-government report) sit in the site's container,
their left edge and width those of the header and the home page; their wide tables scroll from the
keyboard; and the dashboard of the live edition points to the Popular Vote the public is voting in.

As in the other browser tests, ``live_server`` serves the site from another thread, so the data is
committed (``transactional_db``) and the test loads the demo itself; staff's session is handed to
the browser as in tests/browser/test_staff_backoffice.py.
"""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from accounts.models import User
from judging.models import Round
from tests.browser.helpers import seed_demo, serious_axe_violations, watch_csp

DESKTOP = {"width": 1600, "height": 1000}


def _log_in_as_staff(page: Page, base_url: str, login_as) -> None:
    client = login_as(User.objects.get(email="staff@example.com"))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def _frame(page: Page) -> tuple[int, int]:
    """The left edge and width of the page's heading's column, beside the header's brand."""
    heading = page.locator("main h1").first.bounding_box()
    brand = page.locator(".site-header .navbar-brand").bounding_box()
    footer = page.locator(".site-footer .container").bounding_box()
    return round(heading["x"] - brand["x"]), round(footer["width"])


@pytest.mark.browser
def test_staff_pages_sit_in_the_sites_container(live_server, transactional_db, page: Page, artifacts_dir, login_as):
    # Arrange
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    _log_in_as_staff(page, base, login_as)
    page.set_viewport_size(DESKTOP)
    shortlist = Round.objects.get(cycle__slug="demo-finalists", kind="screening")
    page.goto(base + "/")
    home_column = round(page.locator(".site-footer .container").bounding_box()["width"])
    staff_pages = [
        "/judging/staff/",
        f"/judging/staff/rounds/{shortlist.pk}/shortlist/",
        "/judging/rankings/",
        "/reports/local-governments/",
    ]

    for path in staff_pages:
        # Act
        page.goto(base + path)

        # Assert: the heading starts where the header's brand does, in the home page's column.
        main = page.locator("main").bounding_box()
        column = page.locator("main h1").first.evaluate("node => node.closest('.container') !== null")
        assert (path, column, _frame(page)) == (path, True, (0, home_column))
        assert main["width"] == DESKTOP["width"]
        assert serious_axe_violations(page) == [], path
    page.goto(base + f"/judging/staff/rounds/{shortlist.pk}/shortlist/")
    page.screenshot(path=artifacts_dir / "staff-shortlist-in-container.png", full_page=True)

    # Assert: each wide table's wrapper takes the keyboard's focus and is named by its heading.
    wrapper = page.locator("div.table-responsive[role=region]").first
    wrapper.focus()
    expect(wrapper).to_be_focused()
    assert wrapper.get_attribute("aria-labelledby").startswith("shortlist-heading-")
    assert problems == []


@pytest.mark.browser
def test_the_live_editions_dashboard_points_to_the_public_vote(
    live_server, transactional_db, page: Page, artifacts_dir, login_as
):
    # Arrange
    seed_demo()
    base = live_server.url
    _log_in_as_staff(page, base, login_as)
    page.set_viewport_size(DESKTOP)

    # Act: the dashboard opens on the live edition, which has no vote of its own yet.
    page.goto(base + "/admin/dashboard/")

    # Assert: its page announces the Popular Vote award, so the panel says how to set it up, and the
    # vote the public is voting in now (the demo's Popular Vote edition) is pointed to.
    vote_panel = page.get_by_test_id("panel-vote")
    expect(vote_panel).to_contain_text("ยังไม่ได้ตั้งค่าการโหวต")
    expect(vote_panel.get_by_role("link", name="ตั้งค่าการโหวตรางวัลขวัญใจประชาชน (Popular Vote)")).to_be_visible()
    notice = page.get_by_test_id("vote-elsewhere")
    expect(notice).to_have_count(1)
    page.screenshot(path=artifacts_dir / "staff-dashboard-vote-elsewhere.png", full_page=True)

    # Act: follow it.
    notice.get_by_role("link").click()
    page.wait_for_load_state()

    # Assert: the vote's own panel counts the demo voters' votes from the ledger and says until when.
    expect(page.locator("#id_cycle")).to_have_value("demo-vote")
    expect(page.get_by_test_id("panel-vote").locator("tbody tr").first).to_be_visible()
    expect(page.get_by_test_id("panel-vote")).to_contain_text("ประชาชนโหวตได้จนถึง")
    expect(page.get_by_test_id("vote-elsewhere")).to_have_count(0)
    assert serious_axe_violations(page) == []
