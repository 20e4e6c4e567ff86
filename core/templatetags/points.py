"""``{{ value|points }}``: a rubric score without trailing zeros (core.formats.points)."""

from django import template

from .. import formats

register = template.Library()
register.filter("points", formats.points)
