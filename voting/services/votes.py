"""Casting a vote: the window, the finalist, the per-address rate limit and the one-per-period rule,
decided by the database.

The vote endpoint's requests that arrive at the same moment are decided together (``submit_vote``,
through ``groupcommit``): one Redis round trip counts them for the escalation and reads the polls'
version, one counts their addresses, one INSERT writes them and one commit makes them durable, before
any of them is answered. A request of a burst waits once, for its batch, and never on a call of its
own. ``cast_vote`` records one vote by itself (the demo's, a test's)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, assert_never

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import escalation, ratelimit
from ..enums import VerifierKind, VotePeriod
from ..escalation import Check
from ..groupcommit import GroupCommit
from ..identity import network_of
from ..models import Poll
from ..proofs import offered_choices
from ..selectors import POLL_VERSION_KEY, PollSnapshot, snapshot_at


class VoteRow(NamedTuple):
    """One vote as the ledger's INSERT takes it, in the order of its columns."""

    voter_id: int
    cycle_id: int
    application_id: int
    period: str
    cast_at: datetime.datetime
    ip: str | None
    network: str

    @property
    def key(self) -> tuple[int, int, str]:
        """The ledger's unique key: one vote per voter, cycle and period."""
        return (self.voter_id, self.cycle_id, self.period)


@dataclass(frozen=True, slots=True)
class Counted:
    """The vote was written; ``vote_id`` is its row in the ledger."""

    vote_id: int


@dataclass(frozen=True, slots=True)
class AlreadyVoted:
    """Not written: the voter had already voted in this period (the unique constraint said so)."""


@dataclass(frozen=True, slots=True)
class RateLimited:
    """Not written: its address has cast more than VOTE_RATE_PER_IP votes this minute."""


type VoteOutcome = Counted | AlreadyVoted | RateLimited
# The two outcomes without data are the same for every vote: one instance each.
ALREADY_VOTED, RATE_LIMITED = AlreadyVoted(), RateLimited()


class VoteRefused(Exception):
    """A vote that does not count; ``code`` for programs, ``str()`` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def cast_vote(
    *,
    poll: Poll,
    finalist_ids,
    voter_id: int,
    application_id: int,
    ip: str | None = None,
    proof: str = VerifierKind.EMAIL,
) -> int:
    """Record one vote and return its id, or refuse it. ``proof`` is how the voter proved who they
    are (their pass says so): the poll must accept it. The unique constraint (voter, cycle, period)
    is the judge of a double vote: of many requests racing for one voter, exactly one row is written.
    Written alone, on this thread's connection (inside a caller's transaction it joins it); the vote
    endpoint goes through ``submit_vote``, which batches requests and counts them for the escalation."""
    row = vote_row(poll, finalist_ids, voter_id, application_id, ip, proof, timezone.now())
    return _vote_id(poll, record_votes([row])[0])


def vote_row(
    poll: Poll, finalist_ids, voter_id: int, application_id: int, ip: str | None, proof: str, now: datetime.datetime
) -> VoteRow:
    """The row of this vote, or VoteRefused: the poll is closed, does not accept ``proof``, or
    ``application_id`` is not one of its finalists."""
    if not poll.is_open(now):
        raise VoteRefused("closed", _("The Popular Vote is not open at the moment."))
    if not poll.accepts(proof):
        raise VoteRefused("wrong_proof", wrong_proof_message(poll))
    if application_id not in finalist_ids:
        raise VoteRefused("not_finalist", _("This project is not a finalist of this Popular Vote."))
    return VoteRow(voter_id, poll.cycle_id, application_id, poll.period_at(now), now, ip, network_of(ip))


def _vote_id(poll: Poll, outcome: "VoteOutcome") -> int:
    """The written vote's id, or the VoteRefused its outcome means."""
    match outcome:
        case Counted(vote_id):
            return vote_id
        case RateLimited():
            raise VoteRefused(
                "rate", _("Too many votes from this network right now. Please wait a minute and try again.")
            )
        case AlreadyVoted():
            raise VoteRefused("already_voted", _already_voted_message(poll))
        case _:
            assert_never(outcome)


