"""The public pages in a real browser (Debian's Chromium): language switch, the 2022 call, accessibility,
the Content Security Policy, and a phone-sized screen.

Each test loads the demo data itself: ``live_server`` runs in another thread, so the data must be
committed (``transactional_db``), and a fresh load per test keeps the tests independent.
"""

import struct
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.thai import thai_date
from tests.browser.helpers import PHONE, seed_demo, serious_axe_violations, watch_csp

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _demo_cycle_name(language: str) -> str:
    year = timezone.localdate().year
    if language == "th":
        return f"โครงการ The Smart City Solution Awards {year} (ฉบับสาธิต)"
    return f"The Smart City Solution Awards {year} (demo)"


def _png_size(path) -> tuple[int, int]:
    """Width and height from a PNG's header chunk (IHDR), which follows the 8-byte signature."""
    return struct.unpack(">II", path.read_bytes()[16:24])


@pytest.mark.browser
def test_home_page_switches_from_thai_to_english(live_server, transactional_db, page: Page, artifacts_dir):
    # Arrange
    seed_demo()
    home_th = artifacts_dir / "home-th.png"
    home_en = artifacts_dir / "home-en.png"
    for path in (home_th, home_en):
        path.unlink(missing_ok=True)
    # The live demo's deadline is 45 days after the day it is loaded (seed_demo).
    deadline_th = thai_date(timezone.localdate() + timedelta(days=45))

    # Act
    page.goto(live_server.url + "/")

    # Assert: the Thai page.
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("main h1")).to_have_text(_demo_cycle_name("th"))
    # The project's Thai catalogue (locale/th) is not compiled yet, so our own UI strings such as
    # "About this edition" still show in English. Until it is, the Thai side is checked on data rendered
    # in Thai (the organiser, the Buddhist-era deadline) and on "Log in", which Django's own Thai
    # catalogue already translates. Once locale/th is compiled, also assert on one of our strings.
    expect(page.locator(".hero")).to_contain_text("สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)")
    expect(page.locator('.timeline-item[data-kind="submission_deadline"] time')).to_have_text(deadline_th)
    expect(page.get_by_role("navigation").get_by_role("link", name="เข้าสู่ระบบ", exact=True)).to_be_visible()
    page.screenshot(path=home_th, full_page=True)

    # Act
    page.get_by_test_id("language-en").click()

    # Assert: the English page.
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main h1")).to_have_text(_demo_cycle_name("en"))
    expect(page.get_by_role("link", name="About this edition", exact=True)).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in", exact=True)).to_be_visible()
    expect(page.get_by_test_id("language-th")).to_have_text("ภาษาไทย")
    page.screenshot(path=home_en, full_page=True)

    viewport_width = page.viewport_size["width"]
    for path in (home_th, home_en):
        assert path.read_bytes()[:8] == PNG_SIGNATURE
        width, height = _png_size(path)
        assert width == viewport_width
        assert height > page.viewport_size["height"]  # the whole page, not just the visible part


@pytest.mark.browser
def test_cycle_2022_page_shows_call(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()

    # Act
    page.goto(live_server.url + "/2022/")

    # Assert
    expect(page.locator("html")).to_have_attribute("lang", "th")
    expect(page.locator("main h1")).to_have_text("โครงการ The Smart City Solution Awards 2022")
    expect(page.get_by_test_id("category")).to_have_count(7)
    expect(page.get_by_test_id("prize-popular_vote")).to_contain_text("รางวัลขวัญใจประชาชน (Popular Vote)")
    deadline = page.locator('.timeline-item[data-kind="submission_deadline"]')
    expect(deadline.locator("time")).to_have_text("31 สิงหาคม 2565")
    expect(deadline.locator(".timeline-extended del")).to_have_text("30 กรกฎาคม 2565")
    expect(page.locator(".rubric-table tfoot td")).to_have_text("100")


@pytest.mark.browser
def test_pages_have_no_serious_accessibility_violations(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()
    paths = [
        "/",
        "/2022/",
        "/en/2022/",
        "/demo/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/privacy/",
    ]

    # Act
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        found[path] = serious_axe_violations(page)

    # Assert
    report = "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)
    assert found == {path: [] for path in paths}, report


@pytest.mark.browser
def test_pages_break_no_content_security_policy(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()
    paths = ["/", "/2022/", "/accounts/login/", "/accounts/signup/", "/privacy/", "/admin/login/"]
    problems = watch_csp(page)

    # Act
    for path in paths:
        page.goto(live_server.url + path)  # waits for "load": deferred scripts have run

    # Assert
    assert problems == []


@pytest.mark.browser
def test_home_page_fits_a_phone(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    toggler = page.locator(".navbar-toggler")
    english = page.get_by_test_id("language-en")

    # Act
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    expect(toggler).to_be_visible()
    expect(english).to_be_hidden()
    toggler.click()

    # Assert
    assert scroll_width <= PHONE["width"], f"the page is {scroll_width}px wide on a {PHONE['width']}px screen"
    expect(toggler).to_have_attribute("aria-expanded", "true")
    expect(english).to_be_visible()
