"""Votes racing on PostgreSQL, each thread with its own connection: the unique constraint decides."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from tests.factories import FinalistFactory, PollFactory, VoterFactory
from voting.models import Vote
from voting.selectors import poll_snapshot
from voting.services.votes import VOTE_REQUESTS, VoteRefused, VoteRequest, cast_vote, submit_vote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(jobs) -> list:
    """Run every job at once (a barrier); return each job's result or the exception it raised."""
    barrier, results = threading.Barrier(len(jobs)), [None] * len(jobs)

    def worker(index, job):
        try:
            barrier.wait(timeout=10)
            results[index] = job()
        except Exception as error:  # kept and asserted by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _voting(poll, voter, finalist):
    def job():
        snapshot = poll_snapshot(poll.cycle.slug)
        with translation.override("en"):
            return cast_vote(
                poll=snapshot.poll, finalist_ids=snapshot.finalist_ids, voter_id=voter.pk, application_id=finalist.pk
            )

    return job


def _requesting(poll, voter, finalist, ip: str):
    def job():
        with translation.override("en"):
            return submit_vote(VoteRequest(poll.cycle.slug, finalist.pk, voter.pk, "email", ip))

    return job


def test_twenty_threads_for_one_voter_count_exactly_once():
    poll = PollFactory()
    finalist, voter = FinalistFactory(cycle=poll.cycle), VoterFactory()

    results = _race([_voting(poll, voter, finalist) for _n in range(20)])

    counted = [r for r in results if isinstance(r, int)]
    refused = [r for r in results if isinstance(r, VoteRefused)]
    assert len(counted) == 1
    assert len(refused) == 19
    assert {r.code for r in refused} == {"already_voted"}
    assert all("already voted" in str(r) for r in refused)
    assert Vote.objects.count() == 1


def test_two_voters_at_once_both_count():
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)
    first, second = VoterFactory(), VoterFactory()

    results = _race([_voting(poll, first, finalist), _voting(poll, second, finalist)])

    assert all(isinstance(r, int) for r in results)
    assert sorted(Vote.objects.values_list("voter_id", flat=True)) == sorted([first.pk, second.pk])


def test_forty_voters_at_once_share_commits_and_each_gets_the_id_of_its_own_vote():
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)
    voters = [VoterFactory() for _n in range(40)]
    batches_before = VOTE_REQUESTS.batches

    results = _race([_requesting(poll, voter, finalist, f"198.51.100.{n}") for n, voter in enumerate(voters)])

    assert all(decision.vote_id is not None for decision in results)
    voter_of = dict(Vote.objects.values_list("pk", "voter_id"))
    assert [voter_of[decision.vote_id] for decision in results] == [voter.pk for voter in voters]
    # Each batch the group commit wrote is one transaction of its own in the ledger.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM voting_vote")
        transactions = cursor.fetchone()[0]
    assert transactions == VOTE_REQUESTS.batches - batches_before


def test_forty_vote_requests_at_once_are_decided_in_shared_batches_each_with_its_own_answer():
    """Forty voters, five of them twice, race through the endpoint's group commit (submit_vote): each
    request gets its own decision, one vote per voter is written, in fewer batches than requests."""
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)
    voters = [VoterFactory() for _n in range(40)]
    batches_before, items_before = VOTE_REQUESTS.batches, VOTE_REQUESTS.items
    jobs = [_requesting(poll, voter, finalist, f"198.51.100.{n}") for n, voter in enumerate(voters)]
    jobs += [_requesting(poll, voter, finalist, "198.51.100.200") for voter in voters[:5]]

    results = _race(jobs)

    assert all(decision.error is None for decision in results)
    written = [decision.vote_id for decision in results if decision.vote_id is not None]
    refused = [decision.refusal.code for decision in results if decision.refusal is not None]
    assert (len(written), refused) == (40, ["already_voted"] * 5)
    assert dict(Vote.objects.values_list("pk", "voter_id")).keys() == set(written)
    assert VOTE_REQUESTS.items - items_before == len(jobs)  # every request went through the batches
    assert VOTE_REQUESTS.batches - batches_before < len(jobs)
