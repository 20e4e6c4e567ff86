from datetime import UTC, date, datetime, time

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core.thai import (
    ThaiDateError,
    arabic_digits,
    format_thai_date_input,
    parse_thai_date,
    parse_thai_time,
    thai_date,
    thai_digits,
    thai_sort_key,
    thai_time,
)


def test_thai_date_long_month_arabic_digits():
    assert thai_date(date(2022, 9, 15)) == "15 กันยายน 2565"


def test_thai_date_thai_digits():
    assert thai_date(date(2022, 9, 15), digits="thai") == "๑๕ กันยายน ๒๕๖๕"


def test_thai_date_short_month():
    assert thai_date(date(2022, 9, 15), month="short") == "15 ก.ย. 2565"


def test_thai_date_every_month_has_its_name():
    names = [thai_date(date(2022, month, 1), month="short").split(" ")[1] for month in range(1, 13)]
    assert names == ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]


def test_thai_date_rejects_unknown_option():
    with pytest.raises(ValueError):
        thai_date(date(2022, 9, 15), digits="roman")


def test_thai_digits_round_trip():
    assert thai_digits("2565") == "๒๕๖๕"
    assert arabic_digits("๒๕๖๕") == "2565"


def test_thai_time_official_style():
    assert thai_time(datetime(2022, 9, 14, 10, 0)) == "10.00 น."


@pytest.mark.parametrize(
    "text",
    [
        "15/09/2565",
        "15/9/2565",
        "๑๕/๐๙/๒๕๖๕",
        "15-09-2565",
        "15.09.2565",
        "15/09/2022",
        "15/9/65",
        "๑๕/๙/๖๕",
        "2022-09-15",
        "2565-09-15",
        " 15 / 09 / 2565 ",
    ],
)
def test_parse_thai_date_reads_either_era_and_two_digit_buddhist_years(text):
    assert parse_thai_date(text) == date(2022, 9, 15)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/01/2400", date(1857, 1, 1)),  # the smallest Buddhist-era year
        ("31/12/2399", date(2399, 12, 31)),  # the largest Christian-era year
        ("01/01/1900", date(1900, 1, 1)),  # the smallest Christian-era year
        ("18/01/2570", date(2027, 1, 18)),
        ("18/01/70", date(2027, 1, 18)),
        ("29/02/2567", date(2024, 2, 29)),  # 2024 is a leap year
    ],
)
def test_parse_thai_date_year_boundaries(text, expected):
    assert parse_thai_date(text) == expected


@pytest.mark.parametrize(
    ("text", "year"),
    [("15/09/1899", "1899"), ("15/09/565", "565"), ("15/09/5", "5"), ("15/09/25650", "25650"), ("๑/๑/๑๒๓", "123")],
)
def test_parse_thai_date_refuses_a_year_of_neither_era(text, year):
    with pytest.raises(ThaiDateError) as refused:
        parse_thai_date(text)
    assert (refused.value.code, refused.value.params["year"]) == ("year", year)


@pytest.mark.parametrize("text", ["31/02/2565", "29/02/2565", "15/13/2565", "00/09/2565", "31/04/2022", "2565-02-30"])
def test_parse_thai_date_says_an_impossible_date_does_not_exist(text):
    with pytest.raises(ThaiDateError) as refused:
        parse_thai_date(text)
    assert (refused.value.code, refused.value.params["date"]) == ("nonexistent", text)


@pytest.mark.parametrize("text", ["", "September 15", "2565", "15/09", "15/09/2565 10:00", "15//09/2565", "a/b/c"])
def test_parse_thai_date_refuses_what_is_not_day_month_year(text):
    with pytest.raises(ThaiDateError) as refused:
        parse_thai_date(text)
    assert refused.value.code == "format"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:30", time(14, 30)), ("9.05", time(9, 5)), ("23:59:59", time(23, 59, 59)), ("๑๔.๓๐ น.", time(14, 30))],
)
def test_parse_thai_time_reads_the_24_hour_clock(text, expected):
    assert parse_thai_time(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "14:60", "2 pm", "1430", "14:3"])
def test_parse_thai_time_refuses_anything_else(text):
    with pytest.raises(ValueError):
        parse_thai_time(text)


def test_format_thai_date_input_uses_buddhist_year():
    assert format_thai_date_input(date(2022, 9, 5)) == "05/09/2565"


def render(template: str, **context) -> str:
    return Template("{% load thai_dates %}" + template).render(Context(context))


def test_local_date_filter_thai_uses_buddhist_era():
    with translation.override("th"):
        assert render("{{ d|local_date }}", d=date(2022, 8, 31)) == "31 สิงหาคม 2565"


def test_local_date_filter_english_uses_christian_era():
    with translation.override("en"):
        assert render("{{ d|local_date }}", d=date(2022, 8, 31)) == "31 August 2022"


def test_thai_date_filter_converts_aware_datetime_to_bangkok():
    # 20:00 UTC on 30 August is 03:00 on 31 August in Bangkok.
    moment = datetime(2022, 8, 30, 20, 0, tzinfo=UTC)
    assert render('{{ d|thai_date:"short,thai" }}', d=moment) == "๓๑ ส.ค. ๒๕๖๕"


def test_local_time_filter_thai():
    moment = timezone.make_aware(datetime(2022, 9, 14, 10, 0))
    with translation.override("th"):
        assert render("{{ d|local_time }}", d=moment) == "10.00 น."


def test_thai_sort_key_files_leading_vowels_under_their_consonant():
    provinces = ["อุดรธานี", "เชียงใหม่", "กรุงเทพมหานคร", "อ่างทอง", "ชลบุรี", "แพร่", "พะเยา"]
    assert sorted(provinces, key=thai_sort_key) == [
        "กรุงเทพมหานคร",
        "ชลบุรี",
        "เชียงใหม่",
        "พะเยา",
        "แพร่",
        "อ่างทอง",
        "อุดรธานี",
    ]
