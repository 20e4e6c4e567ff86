"""A deadline: the day the public reads (core.formats.local_deadline) and the instant the server
enforces (core.deadlines), which must agree."""

import re
from datetime import UTC, date, datetime

import pytest
from django import forms
from django.utils import timezone, translation

from core.deadlines import accepts_changes, deadline_from, end_of_day, is_end_of_day, moment_from, reads_as_day_before
from core.formats import local_deadline
from core.forms import DayOrMomentField


def bangkok(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def test_end_of_day_is_the_last_whole_second_in_bangkok():
    deadline = end_of_day(date(2022, 8, 31))
    assert deadline.isoformat() == "2022-08-31T23:59:59+07:00"


@pytest.mark.parametrize(
    ("at", "on_time"),
    [
        (bangkok(2022, 8, 31, 23, 59, 59, 0), True),
        (bangkok(2022, 8, 31, 23, 59, 59, 600_000), True),
        (bangkok(2022, 8, 31, 23, 59, 59, 999_999), True),
        (bangkok(2022, 9, 1, 0, 0, 0, 0), False),
    ],
)
def test_accepts_changes_until_the_deadline_second_has_passed(at, on_time):
    assert accepts_changes(end_of_day(date(2022, 8, 31)), at) is on_time


def test_deadline_from_a_date_alone_is_the_end_of_that_day():
    assert deadline_from(date(2022, 8, 31)) == bangkok(2022, 8, 31, 23, 59, 59)


def test_deadline_from_a_date_and_time_drops_fractions_of_a_second():
    assert deadline_from(bangkok(2022, 8, 31, 17, 0, 0, 250_000)) == bangkok(2022, 8, 31, 17, 0, 0)


def test_moment_from_a_date_alone_is_the_start_of_that_day():
    assert moment_from(date(2022, 9, 15)) == bangkok(2022, 9, 15, 0, 0, 0)


def test_is_end_of_day_reads_bangkok_time():
    assert is_end_of_day(end_of_day(date(2022, 8, 31)).astimezone(UTC)) is True
    assert is_end_of_day(bangkok(2022, 8, 31, 17, 0)) is False


def test_reads_as_day_before_only_at_midnight():
    assert reads_as_day_before(bangkok(2022, 9, 1, 0, 0)) is True
    assert reads_as_day_before(bangkok(2022, 9, 1, 0, 1)) is False


def test_local_deadline_at_the_end_of_the_day_shows_the_date_alone():
    with translation.override("th"):
        thai = local_deadline(end_of_day(date(2022, 8, 31)))
    with translation.override("en"):
        english = local_deadline(end_of_day(date(2022, 8, 31)))
    assert (thai, english) == ("31 สิงหาคม 2565", "31 August 2022")


def test_local_deadline_at_another_time_shows_the_time_too():
    with translation.override("th"):
        thai = local_deadline(bangkok(2022, 8, 31, 17, 0))
    with translation.override("en"):
        english = local_deadline(bangkok(2022, 8, 31, 17, 0))
    assert (thai, english) == ("31 สิงหาคม 2565 เวลา 17.00 น.", "31 August 2022 at 17:00")


class DeadlineForm(forms.Form):
    until = DayOrMomentField(label="until")


def test_day_or_moment_field_without_a_time_gives_the_date():
    form = DeadlineForm(data={"until_0": "2022-08-31", "until_1": ""})
    assert form.is_valid()
    assert form.cleaned_data["until"] == date(2022, 8, 31)


def test_day_or_moment_field_with_a_time_gives_the_moment():
    form = DeadlineForm(data={"until_0": "2022-08-31", "until_1": "17:00"})
    assert form.is_valid()
    assert form.cleaned_data["until"] == bangkok(2022, 8, 31, 17, 0)


def test_day_or_moment_field_needs_the_date():
    form = DeadlineForm(data={"until_0": "", "until_1": "17:00"})
    assert not form.is_valid()
    assert list(form.errors) == ["until"]


def test_day_or_moment_field_asks_the_browser_for_the_date_only():
    html = str(DeadlineForm()["until"])
    date_input, time_input = re.findall(r"<input[^>]*>", html)
    assert ("required" in date_input, "required" in time_input) == (True, False)
