"""Template filters over awards.thai: ``{{ value|local_date }}``, ``{{ value|thai_date:"short,thai" }}``."""

from datetime import date, datetime

from django import template
from django.utils import formats, timezone
from django.utils.translation import get_language

from .. import thai

register = template.Library()


def _local(value):
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _options(arg: str) -> dict:
    options = {}
    for word in (arg or "").split(","):
        word = word.strip()
        if word in {"thai", "arabic"}:
            options["digits"] = word
        elif word in {"short", "long"}:
            options["month"] = word
    return options


@register.filter
def thai_date(value, arg=""):
    """A date in the Buddhist Era, whatever the active language (official documents)."""
    if not isinstance(value, date):
        return ""
    return thai.thai_date(_local(value), **_options(arg))


@register.filter
def local_date(value, arg=""):
    """A date for people: Buddhist Era with Thai month names in Thai, ``15 September 2022`` in English."""
    if not isinstance(value, date):
        return ""
    value = _local(value)
    if (get_language() or "th").startswith("th"):
        return thai.thai_date(value, **_options(arg))
    return formats.date_format(value, "j M Y" if "short" in (arg or "") else "j F Y")


@register.filter
def local_time(value):
    """A time of day: ``10.00 น.`` in Thai, ``10:00`` in English."""
    if not isinstance(value, datetime):
        return ""
    value = _local(value)
    if (get_language() or "th").startswith("th"):
        return thai.thai_time(value)
    return f"{value.hour:02d}:{value.minute:02d}"
