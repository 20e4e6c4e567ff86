from datetime import date

from django import forms

from core.forms import ThaiDateField
from tests.i18n import thai


class StartForm(forms.Form):
    started_on = ThaiDateField(label="started")


def test_thai_date_field_reads_buddhist_year():
    form = StartForm(data={"started_on": "15/09/2565"})
    assert form.is_valid()
    assert form.cleaned_data["started_on"] == date(2022, 9, 15)


def test_thai_date_field_error_keeps_what_was_typed():
    form = StartForm(data={"started_on": "31/02/2565"})
    assert not form.is_valid()
    assert form.errors["started_on"] == [thai("Enter the date as day/month/year, for example 15/09/2565.")]
    assert 'value="31/02/2565"' in str(form["started_on"])


def test_thai_date_field_shows_initial_date_in_buddhist_era():
    form = StartForm(initial={"started_on": date(2022, 9, 15)})
    assert 'value="15/09/2565"' in str(form["started_on"])
