"""Creating, editing, opening and closing a Popular Vote (staff, from admin). Every change is
announced after its commit, so that every web process reads the poll again at its next request."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User

from ..models import Poll
from ..selectors import announce_poll_change


def open_poll_now(*, poll: Poll, by: User, request=None) -> Poll:
    now = timezone.now()
    if poll.declared_at:
        raise ValidationError(_("The result has been declared: this vote cannot open again."))
    if poll.closes_at <= now:
        raise ValidationError(_("Move the closing time into the future first."))
    with transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(opens_at=min(poll.opens_at, now))
        record_event(actor=by, action="vote.open", target=poll, request=request)
        transaction.on_commit(announce_poll_change)
    return Poll.objects.get(pk=poll.pk)


def close_poll_now(*, poll: Poll, by: User, request=None) -> Poll:
    now = timezone.now()
    if poll.closes_at <= now:
        raise ValidationError(_("This vote is already closed."))
    with transaction.atomic():
        Poll.objects.filter(pk=poll.pk).update(closes_at=max(now, poll.opens_at + timedelta(seconds=1)))
        record_event(actor=by, action="vote.close", target=poll, request=request)
        transaction.on_commit(announce_poll_change)
    return Poll.objects.get(pk=poll.pk)


def save_poll(*, poll: Poll, by: User, request=None) -> Poll:
    """Staff create or edit a poll in admin (its times, its period, whether counts show); the edit
    takes effect in every web process at once, a close time moved into the past included."""
    poll.full_clean()
    created = poll.pk is None
    with transaction.atomic():
        poll.save()
        record_event(actor=by, action="vote.create" if created else "vote.edit", target=poll, request=request)
        transaction.on_commit(announce_poll_change)
    return poll
