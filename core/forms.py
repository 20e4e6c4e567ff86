"""Form fields shared by every app."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .thai import format_thai_date_input, parse_thai_date


class ThaiDateInput(forms.TextInput):
    """A text input that shows a date as ``15/09/2565``, the way Thai officers write it."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": _("dd/mm/yyyy (Buddhist Era, e.g. 15/09/2565)"), "inputmode": "numeric"}
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, date):
            return format_thai_date_input(value)
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date field that accepts a Buddhist-era year (``15/09/2565``) as well as a Christian-era one,
    in Thai or Arabic digits. What the person typed is shown back unchanged when it is wrong."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("Enter the date as day/month/year, for example 15/09/2565."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, date):
            return value
        try:
            return parse_thai_date(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class DayOrMomentField(forms.SplitDateTimeField):
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
