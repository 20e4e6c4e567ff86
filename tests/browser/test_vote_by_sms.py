"""The Popular Vote on a 390 px phone in a real browser: choose SMS on the verification page, type a
Thai mobile number, read the code from the development gateway's ``var/sms/``, vote, and see the
thank-you page with the receipt."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import seed_demo, serious_axe_violations, watch_csp
from tests.voting.sms_peer import code_in, latest_sms
from voting import ratelimit, selectors
from voting.models import Vote
from voting.selectors import finalists
from voting.views import short_code

PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_voter_verifies_by_sms_and_votes_on_a_phone(live_server, transactional_db, page: Page, settings):
    # Arrange
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)

    # Act: from a finalist to the verification, choosing SMS.
    page.goto(live_server.url + "/vote/demo-vote/")
    page.get_by_test_id("finalist-card").first.locator("h2 a").click()
    page.wait_for_load_state()
    finalist_url = page.url
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    page.get_by_test_id("proof-sms").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("หมายเลขโทรศัพท์มือถือ")
    assert serious_axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    page.locator("#id_phone").fill("089 876 5432")
    page.locator("#id_consent").check()
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()

    # The code from var/sms/, in Thai as the page was.
    text = latest_sms("+66898765432")
    assert "รหัสยืนยันการโหวต" in text
    page.locator("#id_code").fill(code_in(text))
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()

    # Assert: back on the finalist, verified by SMS.
    assert page.url == finalist_url
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    expect(page.get_by_test_id("receipt")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    vote = Vote.objects.get(voter__kind="sms")
    assert vote.voter.phone == "+66898765432"
    assert problems == []


@pytest.mark.browser
def test_a_link_shared_from_the_english_page_keeps_the_phone_journey_in_english(
    live_server, transactional_db, page: Page, settings
):
    """A Thai browser opening the English page's short link: the finalist's page, the verification,
    the SMS and the thank-you page are English (the link's language, not the browser's)."""
    # Arrange
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()
    finalist = finalists(selectors.poll_for_slug("demo-vote").cycle).first()
    page.set_viewport_size(PHONE_390)
    page.set_extra_http_headers({"Accept-Language": "th-TH,th;q=0.9"})
    page.goto(f"{live_server.url}/en/vote/demo-vote/{finalist.pk}/")
    shared = page.locator('meta[property="og:url"]').get_attribute("content")
    page.context.clear_cookies()

    # Act: the shared link → verify by SMS → the code → vote.
    page.goto(shared)
    page.wait_for_load_state()
    finalist_url = page.url
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    page.get_by_test_id("proof-sms").click()
    page.wait_for_load_state()
    page.locator("#id_phone").fill("0812223344")
    page.locator("#id_consent").check()
    page.get_by_test_id("send-code").click()
    page.wait_for_load_state()
    text = latest_sms("+66812223344")
    page.locator("#id_code").fill(code_in(text))
    page.get_by_test_id("check-code").click()
    page.wait_for_load_state()
    back_on = page.url
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()

    # Assert
    assert shared.endswith(f"/en/v/{short_code(finalist.pk)}")
    assert finalist_url.endswith(f"/en/vote/demo-vote/{finalist.pk}/")
    assert "Your Popular Vote code is" in text
    assert back_on == finalist_url
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    assert Vote.objects.get(voter__kind="sms").application_id == finalist.pk
