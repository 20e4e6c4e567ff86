"""Form fields shared by every app, admin included: dates as Thai officers type them.

Every date typed anywhere on the site is read by ``core.thai.parse_thai_date`` (either era, Thai or
Arabic digits) and shown in the active language's era: ``15/09/2565`` in Thai, ``15/09/2022`` in
English (``core.formats.input_date``). Admin's date and date-time fields get these fields too
(``core.admin_dates``). The inputs are plain text: Django admin's calendar writes Christian-era years,
so it is not offered beside a field that shows the Buddhist Era.
"""

from datetime import date, time

from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from . import formats
from .thai import ThaiDateError, parse_thai_date, parse_thai_time


class ThaiDateInput(forms.TextInput):
    """A text input that shows a date as ``15/09/2565`` in Thai (``15/09/2022`` in English); what was
    typed is shown back unchanged when it is wrong."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "size": "16"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return formats.input_date(value)
        return super().format_value(value)


class ThaiTimeInput(forms.TextInput):
    """A text input for a time of day on the 24-hour clock: ``09:30``."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("hh:mm"), "inputmode": "numeric", "size": "8"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, time):
            return formats.input_time(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date field that reads a Buddhist-era year (``15/09/2565``, ``๑๕/๐๙/๒๕๖๕``, ``15/9/65``) as
    well as a Christian-era one (``15/09/2022``), and says which rule a refused date broke."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter the date as day/month/year, for example 15/09/2565."),
        "year": _(
            "The year %(year)s cannot be read: type it in the Buddhist Era (2400 or later, for example "
            "15/09/2565) or as a Christian-era year from 1900 to 2399 (15/09/2022)."
        ),
        "nonexistent": _("The date %(date)s does not exist: check the day and the month."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_thai_date(str(value))
        except ThaiDateError as error:
            code = "invalid" if error.code == "format" else error.code
            raise forms.ValidationError(self.error_messages[code], code=code, params=error.params) from None


class ThaiTimeField(forms.TimeField):
    """A time of day on the 24-hour clock: ``14:30``, ``14.30``, ``14:30:59``, Thai digits too."""

    widget = ThaiTimeInput
    default_error_messages = {
        "invalid": _("Enter the time as hours:minutes on the 24-hour clock, for example 14:30."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, time):
            return value
        try:
            return parse_thai_time(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ThaiSplitDateTime(AdminSplitDateTime):
    """A date and a time with their labels, as admin lays them out, without admin's calendar (it
    writes Christian-era years) and clock shortcuts."""

    def __init__(self, attrs=None):
        forms.MultiWidget.__init__(self, [ThaiDateInput, ThaiTimeInput], attrs)

    def get_context(self, name, value, attrs):
        # Admin's own widget points each input at a time-zone note that only its script writes.
        context = forms.MultiWidget.get_context(self, name, value, attrs)
        context["date_label"] = _("Date:")
        context["time_label"] = _("Time:")
        return context


class ThaiDateTimeField(forms.SplitDateTimeField):
    """A moment typed as a date (``core.thai.parse_thai_date``) and a time (``14:30``) in Bangkok."""

    widget = ThaiSplitDateTime

    def __init__(self, *, input_date_formats=None, input_time_formats=None, **kwargs):
        # SplitDateTimeField would build Django's own date and time fields; these read the Buddhist Era.
        localize = kwargs.get("localize", False)
        fields = (ThaiDateField(localize=localize), ThaiTimeField(localize=localize))
        forms.MultiValueField.__init__(self, fields, **kwargs)


class DayOrMomentField(ThaiDateTimeField):
    """A date with an optional time, for deadlines and milestones that staff type in admin.

    Without a time the value is the date alone, and the form decides which moment of the day it
    means (``core.deadlines``: the end of the day for a deadline, its start for an announcement)."""

    def __init__(self, **kwargs):
        super().__init__(require_all_fields=False, **kwargs)
        self.fields[1].required = False

    def compress(self, data_list):
        if data_list and data_list[0] and data_list[1] is None:
            return data_list[0]
        return super().compress(data_list)
