"""What each kind of question accepts, stores and shows (submissions.fieldkinds), without the
database: questions are built in memory, in Thai and in English."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.enums import FieldKind, FieldRule
from awards.models import Field
from submissions import fieldkinds

OPTIONS = [
    {"value": "app", "th": "แอปพลิเคชัน", "en": "Mobile application"},
    {"value": "web", "th": "เว็บไซต์", "en": "Website"},
]
COLUMNS = [
    {"key": "name", "th": "ชื่อหน่วยงาน", "en": "Name"},
    {"key": "kind", "th": "ประเภท", "en": "Type", "choices": [{"value": "public", "th": "ภาครัฐ", "en": "Public"}]},
]


def question(kind, **options) -> Field:
    return Field(key=options.pop("key", "q"), kind=kind, name_th="คำถาม", **options)


def refusal(field, raw) -> list[str]:
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            fieldkinds.clean(field, raw)
        return [str(message) for message in error.value.messages]


# Blank answers


@pytest.mark.parametrize("value", [None, "", "   ", "-", "—", "n/a", "ไม่มี", [], [""], [{"name": ""}]])
def test_blanks_and_dashes_are_not_answers(value):
    assert fieldkinds.is_blank(value) is True


@pytest.mark.parametrize("value", ["ก", "0", ["app"], [{"name": "เทศบาล"}]])
def test_anything_else_is_an_answer(value):
    assert fieldkinds.is_blank(value) is False


@pytest.mark.parametrize("kind", [FieldKind.SHORT_TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.CHOICES])
def test_a_blank_answer_is_stored_as_nothing(kind):
    assert fieldkinds.clean(question(kind, choices=OPTIONS), [] if kind == FieldKind.CHOICES else " - ") is None


# Text


def test_text_is_kept_trimmed_within_its_limit():
    assert fieldkinds.clean(question(FieldKind.LONG_TEXT, max_chars=5), "  ก ข ค ") == "ก ข ค"


def test_text_over_its_limit_is_refused_with_both_counts():
    assert refusal(question(FieldKind.SHORT_TEXT, max_chars=3), "กขคง") == [
        "This answer is limited to 3 characters; it has 4. Shorten it and save again."
    ]


# Numbers and money


def test_a_number_is_read_with_thai_digits_and_separators_and_stored_as_text():
    field = question(FieldKind.NUMBER)
    assert fieldkinds.clean(field, "๑๒,๐๐๐") == "12000"
    assert fieldkinds.to_python(field, "12000") == Decimal(12000)


def test_money_keeps_two_decimals_without_rounding():
    assert fieldkinds.clean(question(FieldKind.MONEY), "1,250,000.5") == "1250000.50"
    assert refusal(question(FieldKind.MONEY), "10.005") == ["Give at most 2 decimal places."]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("12.5", "Give a whole number, without decimals."),
        ("abc", "Enter a number, for example 1,250 or 1250.50."),
        ("Infinity", "Enter a number, for example 1,250 or 1250.50."),
        ("-1", "The smallest number accepted is 0 people."),
        ("1000001", "The largest number accepted is 1,000,000 people."),
    ],
)
def test_a_number_out_of_its_rules_is_refused(raw, message):
    field = question(
        FieldKind.NUMBER, unit_th="คน", unit_en="people", min_value=Decimal(0), max_value=Decimal(1_000_000)
    )
    assert refusal(field, raw) == [message]


def test_a_number_with_one_decimal_place_allowed():
    field = question(FieldKind.NUMBER, decimals=1)
    assert fieldkinds.clean(field, "2.5") == "2.5"
    assert refusal(field, "2.55") == ["Give at most 1 decimal place."]


def test_numbers_read_grouped_with_their_unit_in_thai_and_english():
    people = question(FieldKind.NUMBER, unit_th="คน", unit_en="people")
    budget = question(FieldKind.MONEY)
    with translation.override("th"):
        assert (fieldkinds.display(people, "120000"), fieldkinds.display(budget, "1250000.00")) == (
            "120,000 คน",
            "1,250,000 บาท",
        )
    with translation.override("en"):
        assert (fieldkinds.display(people, "120000"), fieldkinds.display(budget, "1250.50")) == (
            "120,000 people",
            "1,250.50 baht",
        )


# Dates


def test_a_buddhist_era_date_is_stored_as_the_day_it_names():
    field = question(FieldKind.DATE)
    assert fieldkinds.clean(field, "15/09/2565") == "2022-09-15"
    assert fieldkinds.clean(field, "15/09/2022") == "2022-09-15"
    assert fieldkinds.to_python(field, "2022-09-15") == date(2022, 9, 15)


def test_a_date_that_does_not_exist_is_refused():
    assert refusal(question(FieldKind.DATE), "31/02/2565") == [
        "The date 31/02/2565 does not exist: check the day and the month."
    ]


def test_a_date_reads_in_the_buddhist_era_in_thai():
    field = question(FieldKind.DATE)
    with translation.override("th"):
        assert fieldkinds.display(field, "2022-09-15") == "15 กันยายน 2565"
    with translation.override("en"):
        assert fieldkinds.display(field, "2022-09-15") == "15 September 2022"


# Options


def test_a_choice_is_one_of_its_options_and_reads_as_its_label():
    field = question(FieldKind.CHOICE, choices=OPTIONS)
    assert fieldkinds.clean(field, "web") == "web"
    assert refusal(field, "bus") == ["Choose one of the options listed."]
    with translation.override("th"):
        assert fieldkinds.display(field, "web") == "เว็บไซต์"
    with translation.override("en"):
        assert fieldkinds.display(field, "web") == "Website"


def test_choices_are_kept_once_each_in_the_forms_order():
    field = question(FieldKind.CHOICES, choices=OPTIONS)
    assert fieldkinds.clean(field, ["web", "app", "web"]) == ["app", "web"]
    assert refusal(field, ["app", "fax"]) == ["Choose among the options listed."]
    with translation.override("en"):
        assert fieldkinds.display(field, ["app", "web"]) == "Mobile application, Website"


def test_yes_or_no():
    field = question(FieldKind.YES_NO)
    assert fieldkinds.clean(field, "no") == "no"
    assert refusal(field, "maybe") == ["Answer yes or no."]
    with translation.override("en"):
        assert fieldkinds.display(field, "yes") == "yes"
    with translation.override("th"):
        assert fieldkinds.display(field, "yes") != "yes"


def test_a_province_is_stored_by_its_code_and_reads_as_its_name():
    field = question(FieldKind.PROVINCE)
    assert fieldkinds.clean(field, "30") == "30"
    assert refusal(field, "99") == ["Choose a province from the list."]
    with translation.override("th"):
        assert fieldkinds.display(field, "30") == "นครราชสีมา"
    with translation.override("en"):
        assert fieldkinds.display(field, "30") == "Nakhon Ratchasima"


# Web and e-mail addresses


def test_a_web_address_gets_its_scheme_and_a_wrong_one_is_refused():
    field = question(FieldKind.URL)
    assert fieldkinds.clean(field, "www.example.go.th") == "https://www.example.go.th"
    assert refusal(field, "not an address") == ["Enter a web address, for example https://www.example.go.th"]
    assert refusal(field, "ftp://example.go.th") == ["Enter a web address, for example https://www.example.go.th"]


def test_an_email_address():
    field = question(FieldKind.EMAIL)
    assert fieldkinds.clean(field, "office@example.go.th") == "office@example.go.th"
    assert refusal(field, "office@") == ["Enter an e-mail address, for example name@example.go.th"]


# Repeating groups


def test_a_group_keeps_its_filled_rows_and_reads_row_by_row():
    field = question(FieldKind.GROUP, columns=COLUMNS, max_rows=2)
    rows = [{"name": " เทศบาล ", "kind": "public"}, {"name": "", "kind": ""}, {"name": "บริษัท", "kind": ""}]
    assert fieldkinds.clean(field, rows) == [{"name": "เทศบาล", "kind": "public"}, {"name": "บริษัท", "kind": ""}]
    with translation.override("th"):
        assert fieldkinds.display(field, [{"name": "เทศบาล", "kind": "public"}]) == "เทศบาล · ภาครัฐ"
    with translation.override("en"):
        assert fieldkinds.display(field, [{"name": "เทศบาล", "kind": "public"}]) == "เทศบาล · Public"


def test_a_group_refuses_an_unknown_option_and_too_many_rows():
    field = question(FieldKind.GROUP, columns=COLUMNS, max_rows=1)
    assert refusal(field, [{"name": "ก", "kind": "alien"}]) == ["Choose one of the options listed."]
    assert refusal(field, [{"name": "ก"}, {"name": "ข"}]) == ["Give at most 1 rows."]
    assert refusal(field, ["not a row"]) == [
        "The rows of this answer could not be read. Reload the page and try again."
    ]


# Conditions and rules


def test_a_conditional_question_applies_only_with_one_of_its_answers():
    mode = question(FieldKind.CHOICE, key="mode", choices=OPTIONS)
    other = question(FieldKind.SHORT_TEXT, key="other", condition_field=mode, condition_values=["web"])
    assert fieldkinds.applies(other, category_id=1, values={"mode": "web"}) is True
    assert fieldkinds.applies(other, category_id=1, values={"mode": "app"}) is False
    assert fieldkinds.applies(other, category_id=1, values={}) is False
    assert fieldkinds.applies(mode, category_id=1, values={}) is True


def test_a_question_for_some_categories_applies_only_to_them():
    field = question(FieldKind.SHORT_TEXT)
    field.category_ids = {2}
    assert fieldkinds.applies(field, category_id=2, values={}) is True
    assert fieldkinds.applies(field, category_id=3, values={}) is False


def test_the_six_month_rule_names_the_latest_start_date():
    field = question(
        FieldKind.DATE,
        rule=FieldRule.MONTHS_BEFORE_DEADLINE,
        rule_value=Decimal(6),
        rule_message_en="Served at least {n} months: started on or before {date}.",
        rule_message_th="ให้บริการมาแล้วอย่างน้อย {n} เดือน: เริ่มภายในวันที่ {date}",
    )
    deadline = date(2022, 8, 31)
    assert fieldkinds.rule_problem(field, "2022-02-28", deadline=deadline) is None
    with translation.override("en"):
        assert fieldkinds.rule_problem(field, "2022-03-01", deadline=deadline) == (
            "Served at least 6 months: started on or before 28 February 2022."
        )
    with translation.override("th"):
        assert fieldkinds.rule_problem(field, "2022-03-01", deadline=deadline) == (
            "ให้บริการมาแล้วอย่างน้อย 6 เดือน: เริ่มภายในวันที่ 28 กุมภาพันธ์ 2565"
        )
    assert fieldkinds.rule_problem(field, None, deadline=deadline) is None


@pytest.mark.parametrize(
    ("rule", "kind", "value", "breaks"),
    [
        (FieldRule.AT_LEAST, FieldKind.NUMBER, "9", True),
        (FieldRule.AT_LEAST, FieldKind.NUMBER, "10", False),
        (FieldRule.AT_MOST, FieldKind.MONEY, "10.01", True),
        (FieldRule.AT_MOST, FieldKind.MONEY, "10.00", False),
        (FieldRule.MUST_BE_YES, FieldKind.YES_NO, "no", True),
        (FieldRule.MUST_BE_YES, FieldKind.YES_NO, "yes", False),
    ],
)
def test_number_and_yes_rules(rule, kind, value, breaks):
    field = question(kind, rule=rule, rule_value=Decimal(10), rule_message_en="At least {n}.", rule_message_th="x")
    with translation.override("en"):
        problem = fieldkinds.rule_problem(field, value, deadline=None)
    assert problem == ("At least 10." if breaks else None)
