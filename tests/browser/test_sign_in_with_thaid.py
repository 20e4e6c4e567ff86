"""An applicant on a 390 px phone links ThaiD to their account at /account/ and, after logging out,
signs in with it: a real OpenID Connect provider started on loopback stands in for ThaiD (as `make
run` does), and the browser goes through its page both times. Only a keyed hash of the subject is
kept."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import Page, expect

from accounts.identity import subject_hash
from tests.accounts.test_identity import provider  # noqa: F401 (the local provider fixture)
from tests.browser.helpers import log_in, watch_csp
from tests.factories import EmailAddressFactory, UserFactory

PHONE_390 = {"width": 390, "height": 844}
SUBJECT = "thaid-browser-applicant"


def _prove_at_provider(page: Page) -> None:
    """The stand-in's page: the person proves who they are (it asks only for the subject)."""
    page.locator("#subject-input").fill(SUBJECT)
    page.locator("#subject-input").press("Enter")
    page.wait_for_load_state()


@pytest.mark.browser
def test_an_applicant_links_thaid_on_a_phone_then_signs_in_with_it(
    live_server,
    transactional_db,
    page: Page,
    provider,  # noqa: F811
):
    # Arrange
    applicant = UserFactory(roles=["applicant"], full_name="สมหญิง ใจดี")
    EmailAddressFactory(user=applicant)
    page.set_viewport_size(PHONE_390)
    problems = watch_csp(page)
    log_in(page, live_server.url, applicant.email, "correct-horse-battery")

    # Act 1: link ThaiD from the account page.
    page.goto(live_server.url + "/account/")
    page.get_by_test_id("link-thaid").click()
    page.wait_for_load_state()
    _prove_at_provider(page)

    # Assert 1: linked, with the subject kept only as its keyed hash.
    page.goto(live_server.url + "/account/")
    expect(page.get_by_test_id("identity-thaid-linked")).to_be_visible()
    linked = SocialAccount.objects.get(user=applicant)
    assert (linked.provider, linked.uid) == ("thaid", subject_hash("thaid", SUBJECT))
    assert SUBJECT not in str(linked.extra_data)

    # Act 2: log out (from the log-out page, whose button asks to confirm), then sign in with ThaiD
    # from the log-in page (its start page asks first). The log-out is a POST answered by a redirect
    # home: the test waits for it, or the log-in page would be asked for while the session still holds.
    page.goto(live_server.url + "/accounts/logout/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_test_id("sign-in-thaid").click()
    page.wait_for_load_state()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    _prove_at_provider(page)

    # Assert 2: signed in as the applicant, no password asked, no second account.
    page.goto(live_server.url + "/account/")
    expect(page.locator('form[action="/accounts/login/"]')).to_have_count(0)
    expect(page.get_by_text(applicant.email).first).to_be_visible()
    assert SocialAccount.objects.filter(provider="thaid").count() == 1
    assert [p for p in problems if live_server.url in p] == []
