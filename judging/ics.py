"""iCalendar (.ics) files for presentations, made with the icalendar library.

Each presentation keeps one UID for its whole life; every change sent out raises its SEQUENCE, so a
calendar that imported the first e-mail's file updates the event in place instead of adding another.
Times are written in Asia/Bangkok with the VTIMEZONE the library adds.

The files are rendered when the e-mail is sent (``core.emails.attachment_renderer``), in the
recipient's language, so a retried e-mail carries the presentation's latest state.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.models import User
from core.emails import DocumentAttachment, attachment_renderer

from .selectors import presentations_between, slots_of_judge

FINALIST_ICS = "presentation_ics"
JUDGE_ICS = "presentations_ics_judge"

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_END = datetime(9999, 1, 1, tzinfo=UTC)
PRODID = "-//depa Smart City Solution Awards//presentations//TH"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    summary: str
    description: str
    url: str = ""


def slot_uid(slot) -> str:
    """Stable for the presentation of one application in one schedule, even if the schedule is
    generated again (the slot row may be new)."""
    host = settings.SITE_URL.split("://")[-1].split("/")[0].split(":")[0] or "localhost"
    return f"presentation-{slot.schedule_id}-{slot.application_id}@{host}"


def build_ics(events: list[CalendarEvent], *, stamp: datetime | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    zone = timezone.get_default_timezone()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("sequence", item.sequence)
        event.add("dtstamp", stamp or timezone.now())
        event.add("dtstart", item.starts_at.astimezone(zone))
        event.add("dtend", item.ends_at.astimezone(zone))
        event.add("summary", item.summary)
        event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
            event.add("location", item.url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def finalist_attachment(slot) -> DocumentAttachment:
    return DocumentAttachment(
        kind=FINALIST_ICS, object_id=slot.pk, filename="presentation.ics", mimetype="text/calendar"
    )


def judge_attachment(judge) -> DocumentAttachment:
    return DocumentAttachment(
        kind=JUDGE_ICS, object_id=judge.pk, filename="presentations.ics", mimetype="text/calendar"
    )


def _event(slot, *, for_judge: bool) -> CalendarEvent:
    application = slot.application
    if for_judge:
        summary = _("Presentation: %(reference)s %(title)s") % {
            "reference": application.reference,
            "title": application.title_th,
        }
    else:
        summary = _("Your presentation to the committee: %(title)s") % {"title": application.title_th}
    description = _("Room: %(room)s. Join: %(link)s") % {"room": slot.room.name, "link": slot.link}
    return CalendarEvent(
        uid=slot_uid(slot),
        sequence=slot.sequence,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        summary=summary,
        description=description,
        url=slot.link,
    )


@attachment_renderer(FINALIST_ICS)
def render_finalist_ics(slot_id: int, language: str) -> bytes:
    """One presentation, for the finalist's organisation."""
    slot = presentations_between(_EPOCH, _END).get(pk=slot_id)
    with translation.override(language):
        return build_ics([_event(slot, for_judge=False)])


@attachment_renderer(JUDGE_ICS)
def render_judge_ics(judge_id: int, language: str) -> bytes:
    """Every presentation the judge sits in, one event each."""
    judge = User.objects.get(pk=judge_id)
    with translation.override(language):
        return build_ics([_event(slot, for_judge=True) for slot in slots_of_judge(judge)])
