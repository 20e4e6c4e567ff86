"""The result of the Popular Vote: the winner by valid votes with the declared tie-break, the
integrity report, frozen as canonical JSON with its SHA-256."""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from awards.enums import PrizeKind
from judging.services.decisions import finalise_prize

from ..models import Poll
from ..selectors import announce_poll_change, integrity_report, standings

TIE_BREAK = (
    "most valid votes; at equal votes, the finalist whose last counted vote came first (it reached "
    "that count first); then the lower application reference"
)


def result_data(poll: Poll) -> dict:
    rows = standings(poll.cycle)
    return {
        "cycle": poll.cycle.slug,
        "closes_at": poll.closes_at.isoformat(),
        "tie_break": TIE_BREAK,
        "standings": [
            {
                "rank": row.rank,
                "application": row.application.pk,
                "reference": row.application.reference or "",
                "title": row.application.title_th,
                "votes": row.votes,
                "last_vote_at": row.last_vote_at.isoformat() if row.last_vote_at else None,
            }
            for row in rows
        ],
        "integrity": integrity_report(poll.cycle),
    }


def declare_result(*, poll: Poll, by: User, request=None) -> Poll:
    """After the close: freeze the standings and the integrity report, name the winner, and record the
    Popular Vote prize's decision like the judged prizes (judging's decision service)."""
    if timezone.now() < poll.closes_at:
        raise ValidationError(_("The vote is still open: declare the result after it closes."))
    data = result_data(poll)
    if not data["standings"]:
        raise ValidationError(_("This vote has no finalists."))
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.declared_at:
            raise ValidationError(_("The result has already been declared."))
        poll.result, poll.result_sha256 = data, hashlib.sha256(canonical.encode()).hexdigest()
        poll.winner_id, poll.declared_at = data["standings"][0]["application"], timezone.now()
        poll.save(update_fields=["result", "result_sha256", "winner", "declared_at"])
        _record_decision(poll, by, data, request)
        record_event(
            actor=by,
            action="vote.declare",
            target=poll,
            request=request,
            detail={"prize": "popular_vote", "winner": poll.winner_id, "sha256": poll.result_sha256},
        )
        # Like every other change of a poll (services/polls.py): every web process reads it again.
        transaction.on_commit(announce_poll_change)
    return poll


def _record_decision(poll: Poll, by: User, data: dict, request) -> None:
    """The Popular Vote prize's decision, recorded like the judged prizes (who, when, the frozen data
    and its SHA-256) through judging's decision service, which also audits it."""
    prize = poll.cycle.prizes.filter(kind=PrizeKind.POPULAR_VOTE).first()
    if prize is None:
        raise ValidationError(_("This cycle has no Popular Vote award: add it in admin first."))
    finalise_prize(prize=prize, application=poll.winner, by=by, data=data, request=request)
