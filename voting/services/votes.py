"""Casting a vote: the window, the finalist and the one-per-period rule, decided by the database."""

import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import VotePeriod
from ..identity import network_of
from ..models import Poll


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


def cast_vote(*, poll: Poll, finalist_ids, voter_id: int, application_id: int, ip: str | None = None) -> int:
    """Record one vote and return its id, or refuse it. The unique constraint (voter, cycle, period)
    is the judge of a double vote: of many requests racing for one voter, exactly one row is written."""
    now = timezone.now()
    if not poll.is_open(now):
        raise VoteRefused("closed", _("The Popular Vote is not open at the moment."))
    if application_id not in finalist_ids:
        raise VoteRefused("not_finalist", _("This project is not a finalist of this Popular Vote."))
    vote_id = _insert(voter_id, poll.cycle_id, application_id, period_of(poll, now), now, ip)
    if vote_id is None:
        raise VoteRefused("already_voted", _already_voted_message(poll))
    return vote_id


def _insert(voter_id, cycle_id, application_id, period, cast_at, ip) -> int | None:
    """One INSERT that the constraint may turn away (ON CONFLICT DO NOTHING): one round trip, durable
    by itself in autocommit, and no error to recover from inside a caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT_VOTE,
            [voter_id, cycle_id, application_id, period, cast_at, ip, network_of(ip)],
        )
        row = cursor.fetchone()
    return row[0] if row else None


# The table of voting.Vote; the conflict target is its constraint voting_vote_one_per_period.
INSERT_VOTE = (
    "INSERT INTO voting_vote (voter_id, cycle_id, application_id, period, cast_at, ip, network)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (voter_id, cycle_id, period) DO NOTHING RETURNING id"
)


def _already_voted_message(poll: Poll) -> str:
    if poll.period == VotePeriod.DAY:
        return _("You have already voted today. You can vote again tomorrow (Thailand time).")
    return _("You have already voted in this Popular Vote. Each verified voter has one vote.")
