"""What people read, in the active language: dates, times and rubric points.

Services (e-mails, error messages, exports) and templates format through these functions; the
template filters in ``core/templatetags`` only wrap them. Thai gets Buddhist-era dates from
``core.thai``; English gets ``15 September 2022``.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import get_language

from . import thai


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


def _in_thai() -> bool:
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
    if _in_thai():
        return thai.thai_date(value, **date_options(arg))
    return formats.date_format(value, "j M Y" if "short" in (arg or "") else "j F Y")


def local_time(value) -> str:
    """A time of day: ``10.00 น.`` in Thai, ``10:00`` in English."""
    if not isinstance(value, datetime):
        return ""
    value = _local(value)
    if _in_thai():
        return thai.thai_time(value)
    return f"{value.hour:02d}:{value.minute:02d}"


def points(value) -> str:
    """A score or maximum without trailing zeros or exponent: 30.00 → "30", 2.50 → "2.5"."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    return format(value.normalize(), "f")
