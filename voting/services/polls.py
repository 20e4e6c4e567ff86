"""Opening and closing a Popular Vote (staff, from admin)."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User

from ..models import Poll
from ..selectors import forget_polls


def open_poll_now(*, poll: Poll, by: User, request=None) -> Poll:
    now = timezone.now()
    if poll.declared_at:
        raise ValidationError(_("The result has been declared: this vote cannot open again."))
    if poll.closes_at <= now:
        raise ValidationError(_("Move the closing time into the future first."))
    with transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(opens_at=min(poll.opens_at, now))
        record_event(actor=by, action="vote.open", target=poll, request=request)
    forget_polls()
    return Poll.objects.get(pk=poll.pk)


def close_poll_now(*, poll: Poll, by: User, request=None) -> Poll:
    now = timezone.now()
    if poll.closes_at <= now:
        raise ValidationError(_("This vote is already closed."))
    with transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(closes_at=max(now, poll.opens_at + timedelta(seconds=1)))
        record_event(actor=by, action="vote.close", target=poll, request=request)
    forget_polls()
    return Poll.objects.get(pk=poll.pk)
