"""Casting a vote: the window, the finalist, the per-address rate limit and the one-per-period rule,
decided by the database.

Votes that arrive at the same moment are recorded together (``groupcommit``): one Redis round trip
counts their addresses, one INSERT writes them and one commit makes them durable, before any of them
is answered."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, assert_never

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import ratelimit
from ..enums import VerifierKind, VotePeriod
from ..groupcommit import GroupCommit
from ..identity import network_of
from ..models import Poll
from ..proofs import offered_choices


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


def period_of(poll: Poll, at: datetime.datetime) -> str:
    """'' when the rule is one vote per cycle, else the date in Thailand (one vote a day)."""
    if poll.period == VotePeriod.DAY:
        return timezone.localtime(at).date().isoformat()
    return ""


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
    is the judge of a double vote: of many requests racing for one voter, exactly one row is written."""
    now = timezone.now()
    if not poll.is_open(now):
        raise VoteRefused("closed", _("The Popular Vote is not open at the moment."))
    if not poll.accepts(proof):
        raise VoteRefused("wrong_proof", wrong_proof_message(poll))
    if application_id not in finalist_ids:
        raise VoteRefused("not_finalist", _("This project is not a finalist of this Popular Vote."))
    row = VoteRow(voter_id, poll.cycle_id, application_id, period_of(poll, now), now, ip, network_of(ip))
    # Inside a caller's transaction the vote must join it, so it is recorded alone, on this connection.
    outcome = record_votes([row])[0] if connection.in_atomic_block else GROUP_COMMIT.submit(row)
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


GROUP_COMMIT: GroupCommit[VoteRow, VoteOutcome] = GroupCommit(record_votes, delay=group_commit_delay)


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
