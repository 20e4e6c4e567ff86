"""Dates in Django admin as staff read and type them: the Buddhist Era in Thai, everywhere.

Django's admin formats dates with the locale's formats, which keep Christian-era years in Thai
(``18 มกราคม 2027``), and its date widgets read ``18/01/2570`` as the year 2570. Admin has no hook for
either across every model admin (ours, allauth's, axes'), so ``install`` sets them once, before the
admins register (``core.apps.AdminConfig``, which replaces ``django.contrib.admin`` in
``INSTALLED_APPS``):

- every ``DateField`` and ``DateTimeField`` gets ``core.forms``' fields (``15/09/2565`` and
  ``๑๕/๐๙/๒๕๖๕``, either era, ``15/9/65``; times ``HH:MM``) instead of admin's calendar widgets;
- lists, read-only fields and values shown by admin go through ``core.formats.local_moment``
  (``18 ม.ค. 2570 09.30 น.`` in Thai, ``18 Jan 2027 09:30`` in English).

Both replace entries that Django reads by name at run time (``FORMFIELD_FOR_DBFIELD_DEFAULTS`` and
``display_for_field`` / ``display_for_value`` where admin imported them); the tests in
``tests/core/test_admin_dates.py`` fail if a Django upgrade moves them. The date hierarchy
(``thai_date_hierarchy``) and the change history (``HistoryAdmin``) are handled beside them.
"""

from datetime import date
from urllib.parse import parse_qsl

from django.contrib.admin import helpers, options
from django.contrib.admin import utils as admin_utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from . import formats, thai
from .forms import ThaiDateField, ThaiDateInput, ThaiDateTimeField, ThaiSplitDateTime

_django_display_for_field = admin_utils.display_for_field
_django_display_for_value = admin_utils.display_for_value


def display_for_field(value, field, empty_value_display, avoid_link=False):
    """Admin's display of a model field's value, dates in the active language's era."""
    if isinstance(value, date) and isinstance(field, models.DateField) and not field.choices:
        return formats.local_moment(value)
    return _django_display_for_field(value, field, empty_value_display, avoid_link)


def display_for_value(value, empty_value_display, boolean=False):
    """Admin's display of a value a method returned, dates in the active language's era."""
    if isinstance(value, date) and not boolean:
        return formats.local_moment(value)
    return _django_display_for_value(value, empty_value_display, boolean)


def install() -> None:
    """Give every admin the Thai date fields and date display (run before the admins register)."""
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
        "form_class": ThaiDateTimeField,
        "widget": ThaiSplitDateTime,
    }
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateField] = {"form_class": ThaiDateField, "widget": ThaiDateInput}
    for module in (admin_utils, helpers, admin_list):
        module.display_for_field = display_for_field
    for module in (admin_utils, admin_list):
        module.display_for_value = display_for_value


def date_hierarchy_in_buddhist_era(context: dict) -> dict:
    """Rename the years of admin's date hierarchy (``2026``, ``มกราคม 2026``) in the Buddhist Era.

    ``context`` is what ``django.contrib.admin.templatetags.admin_list.date_hierarchy`` returns. Each
    link names the year and month it filters on, so the title is rebuilt from it; a link to a day,
    whose title has no year, and the link back to all dates keep theirs. English keeps Django's.
    """
    if not formats.in_thai():
        return context
    entries = [context.get("back"), *context.get("choices", [])]
    for entry in entries:
        if entry and entry.get("link"):
            title = _title_for(dict(parse_qsl(entry["link"].lstrip("?"))))
            if title:
                entry["title"] = title
    return context


def _title_for(query: dict) -> str:
    year = next((value for key, value in query.items() if key.endswith("__year")), None)
    month = next((value for key, value in query.items() if key.endswith("__month")), None)
    if year is None or any(key.endswith("__day") for key in query):
        return ""
    be_year = thai.buddhist_year(int(year))
    return f"{thai.MONTHS_LONG[int(month) - 1]} {be_year}" if month else str(be_year)


class DateChangesHelper(HistoricalRecordContextHelper):
    """The history's list of changes shows a changed date or moment as staff read it (Buddhist Era in
    Thai, Thailand's time), not as ``2026-11-23 02:30:00+00:00``."""

    def prepare_delta_change_value(self, change, value):
        if isinstance(value, date):
            return formats.local_moment(value)
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The change history (django-simple-history) with its dates as staff read them: every model
    admin that keeps a history uses this base."""

    object_history_list_template = "admin/history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return DateChangesHelper(self.model, historical_record)
