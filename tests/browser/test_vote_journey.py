"""The Popular Vote on a phone in a real browser (Debian's Chromium): open a finalist from the gallery,
verify the e-mail with the code from the outbox, vote, see the thank-you page, try again and be
refused; no Content Security Policy problem and no serious accessibility issue on the way.

``live_server`` serves the site from another thread, so the data is committed (``transactional_db``);
seed_demo puts the edition "demo-vote" in its voting phase with an open vote.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import OutboundEmail
from tests.browser.helpers import PHONE, seed_demo, serious_axe_violations, watch_csp
from voting import ratelimit, selectors
from voting.models import Vote

EMAIL = "fan.of.smart.cities@example.com"


def _assert_fits_the_phone(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide on a {PHONE['width']}px screen"


@pytest.mark.browser
def test_voter_verifies_votes_and_cannot_vote_twice_on_a_phone(live_server, transactional_db, page: Page, settings):
    # Arrange
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()
    page.set_viewport_size(PHONE)
    problems = watch_csp(page)
    base = live_server.url

    # Act: from the gallery to a finalist, then to the verification.
    page.goto(base + "/vote/demo-vote/")
    _assert_fits_the_phone(page)
    assert serious_axe_violations(page) == []
    page.get_by_test_id("finalist-card").first.locator("h2 a").click()
    page.wait_for_load_state()
    finalist_url = page.url
    _assert_fits_the_phone(page)
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("privacy-notice")).to_be_visible()
    assert serious_axe_violations(page) == []
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_consent").check()
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()

    # The code from the outbox, in Thai as the page was.
    email = OutboundEmail.objects.get(kind="vote_code", to=EMAIL)
    assert email.language == "th"
    code = re.search(r"\b(\d{6})\b", email.body_text).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()

    # Assert: back on the finalist, verified, with the vote button.
    assert page.url == finalist_url
    expect(page.get_by_test_id("vote-button")).to_be_visible()
    assert serious_axe_violations(page) == []

    # Act: vote (after the minimum time a person takes).
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("thanks")).to_be_visible()
    _assert_fits_the_phone(page)
    # The demo's own votes are there already: this voter's is the one more.
    assert Vote.objects.filter(voter__email=EMAIL).count() == 1

    # Act: back to the finalist page.
    page.goto(finalist_url)

    # Assert: it says so, in Thai, and offers no second vote (the server refuses one anyway:
    # tests/voting/test_views.py); still one vote.
    expect(page.get_by_test_id("voted-for")).to_contain_text("ท่านโหวตให้ผลงานนี้แล้ว")
    expect(page.get_by_test_id("vote-button")).to_have_count(0)
    assert Vote.objects.filter(voter__email=EMAIL).count() == 1
    assert problems == []


PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.browser
def test_after_voting_on_a_phone_every_finalist_says_whom_and_the_link_copies(
    live_server, transactional_db, page: Page, settings
):
    # Arrange
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()
    page.set_viewport_size(PHONE_390)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    problems = watch_csp(page)
    base = live_server.url

    # Act: verify from the first finalist's page and vote for it.
    page.goto(base + "/vote/demo-vote/")
    cards = page.get_by_test_id("finalist-card")
    first_title = cards.nth(0).locator("h2").inner_text()
    cards.nth(0).locator("h2 a").click()
    page.wait_for_load_state()
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    page.locator("#id_email").fill("phone.voter@example.com")
    page.locator("#id_consent").check()
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()
    email = OutboundEmail.objects.get(kind="vote_code", to="phone.voter@example.com")
    page.locator("#id_code").fill(re.search(r"\b(\d{6})\b", email.body_text).group(1))
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert serious_axe_violations(page) == []

    # Act: another finalist, by clicks: all finalists, the second card.
    page.get_by_role("link", name="ผลงานที่ผ่านเข้ารอบทั้งหมด").click()
    page.wait_for_load_state()
    page.get_by_test_id("finalist-card").nth(1).locator("h2 a").click()
    page.wait_for_load_state()

    # Assert: "you voted for" the first, with no vote button; the page fits the phone.
    voted_for = page.get_by_test_id("voted-for")
    expect(voted_for).to_contain_text("ท่านโหวตให้")
    expect(voted_for.locator("a")).to_have_text(first_title)
    expect(page.get_by_test_id("vote-button")).to_have_count(0)
    _assert_fits_the_phone_of(page, PHONE_390)
    assert serious_axe_violations(page) == []

    # Act: share: the plain links, and copy.
    expect(page.get_by_test_id("share-line")).to_have_attribute(
        "href", re.compile(r"^https://social-plugins\.line\.me/lineit/share\?url=")
    )
    expect(page.get_by_test_id("share-facebook")).to_have_attribute(
        "href", re.compile(r"^https://www\.facebook\.com/sharer/sharer\.php\?u=")
    )
    page.get_by_test_id("copy-link").click()

    # Assert: "copied", and the clipboard holds the short link.
    expect(page.get_by_test_id("copied")).to_have_text("คัดลอกแล้ว")
    short = page.get_by_test_id("share-url").inner_text()
    assert page.evaluate("navigator.clipboard.readText()") == short
    assert Vote.objects.filter(voter__email="phone.voter@example.com").count() == 1
    assert problems == []


def _assert_fits_the_phone_of(page: Page, viewport: dict) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width}px wide on a {viewport['width']}px screen"
