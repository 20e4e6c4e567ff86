"""The reminder e-mails, one function per kind, each in the recipient's language (Buddhist-era
dates in Thai) through core.emails."""

from datetime import datetime

from awards.selectors import sender_block
from core.emails import email_user
from core.models import OutboundEmail

from .enums import ReminderKind


def send_draft_reminder(*, user, kind: ReminderKind, deadline: datetime, applications: list) -> OutboundEmail:
    return email_user(
        user=user,
        kind=kind,
        template="reminder_draft",
        context={"deadline": deadline, "applications": applications},
        sender=sender_block(applications[0].cycle),
    )


def send_extension_announcement(*, user, extension, applications: list) -> OutboundEmail:
    return email_user(
        user=user,
        kind=ReminderKind.DEADLINE_EXTENDED,
        template="reminder_extension",
        context={"extension": extension, "deadline": extension.new_at, "applications": applications},
        sender=sender_block(applications[0].cycle),
    )


def send_scoring_reminder(*, user, kind: ReminderKind, closes_at: datetime, rounds: list) -> OutboundEmail:
    return email_user(
        user=user,
        kind=kind,
        template="reminder_scoring",
        context={"closes_at": closes_at, "rounds": rounds},
        sender=sender_block(rounds[0]["round"].cycle),
    )


def send_presentation_reminder(*, user, starts_at: datetime, slots: list) -> OutboundEmail:
    return email_user(
        user=user,
        kind=ReminderKind.PRESENTATION_1D,
        template="reminder_presentation",
        context={"starts_at": starts_at, "slots": slots},
        sender=sender_block(slots[0].application.cycle),
    )
