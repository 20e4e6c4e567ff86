"""Columns and sheets of the files staff download (django-import-export resources and tablib).

A date or a moment goes out twice: in ISO 8601 for machines (``2027-01-18T09:30:00+07:00``, Thailand's
time with its offset) and in the Buddhist Era for people (``18/01/2570 09:30``, as staff type dates),
whatever the language of the column titles; and an XLSX sheet is named for what it holds.
"""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .formats import buddhist_moment, iso_moment


class IsoMoment(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return iso_moment(value)


class BuddhistMoment(widgets.Widget):
    def render(self, value, obj=None, **kwargs):
        return buddhist_moment(value)


def iso_title(title):
    """``submitted at (ISO 8601)``: the column machines read."""
    return format_lazy("{} (ISO 8601)", title)


def buddhist_title(title):
    """``submitted at (Buddhist Era)``, ``วันที่ส่ง (พ.ศ.)``: the column people read."""
    return format_lazy("{} ({})", title, _("Buddhist Era"))


def moment_columns(attribute: str, title) -> tuple[fields.Field, fields.Field]:
    """The two columns of one date or moment: ``submitted_at, submitted_at_be = moment_columns(...)``."""
    return (
        fields.Field(attribute=attribute, column_name=iso_title(title), widget=IsoMoment()),
        fields.Field(attribute=attribute, column_name=buddhist_title(title), widget=BuddhistMoment()),
    )


class SheetResource(resources.ModelResource):
    """A resource whose XLSX sheet is named for what it holds (``sheet_title``, else the model's
    plural name) rather than tablib's "Tablib Dataset"."""

    sheet_title = ""

    def after_export(self, queryset, dataset, **kwargs):
        super().after_export(queryset, dataset, **kwargs)
        dataset.title = str(self.sheet_title or self._meta.model._meta.verbose_name_plural)
