"""Rate limits of the Popular Vote: counted in Redis when it is configured (CI), else in the
process-memory cache (the embedded set-up); the answers are the same."""

import uuid

import pytest

from tests.factories import VoterFactory
from voting import ratelimit
from voting.models import Vote

from .conftest import verified, vote_form


@pytest.fixture
def name():
    """A limit of its own per test, so that no count carries over from another test or run."""
    return f"test-{uuid.uuid4().hex[:12]}"


def test_requests_past_the_limit_this_minute_are_refused(name):
    assert [ratelimit.allow(name, "203.0.113.7", 2) for _n in range(4)] == [True, True, False, False]
    assert ratelimit.allow(name, "203.0.113.8", 2) is True  # another address has its own count


def test_a_batch_is_counted_in_order_per_key(name):
    assert ratelimit.allow(name, "a", 3) is True  # one request of "a" earlier this minute

    allowed = ratelimit.allow_many(name, ["a", "b", "a", "a", "b", "c"], 3)

    assert allowed == [True, True, True, False, True, True]
    assert ratelimit.allow_many(name, ["b", "c"], 3) == [True, True]
    assert ratelimit.allow_many(name, ["b"], 3) == [False]


def test_an_empty_batch_asks_nothing(name):
    assert ratelimit.allow_many(name, [], 3) == []


@pytest.mark.django_db
def test_votes_from_one_address_past_the_limit_are_refused_with_a_reason(client, settings, poll, finalist):
    settings.VOTE_RATE_PER_IP = 2
    address = f"2001:db8::{uuid.uuid4().hex[:4]}"  # an address no earlier run counted this minute
    answers = []
    for _n in range(3):
        client.cookies.clear()
        verified(client, VoterFactory())
        response = client.post(
            f"/en/vote/{poll.cycle.slug}/{finalist.pk}/vote/",
            vote_form(client),
            HTTP_ACCEPT="application/json",
            REMOTE_ADDR=address,
        )
        answers.append((response.status_code, response.json()["status"]))

    assert answers == [(201, "counted"), (201, "counted"), (429, "rate")]
    assert response.json()["message"] == (
        "Too many votes from this network right now. Please wait a minute and try again."
    )
    assert Vote.objects.count() == 2
