"""The reminder sweep: one periodic task decides what is due, claims it in the ledger and queues
the e-mail in the same transaction.

Nothing is scheduled per recipient: every few minutes the sweep looks at the drafts, the rounds and
the presentations, works out which reminder each person is due now, and claims it by inserting its
ledger row first (``Reminder``'s unique key). The e-mail is queued in the same transaction as the
claim, so a crash leaves either both or neither, and the outbox sends it after commit.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone

from judging.selectors import presentations_between, unscored_assignments_closing
from submissions.selectors import drafts_before_deadline, effective_deadline, latest_deadline_extension

from . import emails
from .enums import DRAFT_STAGES, SCORING_STAGES, ReminderKind
from .models import Reminder

logger = logging.getLogger(__name__)
# Presentation reminders go out from this hour (Bangkok) on the day before, not at midnight.
PRESENTATION_REMINDER_HOUR = 9


def due_stage(stages, *, deadline: datetime, at: datetime, known_since: datetime | None = None):
    """The nearest stage whose time has come before ``deadline``, or None. A stage whose time was
    before ``known_since`` (the deadline was set later, or the draft started later) is not sent."""
    if at >= deadline:
        return None
    for kind, before in stages:
        threshold = deadline - before
        if at >= threshold:
            return kind if known_since is None or threshold >= known_since else None
    return None


def claim(*, recipient, kind: str, deadline: datetime, cycle, send) -> bool:
    """Insert the ledger row, then queue the e-mail with ``send()``, in one transaction. Returns
    False when the reminder was already claimed (by an earlier sweep or a concurrent one)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(recipient=recipient, kind=kind, deadline=deadline, cycle=cycle)
        except IntegrityError:
            return False
        Reminder.objects.filter(pk=reminder.pk).update(email=send())
    return True


def _claimed(keys) -> set[tuple]:
    """The keys of ``keys`` already in the ledger, in one query (so that a sweep over thousands of
    drafts does not try thousands of inserts every few minutes)."""
    if not keys:
        return set()
    kinds = {kind for _user, kind, _deadline in keys}
    deadlines = {deadline for _user, _kind, deadline in keys}
    rows = Reminder.objects.filter(kind__in=kinds, deadline__in=deadlines).values_list(
        "recipient_id", "kind", "deadline"
    )
    return set(rows)


def _send_due(groups: dict, send) -> int:
    """Claim and send each group ``(user, kind, deadline) -> (cycle, items)`` not yet in the ledger."""
    done = _claimed({(user.pk, kind, deadline) for user, kind, deadline in groups})
    sent = 0
    for (user, kind, deadline), (cycle, items) in groups.items():
        if (user.pk, kind, deadline) in done:
            continue
        queue = partial(send, user, kind, deadline, items)
        sent += claim(recipient=user, kind=kind, deadline=deadline, cycle=cycle, send=queue)
    return sent


def _members(application):
    return [membership.user for membership in application.organisation.memberships.all() if membership.user.is_active]


def draft_reminders(*, at: datetime) -> int:
    """Applicants with a draft: 7 days, 3 days, 1 day and 3 hours before its deadline."""
    groups: dict = {}
    for application in drafts_before_deadline(at=at):
        deadline = effective_deadline(application)
        extension = latest_deadline_extension(application) if deadline != application.extended_until else None
        known_since = max(application.created_at, extension.created_at) if extension else application.created_at
        kind = due_stage(DRAFT_STAGES, deadline=deadline, at=at, known_since=known_since)
        for user in _members(application) if kind else []:
            groups.setdefault((user, kind, deadline), (application.cycle, []))[1].append(application)

    def send(user, kind, deadline, applications):
        return emails.send_draft_reminder(user=user, kind=kind, deadline=deadline, applications=applications)

    return _send_due(groups, send)


def extension_announcements(*, at: datetime) -> int:
    """One announcement of an extended deadline to the members of every draft it moves (drafts
    started after the extension already saw the new date)."""
    groups: dict = {}
    for application in drafts_before_deadline(at=at):
        extension = latest_deadline_extension(application)
        if extension is None or application.created_at > extension.created_at:
            continue
        if effective_deadline(application) != extension.new_at:
            continue  # a later personal extension: this announcement does not concern it
        for user in _members(application):
            key = (user, ReminderKind.DEADLINE_EXTENDED, extension.new_at)
            groups.setdefault(key, (application.cycle, []))[1].append(application)

    def send(user, kind, deadline, applications):
        extension = latest_deadline_extension(applications[0])
        return emails.send_extension_announcement(user=user, extension=extension, applications=applications)

    return _send_due(groups, send)


def scoring_reminders(*, at: datetime) -> int:
    """Judges with scorecards still to submit: 3 days and 1 day before the round closes."""
    longest = max(before for _kind, before in SCORING_STAGES)
    per_judge_round: dict = defaultdict(list)
    for assignment in unscored_assignments_closing(after=at, until=at + longest):
        per_judge_round[(assignment.judge, assignment.round)].append(assignment)
    groups: dict = {}
    for (judge, round_), assignments in per_judge_round.items():
        kind = due_stage(SCORING_STAGES, deadline=round_.closes_at, at=at)
        if kind and judge.is_active:
            entry = groups.setdefault((judge, kind, round_.closes_at), (round_.cycle, []))
            entry[1].append({"round": round_, "count": len(assignments)})

    def send(user, kind, deadline, rounds):
        return emails.send_scoring_reminder(user=user, kind=kind, closes_at=deadline, rounds=rounds)

    return _send_due(groups, send)


def _presentation_day(at: datetime) -> tuple[datetime, datetime] | None:
    """Tomorrow in Bangkok's calendar, once today has reached the hour reminders go out."""
    local = timezone.localtime(at)
    if local.hour < PRESENTATION_REMINDER_HOUR:
        return None
    tomorrow = local.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return tomorrow, tomorrow + timedelta(days=1)


def presentation_reminders(*, at: datetime) -> int:
    """Finalists' members and the judges who sit in, the day before their presentations: one e-mail
    each listing their presentations of that day, keyed by the first one's start (a moved first
    presentation is a new key, so its reminder follows it)."""
    day = _presentation_day(at)
    if day is None:
        return 0
    slots_of: dict = defaultdict(list)
    slots = presentations_between(*day).prefetch_related("application__organisation__memberships__user")
    for slot in slots:
        stepping_out = set(slot.stepping_out.all())
        judges = [judge for judge in slot.room.judges.all() if judge not in stepping_out and judge.is_active]
        for user in {*_members(slot.application), *judges}:
            slots_of[user].append(slot)
    groups = {
        (user, ReminderKind.PRESENTATION_1D, slots[0].starts_at): (slots[0].application.cycle, slots)
        for user, slots in slots_of.items()
    }

    def send(user, kind, starts_at, slots):
        return emails.send_presentation_reminder(user=user, starts_at=starts_at, slots=slots)

    return _send_due(groups, send)


SWEEPS = (extension_announcements, draft_reminders, scoring_reminders, presentation_reminders)


def sweep(*, at: datetime | None = None) -> dict[str, int]:
    """Send every reminder that is due at ``at`` (now by default) and not yet sent; returns how
    many of each were sent. Safe to run any number of times, concurrently too."""
    at = at or timezone.now()
    sent = {step.__name__: step(at=at) for step in SWEEPS}
    if any(sent.values()):
        logger.info("reminders sent: %s", sent)
    return sent
