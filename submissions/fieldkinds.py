"""What each kind of question accepts, stores and shows, and when a question applies.

Pure: it reads a field's attributes (awards.Field) and the values given to it, never the database
or the clock. The applicant's form, the services that save and submit, the selector every reader
goes through (submissions.answers) and the exports all use these functions, so that a kind means
the same thing everywhere.

Stored values (Answer.value), one shape per kind:
  short_text, long_text, url, email  text
  number, money                      a decimal written as text ("1250.50"), so nothing is rounded
  date                               ISO text ("2022-09-15")
  choice                             an option's value; choices: a list of them
  yes_no                             "yes" or "no"
  province                           the province's code ("10")
  group                              a list of rows, each {column key: text}
  file                               nothing: its answer is its attachments
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from awards.eligibility import latest_qualifying_start, served_long_enough
from awards.enums import FieldKind, FieldRule
from awards.models_form import localized_option
from core import formats
from core.forms import ThaiDateField

from .provinces import PROVINCES

_PROVINCES = {province.code: province for province in PROVINCES}
YES, NO = "yes", "no"
# What people type in a required box to get past it; none of it is an answer.
_NOT_AN_ANSWER = frozenset({"-", "--", "—", "–", ".", "_", "n/a", "na", "ไม่มี"})


def is_blank(value) -> bool:
    """True when nothing was answered: empty, only spaces, a dash, or a group of empty rows."""
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _NOT_AN_ANSWER or not value.strip()
    if isinstance(value, list):
        return all(is_blank(item) for item in value) if value else True
    if isinstance(value, dict):
        return all(is_blank(item) for item in value.values())
    return False


def clean(field, raw):
    """The value to store for what the applicant gave, or ValidationError with a sentence to act on.

    ``raw`` is text for most kinds, a list of option values for ``choices`` and a list of
    {column: text} rows for ``group``. A blank answer is stored as None (whether it is required is
    checked at submission, so that a draft can be saved half done).
    """
    if field.kind == FieldKind.CHOICES:
        values = [v for v in (raw or []) if str(v).strip()]
        return _clean_choices(field, values) or None
    if field.kind == FieldKind.GROUP:
        return _clean_group(field, raw or [])
    text = "" if raw is None else str(raw).strip()
    if is_blank(text):
        return None
    return _CLEANERS.get(field.kind, _clean_text)(field, text)


def _clean_text(field, text: str) -> str:
    limit = field.max_chars
    if limit and len(text) > limit:
        raise ValidationError(
            _("This answer is limited to %(limit)s characters; it has %(count)s. Shorten it and save again.")
            % {"limit": formats.grouped(limit), "count": formats.grouped(len(text))}
        )
    return text


def _clean_number(field, text: str) -> str:
    digits = text.translate(_THAI_DIGITS).replace(",", "").replace(" ", "")
    try:
        number = Decimal(digits)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, for example 1,250 or 1250.50.")) from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number, for example 1,250 or 1250.50."))
    decimals = 2 if field.kind == FieldKind.MONEY and not field.decimals else field.decimals
    if -number.as_tuple().exponent > decimals and number != number.quantize(Decimal(1).scaleb(-decimals)):
        raise ValidationError(
            ngettext("Give at most %(count)s decimal place.", "Give at most %(count)s decimal places.", decimals)
            % {"count": decimals}
            if decimals
            else _("Give a whole number, without decimals.")
        )
    if field.min_value is not None and number < field.min_value:
        smallest = _number_text(field, field.min_value)
        raise ValidationError(_("The smallest number accepted is %(min)s.") % {"min": smallest})
    if field.max_value is not None and number > field.max_value:
        largest = _number_text(field, field.max_value)
        raise ValidationError(_("The largest number accepted is %(max)s.") % {"max": largest})
    return str(number.quantize(Decimal(1).scaleb(-decimals)))


def _clean_date(field, text: str) -> str:
    # The same reading and the same messages as every date typed on the site (Buddhist Era or not).
    return ThaiDateField().clean(text).isoformat()


def _clean_choice(field, text: str) -> str:
    if text not in {option["value"] for option in field.choices}:
        raise ValidationError(_("Choose one of the options listed."))
    return text


def _clean_choices(field, values: list) -> list[str]:
    allowed = [option["value"] for option in field.choices]
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(_("Choose among the options listed."))
    return [v for v in allowed if v in values]  # the form's order, each once


def _clean_yes_no(field, text: str) -> str:
    if text not in {YES, NO}:
        raise ValidationError(_("Answer yes or no."))
    return text


def _clean_url(field, text: str) -> str:
    if "://" not in text:
        text = f"https://{text}"
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise ValidationError(_("Enter a web address, for example https://www.example.go.th")) from None
    return text


def _clean_email(field, text: str) -> str:
    try:
        validate_email(text)
    except ValidationError:
        raise ValidationError(_("Enter an e-mail address, for example name@example.go.th")) from None
    return text


def _clean_province(field, text: str) -> str:
    if text not in _PROVINCES:
        raise ValidationError(_("Choose a province from the list."))
    return text


def _clean_group(field, rows: list) -> list[dict] | None:
    columns = field.columns
    kept = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationError(_("The rows of this answer could not be read. Reload the page and try again."))
        cleaned = {}
        for column in columns:
            text = str(row.get(column["key"], "") or "").strip()
            options = {option["value"] for option in column.get("choices") or []}
            if text and options and text not in options:
                raise ValidationError(_("Choose one of the options listed."))
            if len(text) > 300:
                raise ValidationError(_("Each box of a row is limited to 300 characters."))
            cleaned[column["key"]] = text
        if not is_blank(cleaned):
            kept.append(cleaned)
    if field.max_rows and len(kept) > field.max_rows:
        raise ValidationError(_("Give at most %(count)s rows.") % {"count": field.max_rows})
    return kept or None


_CLEANERS = {
    FieldKind.NUMBER: _clean_number,
    FieldKind.MONEY: _clean_number,
    FieldKind.DATE: _clean_date,
    FieldKind.CHOICE: _clean_choice,
    FieldKind.YES_NO: _clean_yes_no,
    FieldKind.URL: _clean_url,
    FieldKind.EMAIL: _clean_email,
    FieldKind.PROVINCE: _clean_province,
}
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def to_python(field, value):
    """The stored value as Python: a Decimal for numbers, a date for dates, else as stored."""
    if value is None:
        return None
    if field.kind in (FieldKind.NUMBER, FieldKind.MONEY):
        return Decimal(value)
    if field.kind == FieldKind.DATE:
        return date.fromisoformat(value)
    return value


def display(field, value) -> str:
    """The stored value as a person reads it in the active language (Buddhist-era dates in Thai,
    grouped numbers with their unit, options' labels, provinces' names, a group row by row)."""
    if is_blank(value):
        return ""
    kind = field.kind
    if kind in (FieldKind.NUMBER, FieldKind.MONEY):
        return _number_text(field, Decimal(value))
    if kind == FieldKind.DATE:
        return formats.local_date(date.fromisoformat(value))
    if kind == FieldKind.CHOICE:
        return field.option_label(value)
    if kind == FieldKind.CHOICES:
        return ", ".join(field.option_label(v) for v in value)
    if kind == FieldKind.YES_NO:
        return _("yes") if value == YES else _("no")
    if kind == FieldKind.PROVINCE:
        province = _PROVINCES.get(value)
        english = (get_language() or "th").startswith("en")
        return (province.name_en if english else province.name_th) if province else value
    if kind == FieldKind.GROUP:
        return "\n".join(group_row_text(field, row) for row in value)
    return str(value)


def group_row_text(field, row: dict) -> str:
    parts = []
    for column in field.columns:
        text = row.get(column["key"], "")
        for option in column.get("choices") or []:
            if option["value"] == text:
                text = localized_option(option)
        if text:
            parts.append(text)
    return " · ".join(parts)


def column_label(column: dict) -> str:
    return localized_option(column)


def _number_text(field, number: Decimal) -> str:
    if field.kind == FieldKind.MONEY:
        return formats.baht(number)
    text = formats.grouped(number if number != int(number) else int(number))
    return f"{text} {field.unit}" if field.unit else text


def applies(field, *, category_id: int | None, values: dict) -> bool:
    """Whether the question is asked of this application: its category is one the field is for, and
    its condition (another field's answer, by key in ``values``) holds. ``field.category_ids`` is the
    set of categories (empty: all); the selector sets it from one prefetched query."""
    category_ids = getattr(field, "category_ids", None)
    if category_ids and category_id not in category_ids:
        return False
    condition = field.condition_field
    if condition is None:
        return True
    answer = values.get(condition.key)
    given = set(answer) if isinstance(answer, list) else {answer}
    return bool(given & set(field.condition_values))


def rule_problem(field, value, *, deadline: date | None) -> str | None:
    """The staff's message when a submitted answer breaks the field's eligibility rule, else None.
    A blank answer breaks no rule (whether it is required is a separate check)."""
    if not field.rule or is_blank(value):
        return None
    python = to_python(field, value)
    if field.rule == FieldRule.MONTHS_BEFORE_DEADLINE:
        if deadline is None:
            return None
        months = int(field.rule_value)
        if served_long_enough(python, deadline, months):
            return None
        latest = formats.local_date(latest_qualifying_start(deadline, months))
        return field.rule_sentence(date_text=latest)
    if field.rule == FieldRule.AT_LEAST and python < field.rule_value:
        return field.rule_sentence()
    if field.rule == FieldRule.AT_MOST and python > field.rule_value:
        return field.rule_sentence()
    if field.rule == FieldRule.MUST_BE_YES and value != YES:
        return field.rule_sentence()
    return None
