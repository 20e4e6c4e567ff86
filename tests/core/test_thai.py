from datetime import UTC, date, datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from core.thai import (
    arabic_digits,
    format_thai_date_input,
    parse_thai_date,
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
        "2022-09-15",
        " 15 / 09 / 2565 ",
    ],
)
def test_parse_thai_date_accepts_both_eras(text):
    assert parse_thai_date(text) == date(2022, 9, 15)


@pytest.mark.parametrize("text", ["", "15/13/2565", "31/02/2565", "September 15", "15/09/65", "2565"])
def test_parse_thai_date_rejects_nonsense(text):
    with pytest.raises(ValueError):
        parse_thai_date(text)


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
