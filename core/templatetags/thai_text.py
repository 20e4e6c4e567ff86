"""``{{ heading|thai_wbr }}``: a heading or card title that never breaks inside a Thai word
(core/thaiwords.py), its text escaped and otherwise exactly as written."""

from django import template
from django.utils.safestring import SafeData, mark_safe

from core.thaiwords import with_word_breaks

register = template.Library()


@register.filter
def thai_wbr(value):
    # Markup that is already safe is left alone: cutting it into words could split a tag or an entity.
    if isinstance(value, SafeData):
        return value
    if value is None:
        return ""
    return mark_safe(with_word_breaks(str(value)))  # noqa: S308 - every word is escaped above.
