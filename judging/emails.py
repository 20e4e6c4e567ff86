"""The e-mails of judging, one function per kind; each renders templates/emails/<kind>/ in the
recipient's language through awards.emails."""

from django.urls import reverse
from django.utils import translation

from awards.emails import email_user
from submissions.models import Application

from .ics import CalendarEvent, build_ics, slot_uid


def _members(application: Application) -> list:
    return [membership.user for membership in application.organisation.memberships.all()]


def _path(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def send_shortlist_result(*, application: Application, advanced: bool) -> None:
    """Tell every member of the organisation whether the application advanced to the final round:
    a congratulation, or a kind word with the way forward."""
    kind = "shortlist_advanced" if advanced else "shortlist_not_advanced"
    for user in _members(application):
        context = {"application": application, "path": _path(user.language, "submissions:application", application.pk)}
        email_user(user=user, kind=kind, template=kind, context=context)


def _event(slot, *, for_judge: bool, language: str) -> CalendarEvent:
    application = slot.application
    with translation.override(language):
        summary = (
            translation.gettext("Presentation: %(reference)s %(title)s")
            % {"reference": application.reference, "title": application.title_th}
            if for_judge
            else translation.gettext("Your presentation to the committee: %(title)s") % {"title": application.title_th}
        )
        description = translation.gettext("Room: %(room)s. Join: %(link)s") % {
            "room": slot.room.name,
            "link": slot.link,
        }
    return CalendarEvent(
        uid=slot_uid(slot), sequence=slot.sequence, starts_at=slot.starts_at, ends_at=slot.ends_at,
        summary=summary, description=description, url=slot.link,
    )  # fmt: skip


def send_finalist_notice(*, slot, user, update: bool) -> None:
    ics = build_ics([_event(slot, for_judge=False, language=user.language)])
    context = {"slot": slot, "update": update, "path": _path(user.language, "my_presentation")}
    email_user(
        user=user, kind="presentation_finalist", template="presentation_finalist", context=context,
        attachments=[("presentation.ics", ics, "text/calendar")],
    )  # fmt: skip


def send_judge_notice(*, judge, slots: list, update: bool) -> None:
    ics = build_ics([_event(slot, for_judge=True, language=judge.language) for slot in slots])
    context = {"slots": slots, "update": update, "path": _path(judge.language, "judging:agenda")}
    email_user(
        user=judge, kind="presentation_judge", template="presentation_judge", context=context,
        attachments=[("presentations.ics", ics, "text/calendar")],
    )  # fmt: skip
