"""Numbers as people read them (core.formats): thousands separators and the unit in their language."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.formats import baht, grouped, people


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (120_000, "120,000"),
        (Decimal("1250000.00"), "1,250,000"),
        (Decimal("1250.5"), "1,250.50"),
        (None, ""),
        ("Smart Mobility", "Smart Mobility"),  # a table's label cell passes through
        ("12.5%", "12.5%"),
    ],
)
def test_grouped_puts_thousands_separators_and_keeps_satang_only_when_there_are_some(value, text):
    assert grouped(value) == text


def test_people_and_baht_in_thai_and_english():
    with translation.override("th"):
        assert (people(120_000), baht(Decimal("1250000.00"))) == ("120,000 คน", "1,250,000 บาท")
    with translation.override("en"):
        assert (people(1), people(120_000), baht(Decimal("99.90"))) == ("1 person", "120,000 people", "99.90 baht")
    assert (people(None), baht(None)) == ("", "")


def test_template_filters_wrap_the_same_functions():
    template = Template("{% load numbers %}{{ n|people }} · {{ b|baht }} · {{ v|grouped }}")
    with translation.override("th"):
        text = template.render(Context({"n": 120_000, "b": Decimal("1250000"), "v": 12345}))
    assert text == "120,000 คน · 1,250,000 บาท · 12,345"
