"""The e-mails of judging, one function per kind; each renders templates/emails/<kind>/ in the
recipient's language through core.emails."""

from django.urls import reverse
from django.utils import translation

from awards.selectors import sender_block
from core.emails import email_user
from submissions.models import Application

from . import ics


def _members(application: Application) -> list:
    return [membership.user for membership in application.organisation.memberships.all()]


def _path(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def send_shortlist_result(*, application: Application, advanced: bool) -> list:
    """Tell every member of the organisation whether the application advanced to the final round:
    a congratulation, or a kind word with the way forward. Returns the queued e-mails."""
    kind = "shortlist_advanced" if advanced else "shortlist_not_advanced"
    emails = []
    for user in _members(application):
        context = {"application": application, "path": _path(user.language, "submissions:application", application.pk)}
        emails.append(
            email_user(user=user, kind=kind, template=kind, context=context, sender=sender_block(application.cycle))
        )
    return emails


def send_finalist_notice(*, slot, user, update: bool):
    context = {"slot": slot, "update": update, "path": _path(user.language, "my_presentation")}
    return email_user(
        user=user,
        kind="presentation_finalist",
        template="presentation_finalist",
        context=context,
        attachments=[ics.finalist_attachment(slot)],
        sender=sender_block(slot.application.cycle),
    )


def send_judge_notice(*, judge, slots: list, update: bool, cycle) -> None:
    context = {"slots": slots, "update": update, "path": _path(judge.language, "judging:agenda")}
    email_user(
        user=judge,
        kind="presentation_judge",
        template="presentation_judge",
        context=context,
        attachments=[ics.judge_attachment(judge)],
        sender=sender_block(cycle),
    )


def send_conflict_withdrawn(*, staff_user, assignment) -> None:
    """Tell a staff member that a conflict of interest surfaced after assignment: the assignment is
    withdrawn and the next automatic assignment will replace the judge."""
    context = {
        "assignment": assignment,
        "path": _path(staff_user.language, "admin:judging_assignment_change", assignment.pk),
    }
    email_user(
        user=staff_user,
        kind="conflict_withdrawn",
        template="conflict_withdrawn",
        context=context,
        sender=sender_block(assignment.round.cycle),
    )


def send_mention(*, user, message) -> None:
    """Tell a panel member that a message of the panel's discussion mentions them (the text stays on
    the platform: the e-mail names the application and links to the discussion)."""
    application = message.application
    context = {
        "application": application,
        "author": message.author,
        "path": _path(user.language, "judging:discussion", message.round_id, application.pk),
    }
    email_user(
        user=user,
        kind="discussion_mention",
        template="discussion_mention",
        context=context,
        sender=sender_block(application.cycle),
    )


def send_feedback_ready(*, application: Application) -> list:
    """Tell every member of the organisation that the feedback on the application is ready, with the
    link to download it (in their language) from the applicant area."""
    return [
        email_user(
            user=user,
            kind="feedback_ready",
            template="feedback_ready",
            context={"application": application, "path": _path(user.language, "my_feedback_pdf", application.pk)},
            sender=sender_block(application.cycle),
        )
        for user in _members(application)
    ]
