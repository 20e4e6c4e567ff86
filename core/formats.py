"""What people read, in the active language: dates, times, rubric points, counts and baht.

Services (e-mails, error messages, exports) and templates format through these functions; the
template filters in ``core/templatetags`` only wrap them. Thai gets Buddhist-era dates from
``core.thai``; English gets ``15 September 2022``.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from . import thai
from .deadlines import is_end_of_day


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_options(arg: str) -> dict:
    """``"short,thai"`` → ``{"month": "short", "digits": "thai"}`` (the filters' argument)."""
    options = {}
    for word in (arg or "").split(","):
        word = word.strip()
        if word in {"thai", "arabic"}:
            options["digits"] = word
        elif word in {"short", "long"}:
            options["month"] = word
    return options


def in_thai() -> bool:
    """Whether people read Thai now (dates then in the Buddhist Era)."""
    return (get_language() or "th").startswith("th")


def official_date(value, arg: str = "") -> str:
    """A date in the Buddhist Era, whatever the active language (official documents)."""
    if not isinstance(value, date):
        return ""
    return thai.thai_date(_local(value), **date_options(arg))


def local_date(value, arg: str = "") -> str:
    """A date for people: Buddhist Era with Thai month names in Thai, ``15 September 2022`` in English."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    if in_thai():
        return thai.thai_date(value, **date_options(arg))
    return formats.date_format(value, "j M Y" if "short" in (arg or "") else "j F Y")


def local_time(value) -> str:
    """A time of day: ``10.00 น.`` in Thai, ``10:00`` in English."""
    if not isinstance(value, datetime):
        return ""
    value = _local(value)
    if in_thai():
        return thai.thai_time(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def local_moment(value, arg: str = "short") -> str:
    """A date, with its time when it has one, as staff lists show it: ``18 ม.ค. 2570 09.30 น.`` in
    Thai, ``18 Jan 2027 09:30`` in English."""
    if isinstance(value, datetime):
        return f"{local_date(value, arg)} {local_time(value)}"
    return local_date(value, arg)


def input_date(value: date) -> str:
    """The text a date field shows: ``15/09/2565`` in Thai, ``15/09/2022`` in English (the field
    reads either era back, ``core.thai.parse_thai_date``)."""
    if in_thai():
        return thai.format_thai_date_input(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def input_time(value: time) -> str:
    """The text a time field shows, on the 24-hour clock: ``09:30``, with seconds only when there are
    some (a deadline at ``23:59:59`` keeps its last second when the form is saved again)."""
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


def iso_moment(value) -> str:
    """A date or moment for machines (exports): ISO 8601, a moment in Thailand's time with its offset
    (``2027-01-18T09:30:00+07:00``)."""
    if isinstance(value, datetime):
        return _local(value).isoformat(timespec="seconds")
    return value.isoformat() if isinstance(value, date) else ""


def buddhist_moment(value) -> str:
    """A date or moment for people in an export, in the Buddhist Era whatever the language, as staff
    type it: ``18/01/2570 09:30``."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    text = thai.format_thai_date_input(value)
    return f"{text} {value:%H:%M}" if isinstance(value, datetime) else text


def local_deadline(value, arg: str = "") -> str:
    """A deadline for people: its date, and its time too unless it is the end of the day (23:59:59),
    so that a deadline staff set at 17:00 never reads as the whole day."""
    if not isinstance(value, datetime) or is_end_of_day(value):
        return local_date(value, arg)
    return local_deadline_with_time(value, arg)


def local_deadline_with_time(value, arg: str = "") -> str:
    """A deadline with its time even at the end of the day (``… at 23.59 น.``), where a call is
    announced and a reader must not wonder whether the last day counts."""
    if not isinstance(value, datetime):
        return local_date(value, arg)
    return f"{local_date(value, arg)} {pgettext('time of day', 'at')} {local_time(value)}"


def midnight_warning(deadline: datetime) -> str:
    """What staff are told when a deadline is set at 00:00 (``core.deadlines.reads_as_day_before``)."""
    day = timezone.localtime(deadline).date()
    return _(
        "This deadline is set at %(time)s on %(date)s: it closes as that day begins, so people read it as the "
        "end of %(day_before)s. To close at the end of %(date)s, enter the date without a time (the deadline "
        "is then 23:59:59)."
    ) % {"time": local_time(deadline), "date": local_date(day), "day_before": local_date(day - timedelta(days=1))}


def points(value) -> str:
    """A score or maximum without trailing zeros or exponent: 30.00 → "30", 2.50 → "2.5"."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    return format(value.normalize(), "f")


def phone_number(number: str, extension: str = "") -> str:
    """A telephone number with its extension the way the reader's language writes it:
    "0 2026 2333 ต่อ 5103" in Thai, "0 2026 2333 ext. 5103" in English."""
    if not extension:
        return number
    return _("%(phone)s ext. %(extension)s") % {"phone": number, "extension": extension}


def grouped(value) -> str:
    """A number with thousands separators, as people write it in Thai and English: 120000 → "120,000";
    an amount with satang keeps two decimals (1250.5 → "1,250.50"), a whole one none. Anything else
    (a label, a percentage already written) is returned as text, so a table can pass every cell."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value if isinstance(value, str) else str(value)  # a SafeString stays safe
    if isinstance(value, Decimal | float) and value != int(value):
        return f"{Decimal(value):,.2f}"
    return f"{int(value):,}"


def people(value) -> str:
    """A count of people: "120,000 คน" in Thai, "120,000 people" in English; empty for no value."""
    if value is None or value == "":
        return ""
    return ngettext("%(count)s person", "%(count)s people", int(value)) % {"count": grouped(value)}


def baht(value) -> str:
    """An amount of money: "1,250,000 บาท" in Thai, "1,250,000 baht" in English; empty for no value."""
    if value is None or value == "":
        return ""
    return _("%(amount)s baht") % {"amount": grouped(value)}
