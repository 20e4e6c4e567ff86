"""The Popular Vote on a 390 px phone: a voter chooses ThaiD, agrees, proves who they are at a real
OpenID Connect provider started on loopback (standing in for ThaiD, as `make run` does), comes back
verified and votes; no account is opened."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.accounts.test_identity import provider  # noqa: F401 (the local provider fixture)
from tests.browser.helpers import seed_demo, watch_csp
from voting import ratelimit, selectors
from voting.models import Vote

PHONE_390 = {"width": 390, "height": 844}


@pytest.mark.browser
def test_a_voter_proves_who_they_are_with_thaid_and_votes_on_a_phone(
    live_server,
    transactional_db,
    page: Page,
    settings,
    provider,  # noqa: F811
):
    # Arrange
    settings.VOTE_MIN_SECONDS = 1
    selectors.forget_polls()
    ratelimit.reset()
    seed_demo()
    users_before = User.objects.count()
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)

    # Act: a finalist → verify → ThaiD → consent → the provider's page → back.
    page.goto(live_server.url + "/vote/demo-vote/")
    page.get_by_test_id("finalist-card").first.locator("h2 a").click()
    page.wait_for_load_state()
    finalist_url = page.url
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    page.get_by_test_id("proof-thaid").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("เลขประจำตัวประชาชน")
    page.locator("#id_consent").check()
    page.get_by_test_id("continue-with-provider").click()
    page.wait_for_load_state()
    page.locator("#subject-input").fill("thaid-browser-voter")
    page.locator("#subject-input").press("Enter")
    page.wait_for_url(finalist_url)

    # Assert: verified, then the vote counts.
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    assert Vote.objects.filter(voter__kind="thaid").count() == 1
    assert User.objects.count() == users_before
    assert [p for p in problems if live_server.url in p] == []
