import re
from datetime import date, datetime

import pytest
from django import forms
from django.utils import timezone, translation

from core.forms import ThaiDateField, ThaiDateTimeField
from tests.i18n import thai


class StartForm(forms.Form):
    started_on = ThaiDateField(label="started")


def test_thai_date_field_reads_buddhist_year():
    form = StartForm(data={"started_on": "15/09/2565"})
    assert form.is_valid()
    assert form.cleaned_data["started_on"] == date(2022, 9, 15)


def test_thai_date_field_shows_initial_date_in_buddhist_era():
    form = StartForm(initial={"started_on": date(2022, 9, 15)})
    assert 'value="15/09/2565"' in str(form["started_on"])


@pytest.mark.parametrize("typed", ["15/09/2565", "๑๕/๐๙/๒๕๖๕", "15/9/65", "15/09/2022"])
def test_thai_date_field_reads_every_way_officers_type_a_date(typed):
    form = StartForm(data={"started_on": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["started_on"] == date(2022, 9, 15)


def test_thai_date_field_says_a_date_does_not_exist_and_keeps_it():
    form = StartForm(data={"started_on": "31/02/2565"})
    assert not form.is_valid()
    assert form.errors["started_on"] == [
        thai("The date %(date)s does not exist: check the day and the month.") % {"date": "31/02/2565"}
    ]
    assert 'value="31/02/2565"' in str(form["started_on"])


def test_thai_date_field_refuses_a_year_of_neither_era_with_the_rule():
    form = StartForm(data={"started_on": "15/09/1865"})
    assert not form.is_valid()
    message = thai(
        "The year %(year)s cannot be read: type it in the Buddhist Era (2400 or later, for example "
        "15/09/2565) or as a Christian-era year from 1900 to 2399 (15/09/2022)."
    )
    assert form.errors["started_on"] == [message % {"year": "1865"}]


def test_thai_date_field_refuses_what_is_not_a_date():
    form = StartForm(data={"started_on": "next week"})
    assert form.errors["started_on"] == [thai("Enter the date as day/month/year, for example 15/09/2565.")]


def test_thai_date_field_shows_a_christian_era_year_back_in_the_buddhist_era():
    form = StartForm(data={"started_on": "15/09/2022"})
    assert form.is_valid()
    assert 'value="15/09/2565"' in str(StartForm(initial=form.cleaned_data)["started_on"])


def test_thai_date_field_in_english_shows_the_christian_era_and_reads_both():
    with translation.override("en"):
        shown = str(StartForm(initial={"started_on": date(2022, 9, 15)})["started_on"])
        typed = StartForm(data={"started_on": "15/09/2565"})
        assert typed.is_valid()
    assert 'value="15/09/2022"' in shown
    assert typed.cleaned_data["started_on"] == date(2022, 9, 15)


class MomentForm(forms.Form):
    at = ThaiDateTimeField(label="at")


def test_thai_date_time_field_reads_a_buddhist_era_date_and_a_24_hour_time():
    form = MomentForm(data={"at_0": "18/01/2570", "at_1": "09:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["at"] == timezone.make_aware(datetime(2027, 1, 18, 9, 30))


def test_thai_date_time_field_shows_the_moment_in_the_buddhist_era_without_a_calendar():
    form = MomentForm(initial={"at": timezone.make_aware(datetime(2027, 1, 18, 9, 30))})
    html = str(form["at"])
    assert re.findall(r'value="([^"]*)"', html) == ["18/01/2570", "09:30"]
    assert "vDateField" not in html and "DateTimeShortcuts" not in str(form.media)


def test_thai_date_time_field_keeps_the_seconds_of_a_deadline():
    form = MomentForm(initial={"at": timezone.make_aware(datetime(2027, 1, 18, 23, 59, 59))})
    assert re.findall(r'value="([^"]*)"', str(form["at"])) == ["18/01/2570", "23:59:59"]


def test_thai_date_time_field_errors_keep_what_was_typed():
    form = MomentForm(data={"at_0": "31/02/2565", "at_1": "25:00"})
    assert not form.is_valid()
    assert form.errors["at"] == [
        thai("The date %(date)s does not exist: check the day and the month.") % {"date": "31/02/2565"},
        thai("Enter the time as hours:minutes on the 24-hour clock, for example 14:30."),
    ]
    assert re.findall(r'value="([^"]*)"', str(form["at"])) == ["31/02/2565", "25:00"]
