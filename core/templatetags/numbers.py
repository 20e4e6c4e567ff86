"""``{{ value|people }}``, ``{{ value|baht }}``, ``{{ value|grouped }}``: numbers as people read them
(core.formats: thousands separators and the unit in the reader's language)."""

from django import template

from .. import formats

register = template.Library()
register.filter("grouped", formats.grouped)
register.filter("people", formats.people)
register.filter("baht", formats.baht)
