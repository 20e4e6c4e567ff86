"""Casting a vote: the window, the finalist and the one-per-period rule, decided by the database."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import VotePeriod
from ..identity import network_of
from ..models import Poll, Vote


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


def cast_vote(*, poll: Poll, finalist_ids, voter_id: int, application_id: int, ip: str | None = None) -> Vote:
    """Record one vote, or refuse it. The unique constraint (voter, cycle, period) is the judge of a
    double vote: of many requests racing for one voter, exactly one INSERT succeeds."""
    now = timezone.now()
    if not poll.is_open(now):
        raise VoteRefused("closed", _("The Popular Vote is not open at the moment."))
    if application_id not in finalist_ids:
        raise VoteRefused("not_finalist", _("This project is not a finalist of this Popular Vote."))
    vote = Vote(
        voter_id=voter_id, cycle_id=poll.cycle_id, application_id=application_id,
        period=period_of(poll, now), cast_at=now, ip=ip, network=network_of(ip),
    )  # fmt: skip
    try:
        _insert(vote)
    except IntegrityError:
        raise VoteRefused("already_voted", _already_voted_message(poll)) from None
    return vote


def _insert(vote: Vote) -> None:
    # On its own the INSERT commits by itself (autocommit): one round trip, durable. Inside a caller's
    # transaction a savepoint keeps that transaction usable when the constraint refuses the row.
    if transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            vote.save(force_insert=True)
    else:
        vote.save(force_insert=True)


def _already_voted_message(poll: Poll) -> str:
    if poll.period == VotePeriod.DAY:
        return _("You have already voted today. You can vote again tomorrow (Thailand time).")
    return _("You have already voted in this Popular Vote. Each verified voter has one vote.")
