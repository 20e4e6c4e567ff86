"""Escalating checks in a real browser (Debian's Chromium), on a 390 px phone: a voter on a network
that has sent many requests meets the proof-of-work challenge (the vendored ALTCHA widget solves it in
a web worker served from our static files, under the site's Content Security Policy) and votes; past
the second threshold the e-mail proof is refused and SMS is offered, and that vote goes through too.

The network's earlier requests are those of a scripted client on it, counted as the site counts them
(voting.escalation.check_for with ``count``). The live server answers from 127.0.0.1.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from core.models import OutboundEmail
from tests.browser.helpers import seed_demo, serious_axe_violations, watch_csp
from tests.voting.sms_peer import code_in, latest_sms
from voting import escalation, ratelimit, selectors
from voting.models import Vote

PHONE_390 = {"width": 390, "height": 844}
EMAIL = "busy.network@example.com"
SOLVED_WITHIN_MS = 60_000


def _scripted_requests(n: int) -> None:
    for _n in range(n):
        escalation.check_for("127.0.0.9", count=True)


def _wait_until_solved(page: Page) -> None:
    widget = page.get_by_test_id("challenge").locator("altcha-widget")
    expect(widget).to_be_visible()
    expect(page.locator('input[name="altcha"]')).to_have_value(re.compile(r".{40,}"), timeout=SOLVED_WITHIN_MS)


def _open_a_finalist(page: Page, base: str) -> str:
    page.goto(base + "/vote/demo-vote/")
    page.get_by_test_id("finalist-card").first.locator("h2 a").click()
    page.wait_for_load_state()
    url = page.url
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    return url


@pytest.fixture
def busy_network(settings):
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()


@pytest.mark.browser
def test_past_the_first_threshold_the_voter_solves_the_challenge_in_the_browser_and_votes(
    live_server, transactional_db, page: Page, settings, busy_network
):
    # Arrange: the network has sent as many requests as pass unchecked.
    settings.VOTE_CHALLENGE_AFTER = 2
    settings.VOTE_STRONG_PROOF_AFTER = 0
    _scripted_requests(2)
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)

    # Act: the verification page shows the challenge, solved while the voter types.
    finalist_url = _open_a_finalist(page, live_server.url)
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_consent").check()
    _wait_until_solved(page)
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()
    code = re.search(r"\b(\d{6})\b", OutboundEmail.objects.get(kind="vote_code", to=EMAIL).body_text).group(1)
    page.locator("#id_code").fill(code)
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()

    # The vote form carries a challenge too: the vote is a counted request.
    assert page.url == finalist_url
    _wait_until_solved(page)
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert Vote.objects.filter(voter__email=EMAIL).count() == 1
    assert problems == []


@pytest.mark.browser
def test_past_the_second_threshold_email_is_refused_and_the_voter_verifies_by_sms_and_votes(
    live_server, transactional_db, page: Page, settings, busy_network
):
    # Arrange: the network is past both thresholds.
    settings.VOTE_CHALLENGE_AFTER = 1
    settings.VOTE_STRONG_PROOF_AFTER = 2
    _scripted_requests(2)
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)

    # Act: the e-mail proof is not offered; SMS is.
    finalist_url = _open_a_finalist(page, live_server.url)
    expect(page.get_by_test_id("strong-proof-needed")).to_contain_text("SMS")
    expect(page.locator("#id_email")).to_have_count(0)
    assert serious_axe_violations(page) == []
    page.get_by_test_id("strong-proof-sms").click()
    page.wait_for_load_state()
    page.locator("#id_phone").fill("089 876 5432")
    page.locator("#id_consent").check()
    _wait_until_solved(page)
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()
    page.locator("#id_code").fill(code_in(latest_sms("+66898765432")))
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()

    # Verified by SMS, the voter may vote from this network (with the challenge).
    assert page.url == finalist_url
    _wait_until_solved(page)
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert Vote.objects.filter(voter__phone="+66898765432").count() == 1
    assert problems == []
