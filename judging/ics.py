"""iCalendar (.ics) files for presentations, made with the icalendar library.

Each presentation keeps one UID for its whole life; every change sent out raises its SEQUENCE, so a
calendar that imported the first e-mail's file updates the event in place instead of adding another.
Times are written in Asia/Bangkok with the VTIMEZONE the library adds.
"""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

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
