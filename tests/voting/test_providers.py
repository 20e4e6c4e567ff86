"""Voters who prove who they are with ThaiD or LINE, through allauth's OpenID Connect flow against a
real provider started on loopback by the test (the sign-in tests' fixture): no account is opened,
only a keyed hash of the subject is kept, and a claim such as ThaiD's citizen ID never is."""

from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.utils import translation

from accounts.models import User
from tests.accounts.test_identity import CITIZEN_ID, THAID_SUBJECT, provider  # noqa: F401 (the fixture)
from tests.voting.conftest import vote_form
from voting.models import Poll, Vote, Voter

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider_poll(poll):
    Poll.objects.filter(pk=poll.pk).update(proofs=["email", "line", "thaid"])
    return poll


def _prove_at_provider(client, slug: str, proof: str, subject: str, *, next_pk=""):
    """What the browser does: our verify page (consent) → allauth's redirect to the provider → the
    provider's page (the stand-in asks only for the subject) → allauth's callback → back to the vote."""
    query = f"?proof={proof}" + (f"&next={next_pk}" if next_pk else "")
    started = client.post(f"/vote/{slug}/verify/{query}", {"consent": "on"})
    assert started.status_code == 302, started.content.decode()[:1000]
    answer = requests.post(
        started["Location"], data={"sub": subject, "action": "authorize"}, allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text[:500]
    back = answer.headers["location"]
    return client.get(back[back.index("/accounts/") :])


def test_a_voter_proves_who_they_are_with_thaid_and_votes(client, provider, provider_poll, finalist):  # noqa: F811
    slug = provider_poll.cycle.slug

    back = _prove_at_provider(client, slug, "thaid", THAID_SUBJECT, next_pk=str(finalist.pk))
    page = client.get(back["Location"])
    voted = client.post(f"/vote/{slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json")

    assert back.status_code == 302
    assert back["Location"] == f"/vote/{slug}/{finalist.pk}/"
    assert 'data-testid="vote-button"' in page.content.decode()
    assert voted.status_code == 201
    voter = Vote.objects.get().voter
    assert voter.kind == "thaid"
    # No account, no link, no token; nothing of the subject or of the citizen ID in plain.
    assert User.objects.count() == 0
    assert (SocialAccount.objects.count(), SocialToken.objects.count()) == (0, 0)
    row = str(Voter.objects.filter(pk=voter.pk).values().get())
    assert CITIZEN_ID not in row
    assert THAID_SUBJECT not in row
    assert (voter.email, voter.phone) == ("", "")


def test_the_same_subject_again_is_the_same_voter_who_has_voted(client, provider, provider_poll, finalist):  # noqa: F811
    slug = provider_poll.cycle.slug
    _prove_at_provider(client, slug, "thaid", THAID_SUBJECT)
    client.post(f"/vote/{slug}/{finalist.pk}/vote/", vote_form(client))
    client.cookies.clear()

    _prove_at_provider(client, slug, "thaid", THAID_SUBJECT)
    again = client.post(f"/vote/{slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json")

    assert again.status_code == 409
    assert Voter.objects.count() == 1


def test_line_and_thaid_with_one_subject_are_two_voters(client, provider, provider_poll, finalist):  # noqa: F811
    slug = provider_poll.cycle.slug
    _prove_at_provider(client, slug, "line", "same-subject")
    _prove_at_provider(client, slug, "thaid", "same-subject")

    assert sorted(Voter.objects.values_list("kind", flat=True)) == ["line", "thaid"]
    assert len(set(Voter.objects.values_list("identity_hash", flat=True))) == 2


def test_the_verify_page_asks_for_consent_before_leaving_for_the_provider(client, provider, provider_poll):  # noqa: F811
    with translation.override("en"):
        page = client.get(f"/en/vote/{provider_poll.cycle.slug}/verify/?proof=thaid")
        refused = client.post(f"/en/vote/{provider_poll.cycle.slug}/verify/?proof=thaid", {})

    assert 'data-testid="continue-with-provider"' in page.content.decode()
    assert "national ID number" in page.content.decode()
    assert refused.status_code == 400
    assert "tick the box" in refused.content.decode()


def test_a_proof_the_poll_does_not_accept_is_not_offered(client, provider, poll):  # noqa: F811
    started = client.post(f"/vote/{poll.cycle.slug}/verify/?proof=thaid", {"consent": "on"})

    # The e-mail form answered (the only proof of this poll), nothing went to the provider.
    assert started.status_code == 400
    assert 'name="email"' in started.content.decode()


def test_a_poll_accepting_thaid_where_none_is_configured_offers_its_other_proofs(client, provider_poll, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    page = client.get(f"/vote/{provider_poll.cycle.slug}/verify/?proof=thaid").content.decode()

    assert 'data-testid="proof-thaid"' not in page
    assert 'name="email"' in page
    assert 'data-testid="continue-with-provider"' not in page


def test_an_account_sign_in_with_an_unlinked_identity_is_still_refused(client, provider):  # noqa: F811
    from tests.accounts.test_identity import sign_in_at_provider

    answer = sign_in_at_provider(client, "thaid", THAID_SUBJECT)

    assert answer["Location"].endswith("/accounts/login/")
    assert User.objects.count() == 0


def test_a_voter_who_cancels_at_the_provider_comes_back_to_the_vote_not_to_the_log_in_page(
    client,
    provider,  # noqa: F811
    provider_poll,
    finalist,
):
    slug = provider_poll.cycle.slug
    started = client.post(f"/en/vote/{slug}/verify/?proof=thaid&next={finalist.pk}", {"consent": "on"})
    answer = requests.post(started["Location"], data={"action": "deny"}, allow_redirects=False, timeout=10)
    back = urlsplit(answer.headers["location"])

    returned = client.get(f"{back.path}?{back.query}")

    assert returned.status_code == 302
    assert returned["Location"] == f"/en/vote/{slug}/verify/?proof=thaid&next={finalist.pk}"
    page = client.get(returned["Location"]).content.decode()
    assert "did not complete" in page
    assert Voter.objects.count() == 0


def test_only_the_providers_page_lets_its_form_go_to_the_provider(client, provider, provider_poll):  # noqa: F811
    thaid = client.get(f"/vote/{provider_poll.cycle.slug}/verify/?proof=thaid")
    email = client.get(f"/vote/{provider_poll.cycle.slug}/verify/?proof=email")

    assert f"form-action 'self' {provider}" in thaid["Content-Security-Policy"]
    assert "form-action 'self';" in email["Content-Security-Policy"] + ";"
    assert provider not in email["Content-Security-Policy"]


def test_the_provider_sign_in_keeps_its_state_in_the_session_cookie_and_logs_no_one_in(
    client,
    provider,  # noqa: F811
    provider_poll,
    finalist,
):
    """What the website policy says of the session cookie during a LINE or ThaiD sign-in."""
    started = client.post(f"/vote/{provider_poll.cycle.slug}/verify/?proof=line", {"consent": "on"})

    assert started.status_code == 302
    assert "sessionid" in started.cookies
    _prove_at_provider(client, provider_poll.cycle.slug, "line", "line-session-voter")
    assert "_auth_user_id" not in client.session
