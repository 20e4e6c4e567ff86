"""Template filters over core.formats: ``{{ value|local_date }}``, ``{{ value|thai_date:"short,thai" }}``,
``{{ deadline|local_deadline }}``, ``{{ moment|local_moment }}`` (date and time, as admin lists show them)."""

from django import template

from .. import formats

register = template.Library()
register.filter("thai_date", formats.official_date)
register.filter("local_date", formats.local_date)
register.filter("local_time", formats.local_time)
register.filter("local_deadline", formats.local_deadline)
register.filter("local_deadline_with_time", formats.local_deadline_with_time)
register.filter("local_moment", formats.local_moment)
