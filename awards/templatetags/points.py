from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def points(value) -> str:
    """A score or maximum without trailing zeros or exponent: 30.00 → "30", 2.50 → "2.5"."""
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    return format(value.normalize(), "f")
