"""The vote's round trips to Redis: the escalation's count and the polls' version share one script
call when the rate limits' Redis is the cache's (voting.safecache.get_and_count_many), shared in turn by
the requests that ask at the same moment, beside the per-address limit's call of the vote's batch;
with the cache on another Redis they stay two calls. Each test runs its own
redis-server (tests/voting/test_redis_fault.py) and counts the replies it wrote (``INFO stats``:
``total_writes_processed``, one write per round trip of a waiting client), so no other client of
the machine's Redis is counted."""

import pytest
import redis
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import VoterFactory
from voting import escalation, ratelimit, safecache, selectors
from voting.models import Vote
from voting.services.polls import close_poll_now
from voting.services.votes import VoteRequest, decide_votes

from .conftest import verified, vote_form
from .test_redis_fault import throwaway_redis  # noqa: F401 (a redis-server of the test's own)

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _counted(settings):
    # The escalation counts every vote only while one of its thresholds is on.
    settings.VOTE_CHALLENGE_AFTER = 40
    settings.VOTE_STRONG_PROOF_AFTER = 200


def _writes(server: redis.Redis) -> int:
    return server.info("stats")["total_writes_processed"]


def _round_trips(server: redis.Redis, act) -> int:
    """The round trips other clients made to ``server`` during ``act()``: the reply writes, less
    the one of the INFO that read the count before."""
    before = _writes(server)
    act()
    return _writes(server) - before - 1


def _get_and_count(key: str, *, counted: str, **kwargs) -> tuple[object, int]:
    """``safecache.get_and_count_many`` for one request: the value and that request's total."""
    value, totals = safecache.get_and_count_many(key, counted=[counted], **kwargs)
    return value, totals[0]


def _vote(client, poll, finalist, n: int):
    client.cookies.clear()
    verified(client, VoterFactory())
    return client.post(
        f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/",
        vote_form(client),
        HTTP_ACCEPT="application/json",
        REMOTE_ADDR=f"192.0.2.{n}",
    )


def test_a_vote_makes_two_round_trips_when_the_cache_is_on_the_limits_redis(client, poll, finalist, request):
    _state, _start, _stop, url = request.getfixturevalue("throwaway_redis")
    server = redis.Redis.from_url(url)
    selectors.announce_poll_change()
    assert _vote(client, poll, finalist, 1).status_code == 201  # connections opened, poll kept

    answers = []
    trips = _round_trips(server, lambda: answers.append(_vote(client, poll, finalist, 2).status_code))

    assert answers == [201]
    assert trips == 2
    assert Vote.objects.count() == 2
    assert ratelimit.recent_total(escalation.COUNTED, "192.0.2.0/24", minutes=escalation.MINUTES) == 2


def test_a_vote_makes_three_round_trips_when_the_cache_is_on_another_redis(client, poll, finalist, request, settings):
    _state, _start, _stop, url = request.getfixturevalue("throwaway_redis")
    server = redis.Redis.from_url(url)
    settings.VOTE_RATE_LIMIT_REDIS_URL = url.removesuffix("/0") + "/1"
    ratelimit.reset()
    selectors.announce_poll_change()
    assert _vote(client, poll, finalist, 1).status_code == 201

    trips = _round_trips(server, lambda: _vote(client, poll, finalist, 2))

    assert trips == 3
    assert Vote.objects.count() == 2
    assert ratelimit.recent_total(escalation.COUNTED, "192.0.2.0/24", minutes=escalation.MINUTES) == 2


@pytest.mark.parametrize("value", [1733380000123456789, {"a": [1, 2]}, "text"])
def test_get_and_count_many_reads_what_the_cache_reads_and_counts_as_recent_total(value, request):
    request.getfixturevalue("throwaway_redis")
    cache.set("round-trips:value", value, None)

    read, total = _get_and_count("round-trips:value", name="rt", counted="k", minutes=3, add=1)
    _missing, again = _get_and_count("round-trips:missing", name="rt", counted="k", minutes=3, add=2)

    assert read == value
    assert total == 1
    assert _missing is None
    assert again == 3
    assert ratelimit.recent_total("rt", "k", minutes=3) == 3


