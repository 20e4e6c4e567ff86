"""Writes of the panel's deliberation: a message (with its mention e-mails) and the chair's summary.

Both are refused while the discussion is closed (the category's decision is in force) and for anyone
who may not take part (``judging.deliberation.can_take_part``); the views answer 404 before that.
A mentioned panel member gets at most one e-mail per thread per
``settings.DISCUSSION_MENTION_EMAIL_MINUTES``, so that a lively thread cannot flood anyone.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from submissions.models import Application

from .. import deliberation as reads
from .. import emails
from ..models import DiscussionMessage, PanelSummary, Round

MAX_LENGTH = 5000


def _refuse_unless_open(round: Round, application: Application) -> None:
    if reads.discussion_closed(round, application):
        raise ValidationError(
            _(
                "The discussion is closed: the category's decision has been finalised. "
                "It reopens only if the decision is withdrawn."
            )
        )


def _clean_text(text: str, *, empty: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError(empty)
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("Keep it under %(count)s characters.") % {"count": MAX_LENGTH})
    return text


def _recently_notified(round: Round, application: Application, user: User) -> bool:
    since = timezone.now() - timedelta(minutes=settings.DISCUSSION_MENTION_EMAIL_MINUTES)
    return DiscussionMessage.objects.filter(
        round=round, application=application, notified=user, created_at__gte=since
    ).exists()


@transaction.atomic
def post_message(*, round: Round, application: Application, by: User, body: str) -> DiscussionMessage:
    """Add a message to the thread; e-mail the panel members it mentions (never the author, never
    anyone outside the panel, and not someone this thread already e-mailed within the limit)."""
    if not reads.can_take_part(by, round, application):
        raise ValidationError(_("Only the panel can write in this discussion."))
    body = _clean_text(body, empty=_("Write the message first."))
    # One thread at a time: two messages posted together must not both e-mail the same person.
    Round.objects.select_for_update().get(pk=round.pk)
    _refuse_unless_open(round, application)
    message = DiscussionMessage.objects.create(round=round, application=application, author=by, body=body)
    members = [m for m in reads.panel_members(round, application) if m.pk != by.pk]
    to_notify = [m for m in reads.mentioned(body, members) if not _recently_notified(round, application, m)]
    for member in to_notify:
        emails.send_mention(user=member, message=message)
    message.notified.set(to_notify)
    return message


@transaction.atomic
def write_summary(
    *, round: Round, application: Application, by: User, text: str, public: bool, request=None
) -> PanelSummary:
    """The chair writes (or rewrites) the summary of the panel's view; ``public`` publishes it with
    the decision."""
    if not reads.can_summarise(by):
        raise ValidationError(_("Only the committee chair writes the panel's summary."))
    text = _clean_text(text, empty=_("Write the summary first."))
    _refuse_unless_open(round, application)
    summary, _created = PanelSummary.objects.update_or_create(
        round=round, application=application, defaults={"text": text, "public": public, "author": by}
    )
    record_event(
        actor=by,
        action="deliberation.summary",
        target=summary,
        request=request,
        detail={"application": application.reference or application.pk, "public": public},
    )
    return summary