@dataclass(frozen=True, slots=True)
class VoteRequest:
    """A request to the vote endpoint, as its view read it: the edition's slug, the finalist, the
    voter and proof of their pass (None and '' without one) and the client's address.

    ``refused``: the request alone refuses it (no pass, a form sent too fast); it is counted for the
    escalation and never written. ``cleared``: it was counted already and has met the escalation's
    checks (a solved challenge, a strong proof); it is not counted again. ``language``: the language
    active where it was made (the request's), in which its refusal is worded."""

    slug: str
    application_id: int
    voter_id: int | None
    proof: str
    ip: str | None
    refused: bool = False
    cleared: bool = False
    # A batch is decided in its leader's thread, whatever language that thread's own request is in.
    language: str = field(default_factory=translation.get_language)


@dataclass(frozen=True, slots=True)
class Decision:
    """What became of a VoteRequest: ``snapshot`` is the poll it was decided against (the page of a
    refusal shows it), and then one of: ``vote_id``, the vote written; ``refusal``, why it was not;
    ``check``, the escalation's check it met, for its view to apply (nothing written: the challenge's
    answer and the proofs offered are the request's); ``error``, what to raise in its thread."""

    snapshot: PollSnapshot | None = None
    vote_id: int | None = None
    refusal: VoteRefused | None = None
    check: Check = Check.NONE
    error: Exception | None = None


def submit_vote(vote: VoteRequest) -> Decision:
    """Count ``vote`` for its network's escalation, read the poll, check the vote and write it, in one
    batch with the vote requests of this process that arrive at the same moment
    (``decide_votes``). Raises what deciding it raised (Http404 for an unknown edition)."""
    decision = decide_votes([vote])[0] if connection.in_atomic_block else VOTE_REQUESTS.submit(vote)
    if decision.error is not None:
        raise decision.error
    return decision


def decide_votes(votes: Sequence[VoteRequest]) -> list[Decision]:
    """Each request's Decision, in order, for the cost of one batch: one round trip to Redis counts
    every request for its network's escalation and reads the polls' version (``escalation.count_many``),
    the poll of that version is read once per edition (``selectors.snapshot_at``), and the votes that
    pass every check are written together (``record_votes``: one round trip for the per-address limit,
    one INSERT, one commit). Every request is counted, as it would be alone; nothing is written for a
    request the escalation asks more of. Never raises for one request: its error is its Decision's."""
    uncounted = [vote for vote in votes if not vote.cleared]
    checks, version = escalation.count_many([vote.ip for vote in uncounted], POLL_VERSION_KEY)
    counted_checks = iter(checks)
    now = timezone.now()
    decisions: list[Decision] = []
    rows: list[tuple[int, VoteRow]] = []
    for index, vote in enumerate(votes):
        check = Check.NONE if vote.cleared else next(counted_checks)
        try:
            snapshot = snapshot_at(vote.slug, version)
        except Exception as error:  # an unknown edition (Http404), a database error: this request's
            decisions.append(Decision(error=error))
            continue
        if vote.refused or check >= Check.CHALLENGE:
            decisions.append(Decision(snapshot, check=check))
            continue
        try:
            with translation.override(vote.language):
                row = vote_row(
                    snapshot.poll, snapshot.finalist_ids, vote.voter_id, vote.application_id, vote.ip, vote.proof, now
                )
        except VoteRefused as refusal:
            decisions.append(Decision(snapshot, refusal=refusal))
            continue
        decisions.append(Decision(snapshot))
        rows.append((index, row))
    for (index, _row), outcome in zip(rows, _record_each([row for _index, row in rows]), strict=True):
        with translation.override(votes[index].language):
            decisions[index] = _decided(decisions[index], outcome)
    return decisions


