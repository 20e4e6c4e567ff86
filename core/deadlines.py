"""What a deadline means: the day the public reads and the instant the server enforces.

A call says "until 31 August". A deadline typed as a date is stored as 23:59:59 of that day in
Bangkok (the site's time zone), in whole seconds, and a change is accepted until that second has
passed: while ``now < deadline + 1 second``. So a submission at 23:59:59.600 is on time, and one at
00:00:00 the next day is not. Every rule that decides whether an application may still change,
be submitted or be withdrawn, and every page that shows a deadline, goes through this module.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

END_OF_DAY = time(23, 59, 59)
# The deadline's own second is still on time: "until 23:59:59" includes 23:59:59.999.
GRACE = timedelta(seconds=1)


def whole_seconds(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def end_of_day(day: date) -> datetime:
    """The deadline meant by a date alone: 23:59:59 of that day in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, END_OF_DAY))


def deadline_from(value: date | datetime) -> datetime:
    """A deadline as staff typed it: a date alone is the end of that day; a date and time is kept,
    without its fractions of a second."""
    if isinstance(value, datetime):
        return whole_seconds(value)
    return end_of_day(value)


def moment_from(value: date | datetime) -> datetime:
    """A moment that is not a deadline (a briefing, the results) as staff typed it: a date alone is
    the start of that day."""
    if isinstance(value, datetime):
        return whole_seconds(value)
    return timezone.make_aware(datetime.combine(value, time(0, 0)))


def accepts_changes(deadline: datetime, at: datetime) -> bool:
    """Whether a change made at ``at`` is on time for ``deadline`` (its last second included)."""
    return at < deadline + GRACE


def open_after(at: datetime) -> datetime:
    """Deadlines later than this still accept changes at ``at`` (for filtering in the database)."""
    return at - GRACE


def is_end_of_day(moment: datetime) -> bool:
    """Whether a deadline is the end of its day (then pages show the date alone)."""
    return timezone.localtime(moment).time().replace(microsecond=0) == END_OF_DAY


def reads_as_day_before(moment: datetime) -> bool:
    """A deadline at 00:00 closes as the day starts: people read it as the end of the day before."""
    return timezone.localtime(moment).time() == time(0, 0)
