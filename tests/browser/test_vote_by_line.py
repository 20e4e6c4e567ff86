"""The phone journey with LINE at 390 px: from a finalist's short link (the one shared in LINE posts)
a voter chooses LINE, agrees, proves who they are at a real OpenID Connect provider started on
loopback (standing in for LINE's endpoints, as for ThaiD and as `make run` does), comes back
verified, votes and keeps the receipt; no account is opened and the LINE identifier is not kept."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.accounts.test_identity import provider  # noqa: F401 (the local provider fixture)
from tests.browser.helpers import seed_demo, watch_csp
from voting import ratelimit, selectors
from voting.models import Vote, Voter
from voting.selectors import finalists
from voting.views import short_code

PHONE_390 = {"width": 390, "height": 844}
LINE_SUBJECT = "U4af4980629-line-browser-voter"


@pytest.mark.browser
def test_a_voter_from_a_shared_link_proves_who_they_are_with_line_and_votes_on_a_phone(
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
    finalist = finalists(selectors.poll_for_slug("demo-vote").cycle).first()
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)

    # Act: the shared link → the finalist → verify → LINE → consent → the provider's page → back.
    page.goto(f"{live_server.url}/v/{short_code(finalist.pk)}")
    page.wait_for_load_state()
    finalist_url = page.url
    assert finalist_url.endswith(f"/vote/demo-vote/{finalist.pk}/")
    page.get_by_test_id("verify-to-vote").click()
    page.wait_for_load_state()
    page.get_by_test_id("proof-line").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("LINE")
    expect(page.get_by_test_id("continue-with-provider")).to_contain_text("LINE")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    page.locator("#id_consent").check()
    page.get_by_test_id("continue-with-provider").click()
    page.wait_for_load_state()
    page.locator("#subject-input").fill(LINE_SUBJECT)
    page.locator("#subject-input").press("Enter")
    page.wait_for_url(finalist_url)

    # Assert: verified by LINE, the vote counts and the receipt is there to keep.
    page.wait_for_timeout(1100)
    page.get_by_test_id("vote-button").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("thanks")).to_be_visible()
    expect(page.get_by_test_id("receipt-code")).not_to_be_empty()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    vote = Vote.objects.select_related("voter").get(voter__kind="line")
    assert vote.application_id == finalist.pk
    assert LINE_SUBJECT not in str(Voter.objects.filter(pk=vote.voter_id).values().get())
    assert User.objects.count() == users_before
    assert [p for p in problems if live_server.url in p] == []