def _record_each(rows: list[VoteRow]) -> list["VoteOutcome | Exception"]:
    """``record_votes(rows)``, or when the batch fails as a whole, each row alone, so that one bad row
    never costs the others their answer (a row's own failure is its outcome)."""
    if not rows:
        return []
    try:
        return list(record_votes(rows))
    except Exception as error:
        if len(rows) == 1:
            return [error]
    outcomes: list[VoteOutcome | Exception] = []
    for row in rows:
        try:
            outcomes.append(record_votes([row])[0])
        except Exception as error:
            outcomes.append(error)
    return outcomes


def _decided(decision: Decision, outcome: "VoteOutcome | Exception") -> Decision:
    if isinstance(outcome, Exception):
        return Decision(decision.snapshot, error=outcome)
    try:
        return Decision(decision.snapshot, vote_id=_vote_id(decision.snapshot.poll, outcome))
    except VoteRefused as refusal:
        return Decision(decision.snapshot, refusal=refusal)


def record_votes(rows: Sequence[VoteRow]) -> list[VoteOutcome]:
    """Each row's outcome, in order: Counted with its vote id, AlreadyVoted, or RateLimited when its
    address has cast more than VOTE_RATE_PER_IP votes this minute (those rows are not written)."""
    allowed = ratelimit.allow_many("vote-ip", [row.ip or "-" for row in rows], settings.VOTE_RATE_PER_IP)
    ids = iter(write_votes([row for row, ok in zip(rows, allowed, strict=True) if ok]))
    return [_written(next(ids)) if ok else RATE_LIMITED for ok in allowed]


def _written(vote_id: int | None) -> Counted | AlreadyVoted:
    return ALREADY_VOTED if vote_id is None else Counted(vote_id)


def write_votes(rows: list[VoteRow]) -> list[int | None]:
    """Write ``rows`` in one INSERT that the constraint may turn away row by row (ON CONFLICT DO
    NOTHING): one round trip, durable by itself in autocommit, and no error to recover from inside a
    caller's transaction. Returns each row's vote id, or None when the voter had already voted
    (also for the second of two rows of one voter in the same batch)."""
    if not rows:
        return []
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(INSERT_VOTES % values, [value for row in rows for value in row])
        stored = {(voter, cycle, period): pk for pk, voter, cycle, period in cursor.fetchall()}
    # pop: of two rows with one key, the first (the one the INSERT kept) gets the id.
    return [stored.pop(row.key, None) for row in rows]


# The table of voting.Vote; the conflict target is its constraint voting_vote_one_per_period.
INSERT_VOTES = (
    "INSERT INTO voting_vote (voter_id, cycle_id, application_id, period, cast_at, ip, network)"
    " VALUES %s"
    " ON CONFLICT (voter_id, cycle_id, period) DO NOTHING RETURNING id, voter_id, cycle_id, period"
)


def group_commit_delay() -> float:
    """VOTE_GROUP_COMMIT_DELAY_MS in seconds, read whenever a batch may wait for company."""
    return settings.VOTE_GROUP_COMMIT_DELAY_MS / 1000


# The vote endpoint's requests: counted, checked and written a batch at a time (``decide_votes``).
VOTE_REQUESTS: GroupCommit[VoteRequest, Decision] = GroupCommit(decide_votes, delay=group_commit_delay)


def wrong_proof_message(poll: Poll) -> str:
    """The proofs to verify again with: those the poll accepts that are set up on this site (a proof
    the poll names but the site cannot offer, such as LINE without its client, is not a way out)."""
    names = ", ".join(str(label) for _kind, label in offered_choices(None, poll))
    if not names:
        return _("None of the ways to prove who you are that this Popular Vote accepts works at the moment.")
    return _("This Popular Vote accepts only these ways to prove who you are: %(proofs)s. Verify again to vote.") % {
        "proofs": names
    }


def _already_voted_message(poll: Poll) -> str:
    if poll.period == VotePeriod.DAY:
        return _("You have already voted today. You can vote again tomorrow (Thailand time).")
    return _("You have already voted in this Popular Vote. Each verified voter has one vote.")
