"""Thai dates: the Buddhist Era, Thai numerals and Thai month names. Pure functions, no Django.

Django's ``th`` locale keeps Christian-era years, so every date shown in Thai goes through here.
"""

import re
from datetime import date, datetime

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


_DATE_INPUT = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_INPUT = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_thai_date(text: str) -> date:
    """Read a date as Thai officers type it: day/month/year, the year in either era.

    ``"15/09/2565"`` and ``"๑๕/๐๙/๒๕๖๕"`` mean 15 September 2022, as does ``"15/09/2022"``; ISO
    ``"2022-09-15"`` is accepted too. Raises ``ValueError`` for anything else or an impossible date.
    """
    text = arabic_digits(text or "")
    iso = _ISO_INPUT.match(text)
    if iso:
        year, month_no, day = (int(part) for part in iso.groups())
    else:
        match = _DATE_INPUT.match(text)
        if not match:
            raise ValueError(f"not a day/month/year date: {text!r}")
        day, month_no, year = (int(part) for part in match.groups())
    if year >= _SMALLEST_BE_YEAR:
        year -= BE_OFFSET
    return date(year, month_no, day)


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
