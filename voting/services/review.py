"""Staff's review of the ledger: voiding votes with a reason (audited; the void itself is kept)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User

from .. import safecache
from ..enums import VoidReason
from ..models import Poll, Vote, VoteVoid
from ..selectors import tally_key


def void_votes(*, poll: Poll, vote_ids: list[int], reason: str, note: str, by: User, request=None) -> int:
    """Void the votes of ``vote_ids`` in this poll that are not void yet; returns how many."""
    if reason not in VoidReason.values:
        raise ValidationError(_("Choose a reason for voiding these votes."))
    if reason == VoidReason.OTHER and not note.strip():
        raise ValidationError(_("Say why in the note when the reason is 'Other'."))
    if poll.declared_at:
        raise ValidationError(_("The result has been declared: the ledger can no longer change."))
    with transaction.atomic():
        votes = list(
            Vote.objects.select_for_update(of=("self",))
            .filter(cycle=poll.cycle, pk__in=vote_ids, void__isnull=True)
            .order_by("pk")
        )
        VoteVoid.objects.bulk_create(
            [VoteVoid(vote=vote, reason=reason, note=note.strip()[:300], voided_by=by) for vote in votes]
        )
        if votes:
            record_event(
                actor=by,
                action="vote.void",
                target=poll,
                request=request,
                detail={"votes": [v.pk for v in votes], "reason": reason, "note": note.strip()[:300]},
            )
    safecache.delete(tally_key(poll.cycle_id))
    return len(votes)
