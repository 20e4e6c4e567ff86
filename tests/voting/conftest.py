"""What the Popular Vote's tests share: an open poll with finalists, a verified voter's client."""

import time

import pytest

from tests.factories import FinalistFactory, PollFactory, VoterFactory
from voting import passes, ratelimit, selectors


@pytest.fixture(autouse=True)
def _fresh_vote_state(settings):
    # Each test starts with no remembered poll and no remembered Redis failure, and a form may be
    # sent back at once (tests that check the minimum time set it themselves).
    settings.VOTE_MIN_SECONDS = 0
    selectors.forget_polls()
    ratelimit.reset()
    yield
    selectors.forget_polls()
    ratelimit.reset()


@pytest.fixture
def poll(db):
    return PollFactory()


@pytest.fixture
def finalist(poll):
    return FinalistFactory(cycle=poll.cycle, title_th="รถแดงอัจฉริยะ")


@pytest.fixture
def voter(db):
    return VoterFactory(email="voter@example.com")


def verified(client, voter):
    """The client carries ``voter``'s pass, as after a correct code."""
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)
    return client


def pass_of(client) -> str:
    """The voter's pass the client carries ('' without one)."""
    cookie = client.cookies.get(passes.PASS_COOKIE)
    return cookie.value if cookie else ""


def vote_form(client, **extra) -> dict:
    """The vote form as the page rendered it for the client's voter (its stamp is bound to the pass)."""
    return {"stamp": passes.form_stamp(pass_of(client)), "website": "", **extra}


def old_stamp(client, seconds: float) -> str:
    return passes.form_stamp(pass_of(client), time.time() - seconds)
