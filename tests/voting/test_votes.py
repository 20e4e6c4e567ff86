import uuid
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import ApplicationFactory, FinalistFactory, PollFactory, VoteFactory, VoterFactory, VoteVoidFactory
from voting.models import Vote
from voting.selectors import ledger_counts, poll_snapshot, public_counts
from voting.services.votes import (
    ALREADY_VOTED,
    RATE_LIMITED,
    Counted,
    VoteRefused,
    VoteRequest,
    VoteRow,
    cast_vote,
    decide_votes,
    record_votes,
    write_votes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Refusals are asserted in English here; the Thai ones are in the catalogue (tests/test_locale.py).
    with translation.override("en"):
        yield


def _cast(poll, voter, application, **kwargs):
    snapshot = poll_snapshot(poll.cycle.slug)
    return cast_vote(
        poll=snapshot.poll,
        finalist_ids=snapshot.finalist_ids,
        voter_id=voter.pk,
        application_id=application.pk,
        **kwargs,
    )


def test_cast_vote_records_one_row_with_its_network(poll, finalist, voter):
    vote = Vote.objects.get(pk=_cast(poll, voter, finalist, ip="203.0.113.9"))

    assert vote.voter == voter
    assert (vote.cycle_id, vote.application_id, vote.period, vote.network) == (
        poll.cycle_id,
        finalist.pk,
        "",
        "203.0.113.0/24",
    )


def test_second_vote_of_the_same_voter_is_already_voted(poll, finalist, voter):
    other = FinalistFactory(cycle=poll.cycle)
    _cast(poll, voter, finalist)

    with pytest.raises(VoteRefused) as refusal:
        _cast(poll, voter, other)

    assert refusal.value.code == "already_voted"
    assert "already voted" in str(refusal.value)
    assert Vote.objects.count() == 1


def test_one_vote_a_day_when_the_poll_says_so(poll, finalist, voter):
    poll.period = "day"
    poll.save()
    _cast(poll, voter, finalist)
    Vote.objects.update(period=(timezone.localdate() - timedelta(days=1)).isoformat())

    _cast(poll, voter, finalist)
    with pytest.raises(VoteRefused, match="already voted today"):
        _cast(poll, voter, finalist)

    assert Vote.objects.count() == 2


@pytest.mark.parametrize(
    ("opens", "closes"), [(timedelta(hours=1), timedelta(days=1)), (-timedelta(days=2), -timedelta(seconds=1))]
)
def test_vote_outside_the_window_is_refused(finalist, voter, poll, opens, closes):
    now = timezone.now()
    poll.opens_at, poll.closes_at = now + opens, now + closes
    poll.save()

    with pytest.raises(VoteRefused) as refusal:
        _cast(poll, voter, finalist)

    assert refusal.value.code == "closed"
    assert Vote.objects.count() == 0


def test_vote_for_a_non_finalist_is_refused(poll, voter):
    submitted_only = ApplicationFactory(cycle=poll.cycle, status="submitted")

    with pytest.raises(VoteRefused) as refusal:
        _cast(poll, voter, submitted_only)

    assert refusal.value.code == "not_finalist"


def test_vote_for_a_finalist_of_another_cycle_is_refused(poll, voter):
    elsewhere = FinalistFactory(cycle=PollFactory().cycle)

    with pytest.raises(VoteRefused) as refusal:
        _cast(poll, voter, elsewhere)

    assert refusal.value.code == "not_finalist"
    assert Vote.objects.count() == 0


def test_voided_votes_do_not_count(poll, finalist, staff):
    kept, voided = VoteFactory(application=finalist), VoteFactory(application=finalist)
    VoteVoidFactory(vote=voided, reason="burst", voided_by=staff)

    assert ledger_counts(poll.cycle) == {finalist.pk: 1}
    assert kept.pk != voided.pk


def test_public_counts_come_from_the_ledger_and_refresh_from_it(poll, finalist):
    VoteFactory(application=finalist)
    assert public_counts(poll.cycle) == {finalist.pk: 1}

    from django.core.cache import cache

    cache.clear()
    VoteFactory(application=finalist, voter=VoterFactory())
    assert public_counts(poll.cycle) == {finalist.pk: 2}


def test_the_insert_names_the_ledgers_table_and_constraint():
    from voting.services.votes import INSERT_VOTES

    constraint = next(c for c in Vote._meta.constraints if c.name == "voting_vote_one_per_period")
    assert f"INSERT INTO {Vote._meta.db_table} " in INSERT_VOTES
    assert (
        f"ON CONFLICT ({', '.join(f'{name}_id' if name in ('voter', 'cycle') else name for name in constraint.fields)})"
        in INSERT_VOTES
    )


def test_record_votes_answers_each_row_with_its_outcome(settings, poll, finalist, voter):
    settings.VOTE_RATE_PER_IP = 1
    other_voter, now = VoterFactory(), timezone.now()
    busy, quiet = f"2001:db8::{uuid.uuid4().hex[:4]}", f"2001:db8::{uuid.uuid4().hex[:4]}"  # new this minute

    def row(who, ip):
        return VoteRow(who.pk, poll.cycle_id, finalist.pk, "", now, ip, "2001:db8::/56")

    outcomes = record_votes([row(voter, busy), row(other_voter, busy), row(voter, quiet)])

    vote = Vote.objects.get()
    assert outcomes == [Counted(vote.pk), RATE_LIMITED, ALREADY_VOTED]
    assert vote.voter == voter


def test_one_insert_writes_a_batch_and_the_first_of_two_rows_of_one_voter_wins(poll, finalist, voter):
    other_finalist, other_voter = FinalistFactory(cycle=poll.cycle), VoterFactory()
    now = timezone.now()

    def row(who, application):
        return VoteRow(who.pk, poll.cycle_id, application.pk, "", now, "203.0.113.9", "203.0.113.0/24")

    ids = write_votes([row(voter, finalist), row(voter, other_finalist), row(other_voter, other_finalist)])

    assert ids[1] is None
    stored = {vote.pk: (vote.voter_id, vote.application_id) for vote in Vote.objects.all()}
    assert stored == {ids[0]: (voter.pk, finalist.pk), ids[2]: (other_voter.pk, other_finalist.pk)}


def test_vote_requests_decided_together_are_each_refused_in_their_own_language(poll, finalist, voter):
    """A batch is decided in its leader's thread; each refusal is worded in the language of the
    request it answers, not the leader's."""
    slug = poll.cycle.slug
    assert decide_votes([VoteRequest(slug, finalist.pk, voter.pk, "email", "192.0.2.1")])[0].vote_id
    with translation.override("th"):
        thai = VoteRequest(slug, finalist.pk, voter.pk, "email", "192.0.2.1")
    with translation.override("en"):
        english = VoteRequest(slug, finalist.pk, voter.pk, "email", "192.0.2.2")
        not_a_finalist = VoteRequest(slug, finalist.pk + 1000, VoterFactory().pk, "email", "192.0.2.3")

    with translation.override("th"):  # the leader's own request is a Thai one
        decisions = decide_votes([thai, english, not_a_finalist])

    assert [decision.refusal.code for decision in decisions] == ["already_voted", "already_voted", "not_finalist"]
    assert str(decisions[0].refusal).startswith("ท่านโหวตแล้ว")
    assert str(decisions[1].refusal).startswith("You have already voted")
    assert str(decisions[2].refusal) == "This project is not a finalist of this Popular Vote."
    assert Vote.objects.count() == 1
