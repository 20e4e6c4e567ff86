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
    assert Vote.objects.count() == 1

    # Act: try again from the finalist page.
    page.goto(finalist_url)
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()

    # Assert: refused, in Thai, and still one vote.
    expect(page.get_by_test_id("vote-refused")).to_contain_text("คุณโหวตแล้ว")
    assert Vote.objects.count() == 1
    assert problems == []
