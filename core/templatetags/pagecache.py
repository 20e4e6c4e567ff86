"""What a page served from the public-page cache says of its own lag (core/pagecache.py)."""

from django import template

from core import pagecache

register = template.Library()


@register.simple_tag
def public_lag(seconds) -> int:
    """``seconds`` of a figure's own refresh plus the life of a cached copy: the longest a visitor
    can wait to see a change of it."""
    return int(seconds) + pagecache.seconds()