def test_get_and_count_many_with_redis_down_reads_nothing_and_counts_nothing(request, monkeypatch):
    state, _start, stop, _url = request.getfixturevalue("throwaway_redis")
    monkeypatch.setattr(ratelimit, "BACKOFF_SECONDS", 60)
    cache.set("round-trips:value", 7, None)
    stop(state["process"])

    first = _get_and_count("round-trips:value", name="rt", counted="k", minutes=3, add=1)
    resting = _get_and_count("round-trips:value", name="rt", counted="k", minutes=3, add=1)
    many = safecache.get_and_count_many("round-trips:value", name="rt", counted=["a", "a", "b"], minutes=3, add=1)

    assert first == (None, 0)
    assert resting == (None, 0)
    assert many == (None, [0, 0, 0])
    assert ratelimit.redis_is_resting() is True


def test_close_now_stops_the_votes_of_a_process_that_kept_the_poll_through_the_shared_read(
    client, poll, finalist, staff, django_capture_on_commit_callbacks, request
):
    request.getfixturevalue("throwaway_redis")
    assert _vote(client, poll, finalist, 1).status_code == 201
    other_process_memo = dict(selectors._memo)

    with django_capture_on_commit_callbacks(execute=True):
        close_poll_now(poll=poll, by=staff)
    selectors._memo.update(other_process_memo)
    refused = _vote(client, poll, finalist, 2)

    assert (refused.status_code, refused.json()["status"]) == (403, "closed")
    assert Vote.objects.count() == 1


def test_the_counting_scripts_are_loaded_again_after_redis_restarts(request):
    state, start, stop, _url = request.getfixturevalue("throwaway_redis")
    before = (
        ratelimit.allow_many("rt", ["a"], 1),
        _get_and_count("v", name="rt", counted="k", minutes=3, add=1),
    )
    stop(state["process"])
    state["process"] = start()  # empty: it knows neither the counts nor the scripts

    after = [ratelimit.allow_many("rt", ["a", "a"], 1), ratelimit.allow_many("rt", ["a"], 1)]
    counted = _get_and_count("v", name="rt", counted="k", minutes=3, add=1)

    assert before == ([True], (None, 1))
    assert after == [[True, False], [False]]
    assert counted == (None, 1)
    assert ratelimit.redis_is_resting() is False


def test_requests_counted_together_make_one_round_trip_and_each_gets_its_own_total(request):
    _state, _start, _stop, url = request.getfixturevalue("throwaway_redis")
    server = redis.Redis.from_url(url)
    cache.set("round-trips:value", "v1", None)
    assert ratelimit.recent_total("rt", "net-a", minutes=3, add=2) == 2  # two earlier requests of net-a
    networks = ["net-a", "net-b", "net-a", "net-a", "net-b"]

    answers = []
    trips = _round_trips(
        server,
        lambda: answers.append(
            safecache.get_and_count_many("round-trips:value", name="rt", counted=networks, minutes=3, add=1)
        ),
    )

    assert trips == 1
    assert answers == [("v1", [3, 1, 4, 5, 2])]
    assert ratelimit.recent_total("rt", "net-a", minutes=3) == 5
    assert ratelimit.recent_total("rt", "net-b", minutes=3) == 2


def test_a_batch_of_vote_requests_makes_two_round_trips_and_one_insert(poll, finalist, request):
    """Five vote requests decided together (as the endpoint's group commit hands them over): one round
    trip counts them all and reads the polls' version, one counts their addresses, one INSERT writes
    the four that may be written; the fifth, refused by the request alone, is counted and not written."""
    _state, _start, _stop, url = request.getfixturevalue("throwaway_redis")
    server = redis.Redis.from_url(url)
    selectors.announce_poll_change()
    voters = VoterFactory.create_batch(5)
    slug = poll.cycle.slug
    decide_votes([VoteRequest(slug, finalist.pk, voters[0].pk, "email", "192.0.2.1")])  # the poll kept
    votes = [VoteRequest(slug, finalist.pk, voter.pk, "email", f"192.0.2.{n}") for n, voter in enumerate(voters[1:])]
    votes.append(VoteRequest(slug, finalist.pk, None, "", "192.0.2.9", refused=True))

    decisions = []
    with CaptureQueriesContext(connection) as queries:
        trips = _round_trips(server, lambda: decisions.extend(decide_votes(votes)))

    assert trips == 2
    assert [query["sql"].split()[0] for query in queries.captured_queries] == ["INSERT"]
    assert [decision.vote_id is not None for decision in decisions] == [True] * 4 + [False]
    assert decisions[-1].refusal is None and decisions[-1].check == escalation.Check.NONE
    assert Vote.objects.count() == 5
    assert ratelimit.recent_total(escalation.COUNTED, "192.0.2.0/24", minutes=escalation.MINUTES) == 6
