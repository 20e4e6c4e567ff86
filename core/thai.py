"""Thai dates: the Buddhist Era, Thai numerals and Thai month names. Pure functions, no Django.

Django's ``th`` locale keeps Christian-era years, so every date shown in Thai goes through here.
"""

import re
from datetime import date, datetime, time

BE_OFFSET = 543

# The month tables keep six months a line, January to June over July to December, as a calendar
# reads: the formatter would put one month a line. (Two of the only markers left in the tree.)
MONTHS_LONG = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

_TO_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_FROM_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

# A year this large can only be a Buddhist-era year (2400 BE is 1857 CE).
_SMALLEST_BE_YEAR = 2400


def thai_digits(text: str) -> str:
    """Replace Arabic digits by Thai ones: ``"2565"`` → ``"๒๕๖๕"``."""
    return str(text).translate(_TO_THAI_DIGITS)


def arabic_digits(text: str) -> str:
    """Replace Thai digits by Arabic ones: ``"๒๕๖๕"`` → ``"2565"``."""
    return str(text).translate(_FROM_THAI_DIGITS)


def buddhist_year(year: int) -> int:
    return year + BE_OFFSET


def thai_date(value: date, *, digits: str = "arabic", month: str = "long") -> str:
    """Render a date in the Buddhist Era: ``thai_date(date(2022, 9, 15))`` → ``"15 กันยายน 2565"``.

    ``digits`` is ``"arabic"`` or ``"thai"``; ``month`` is ``"long"`` or ``"short"`` (``"15 ก.ย. 2565"``).
    An aware datetime must be converted to local time by the caller (the template filter does).
    """
    if digits not in {"arabic", "thai"}:
        raise ValueError(f"digits must be 'arabic' or 'thai', not {digits!r}")
    if month not in {"long", "short"}:
        raise ValueError(f"month must be 'long' or 'short', not {month!r}")
    names = MONTHS_LONG if month == "long" else MONTHS_SHORT
    text = f"{value.day} {names[value.month - 1]} {buddhist_year(value.year)}"
    return thai_digits(text) if digits == "thai" else text


def thai_time(value: datetime, *, digits: str = "arabic") -> str:
    """``10:00`` → ``"10.00 น."``, the way Thai official documents write times."""
    text = f"{value.hour:02d}.{value.minute:02d} น."
    return thai_digits(text) if digits == "thai" else text


# Day, month and year separated by "/", "." or "-" (spaces allowed around them), or ISO 8601.
_DATE_INPUT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d+)$")
_ISO_INPUT = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TIME_INPUT = re.compile(r"^(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*[:.]\s*(\d{2}))?(?:\s*น\.?)?$")

# Two digits are a Buddhist-era year of this century (65 is 2565); four digits from 1900 to 2399 are
# Christian-era (an officer copying a date from an English document), shown back in the Buddhist Era.
_TWO_DIGIT_CENTURY = 2500
_SMALLEST_CE_YEAR = 1900


class ThaiDateError(ValueError):
    """Why typed text is not a date. ``code`` says which rule it broke, for the form's message:
    ``"format"`` (not day/month/year), ``"year"`` (a year that is neither era, ``params["year"]``) or
    ``"nonexistent"`` (31/02/2565, 30/13/2565; ``params["date"]`` is the text typed)."""

    def __init__(self, code: str, text: str, **params):
        super().__init__(f"{code}: {text!r}")
        self.code = code
        self.params = {"date": text, **params}


def _year_ce(digits: str, text: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        return _TWO_DIGIT_CENTURY + year - BE_OFFSET
    if len(digits) == 4 and year >= _SMALLEST_BE_YEAR:
        return year - BE_OFFSET
    if len(digits) == 4 and year >= _SMALLEST_CE_YEAR:
        return year
    raise ThaiDateError("year", text, year=digits)


def parse_thai_date(text: str) -> date:
    """Read a date as Thai officers type it: day/month/year, in Thai or Arabic digits.

    The year: four digits from 2400 are the Buddhist Era (``15/09/2565``), four digits from 1900 to
    2399 the Christian Era (``15/09/2022``), two digits the Buddhist Era of the 2500s (``15/9/65`` is
    2565); any other year is refused. ISO ``2022-09-15`` is read by the same year rule. Raises
    ``ThaiDateError`` (a ``ValueError``) saying which rule failed.
    """
    typed = (text or "").strip()
    plain = arabic_digits(typed)
    iso = _ISO_INPUT.match(plain)
    if iso:
        year_digits, month_no, day = iso[1], int(iso[2]), int(iso[3])
    else:
        match = _DATE_INPUT.match(plain)
        if not match:
            raise ThaiDateError("format", typed)
        day, month_no, year_digits = int(match[1]), int(match[2]), match[3]
    year = _year_ce(year_digits, typed)
    try:
        return date(year, month_no, day)
    except ValueError:
        raise ThaiDateError("nonexistent", typed) from None


def parse_thai_time(text: str) -> time:
    """Read a time of day on the 24-hour clock: ``14:30``, ``9.05``, ``14:30:59``, ``๑๔.๓๐ น.``.
    Raises ``ValueError`` for anything else (``25:00``, ``2 pm``)."""
    match = _TIME_INPUT.match(arabic_digits((text or "").strip()))
    if not match:
        raise ValueError(f"not a time of day: {text!r}")
    return time(int(match[1]), int(match[2]), int(match[3] or 0))


def format_thai_date_input(value: date) -> str:
    """The text a Thai date input shows for a date: ``15/09/2565``."""
    return f"{value.day:02d}/{value.month:02d}/{buddhist_year(value.year)}"


# Thai dictionary order reads a vowel written before its consonant (เ แ โ ใ ไ) after that consonant
# (เชียงใหม่ is filed under ช) and ignores tone marks at first (อ่างทอง comes before อุดรธานี);
# code-point order would do neither.
THAI_LEADING_VOWELS = frozenset("เแโใไ")
THAI_TONE_MARKS = dict.fromkeys(map(ord, "\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c"))


def thai_sort_key(text: str) -> tuple[str, str]:
    """A sort key for Thai words in dictionary order (for lists sorted in Python; the database
    sorts with an ICU collation on PostgreSQL)."""
    chars = list(text)
    i = 0
    while i < len(chars) - 1:
        if chars[i] in THAI_LEADING_VOWELS:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
            i += 1
        i += 1
    logical = "".join(chars)
    return logical.translate(THAI_TONE_MARKS), logical
