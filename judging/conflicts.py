"""Conflicts of interest found from judges' declarations, so they do not rest on self-reporting alone.

Pure: plain dataclasses in, plain dataclasses out. The model layer builds a `Declaration` per judge (the
organisations typed one per line, the provinces ticked) and an `AppFacts` per application, and stores or
shows the `Conflict`s; a judge still answers for each assigned application, this only finds what the
declarations already say.

Names are compared by a key from `normalise_organisation()`, because the same organisation is typed in
many ways: "บริษัท เมืองอัจฉริยะ จำกัด", "บจก. เมืองอัจฉริยะ" and "เมืองอัจฉริยะ จำกัด (มหาชน)" are one
company, "ทน.ขอนแก่น" is "เทศบาลนครขอนแก่น". A local government keeps its kind in the key, because the
city municipality and the provincial administrative organisation of Khon Kaen are different bodies with
the same place name. A found conflict is a flag for staff to review, so the key leans towards matching:
a missed conflict is worse than one that staff dismiss.
"""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from core.thai import arabic_digits
from submissions.provinces import PROVINCES

# Stable reason codes: the model layer translates them; never change their spelling.
ORGANISATION = "organisation"
PARTNER = "partner"
PROVINCE = "province"


@dataclass(frozen=True)
class Declaration:
    judge_id: int
    organisation_names: tuple[str, ...]
    province_codes: frozenset[str]


@dataclass(frozen=True)
class AppFacts:
    application_id: int
    organisation_name: str
    province_code: str
    partners: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True, order=True)
class Conflict:
    judge_id: int
    application_id: int
    reason: str
    detail: str


# Normalisation

# Officers type these abbreviations at the start of a name, with or without dots ("อบต." or "อ.บ.ต.").
_ABBREVIATIONS = {
    "บจก": "บริษัท",
    "บมจ": "บริษัท",
    "หจก": "ห้างหุ้นส่วนจำกัด",
    "หสน": "ห้างหุ้นส่วนสามัญนิติบุคคล",
    "ทน": "เทศบาลนคร",
    "ทม": "เทศบาลเมือง",
    "ทต": "เทศบาลตำบล",
    "อบจ": "องค์การบริหารส่วนจังหวัด",
    "อบต": "องค์การบริหารส่วนตำบล",
    "กทม": "กรุงเทพมหานคร",
}
# An abbreviation must end in a dot, a space or the end of the name, so that an ordinary word that
# merely starts with the same letters ("ทนง…") is left alone.
_ABBREVIATION = re.compile("^(" + "|".join(r"\.?".join(letters) for letters in _ABBREVIATIONS) + r")(?:\.\s*|\s+|$)")

# Kinds use the codes of submissions.enums.OrganisationKind, so the model layer can compare them.
_THAI_LOCAL_PREFIXES = (
    ("องค์การบริหารส่วนจังหวัด", "pao"),
    ("องค์การบริหารส่วนตำบล", "sao"),
    ("เทศบาลนคร", "city_municipality"),
    ("เทศบาลเมือง", "town_municipality"),
    ("เทศบาลตำบล", "subdistrict_municipality"),
    ("ศาลากลางจังหวัด", "provincial_office"),
    ("จังหวัด", "provincial_office"),
)
_ENGLISH_LOCAL_SUFFIXES = (
    ("provincial administrative organization", "pao"),
    ("provincial administrative organisation", "pao"),
    ("subdistrict administrative organization", "sao"),
    ("subdistrict administrative organisation", "sao"),
    ("tambon administrative organization", "sao"),
    ("tambon administrative organisation", "sao"),
    ("subdistrict municipality", "subdistrict_municipality"),
    ("tambon municipality", "subdistrict_municipality"),
    ("city municipality", "city_municipality"),
    ("town municipality", "town_municipality"),
    ("provincial office", "provincial_office"),
    ("province", "provincial_office"),
    ("pao", "pao"),
    ("sao", "sao"),
    ("tao", "sao"),
)
# Bangkok and Pattaya are local governments of a special form, each its own kind: their names stand
# alone, with no kind prefix.
_SPECIAL_AREAS = {
    alias: f"{kind}:{place}"
    for kind, place, aliases in (
        (
            "bangkok",
            "กรุงเทพมหานคร",
            ("กรุงเทพมหานคร", "กรุงเทพ", "bangkok", "bangkok metropolitan administration", "bma"),
        ),
        ("pattaya", "พัทยา", ("เมืองพัทยา", "พัทยา", "pattaya", "pattaya city", "city of pattaya")),
    )
    for alias in aliases
}
# "Khon Kaen City Municipality" and "เทศบาลนครขอนแก่น" share a key when the place is a province name.
_THAI_PROVINCE_NAMES = {province.name_en.casefold().replace(" ", ""): province.name_th for province in PROVINCES}
# An address typed after a local government's name ("อบต.บ้านเป็ด อ.เมือง จ.ขอนแก่น") is not part of it.
_ADDRESS_TAIL = re.compile(r"\s+(?:อ\.|อำเภอ|จ\.|จังหวัด)\s*\S.*$")

_THAI_LEGAL_PREFIXES = ("ห้างหุ้นส่วนสามัญนิติบุคคล", "ห้างหุ้นส่วนสามัญ", "ห้างหุ้นส่วนจำกัด", "ห้างหุ้นส่วน", "บริษัท")
_THAI_LEGAL_SUFFIXES = ("มหาชน", "จำกัด")
_ENGLISH_LEGAL_SUFFIXES = tuple(
    tuple(phrase.split())
    for phrase in (
        "public company limited",
        "public co ltd",
        "limited partnership",
        "company limited",
        "co ltd",
        "company",
        "co",
        "limited",
        "ltd",
        "corporation",
        "corp",
        "incorporated",
        "inc",
        "plc",
        "pcl",
        "llc",
    )
)

_THAI_CHARACTER = "\u0e00-\u0e7f"
_SPACE_BESIDE_THAI = re.compile(rf"\s+(?=[{_THAI_CHARACTER}])|(?<=[{_THAI_CHARACTER}])\s+")


def normalise_organisation(name: str) -> str:
    """The key two typings of one organisation share: `"บจก. เมืองอัจฉริยะ"` → `"เมืองอัจฉริยะ"`.

    A local government's key is `"<kind>:<place>"` (`"ทน.ขอนแก่น"` → `"city_municipality:ขอนแก่น"`); any
    other organisation's key is its name without legal form, case, punctuation or spacing differences.
    An empty key means the name had nothing to compare; it never matches anything.
    """
    text = _expand_abbreviation(_tidy(name))
    return _local_government(text) or _strip_legal_forms(_compact(text))


def _tidy(name: str) -> str:
    # Thai text pasted from documents often carries zero-width spaces (format characters), which must
    # not make two equal names differ.
    text = unicodedata.normalize("NFC", arabic_digits(name or "")).casefold()
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    return " ".join(text.split())


def _expand_abbreviation(text: str) -> str:
    match = _ABBREVIATION.match(text)
    if not match:
        return text
    return f"{_ABBREVIATIONS[match.group(1).replace('.', '')]} {text[match.end() :]}".strip()


def _compact(text: str) -> str:
    """Punctuation and symbols become spaces; spaces go where Thai, which has none between words, meets them."""
    # ฯ (paiyannoi) marks a shortened word, as in กรุงเทพฯ: punctuation, though Unicode calls it a letter.
    kept = "".join(" " if char == "ฯ" or unicodedata.category(char)[0] in "PS" else char for char in text)
    return _SPACE_BESIDE_THAI.sub("", " ".join(kept.split()))


def _local_government(text: str) -> str:
    compact = _compact(text)
    if compact in _SPECIAL_AREAS:
        return _SPECIAL_AREAS[compact]
    return _thai_local_government(text, compact) or _english_local_government(compact)


def _thai_local_government(text: str, compact: str) -> str:
    # "สำนักงานเทศบาลนคร…" (the municipality's office) is the municipality itself.
    body = compact.removeprefix("สำนักงาน")
    for prefix, kind in _THAI_LOCAL_PREFIXES:
        if body.startswith(prefix) and len(body) > len(prefix):
            without_address = _compact(_ADDRESS_TAIL.sub("", text)).removeprefix("สำนักงาน")
            # When the "address" was the name itself ("สำนักงาน จังหวัดขอนแก่น"), keep the name.
            place_in = without_address if len(without_address) > len(prefix) else body
            return f"{kind}:{place_in.removeprefix(prefix)}"
    return ""


def _english_local_government(compact: str) -> str:
    for suffix, kind in _ENGLISH_LOCAL_SUFFIXES:
        if compact.endswith(f" {suffix}"):
            place = compact.removesuffix(f" {suffix}")
            return f"{kind}:{_THAI_PROVINCE_NAMES.get(place.replace(' ', ''), place)}"
    return ""


def _strip_legal_forms(text: str) -> str:
    for prefix in _THAI_LEGAL_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text.removeprefix(prefix).lstrip()
            break
    text = _strip_thai_suffixes(text)
    words = text.split(" ")
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_strip_english_suffixes(words))


def _strip_thai_suffixes(text: str) -> str:
    # Repeated because "จำกัด (มหาชน)" is two suffixes; a name is never stripped to nothing.
    stripped = True
    while stripped:
        stripped = False
        for suffix in _THAI_LEGAL_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, stripped = text.removesuffix(suffix).rstrip(), True
    return text


def _strip_english_suffixes(words: list[str]) -> list[str]:
    # Repeated because people stack forms ("Co., Ltd." after "Public"); a name keeps at least one word.
    for suffix in _ENGLISH_LEGAL_SUFFIXES:
        if len(words) > len(suffix) and tuple(words[-len(suffix) :]) == suffix:
            return _strip_english_suffixes(words[: -len(suffix)])
    return words


# Matching


def find_conflicts(*, declarations: Sequence[Declaration], applications: Sequence[AppFacts]) -> list[Conflict]:
    """Every (judge, application, reason) that a declaration points to, sorted by judge, application, reason.

    "organisation": a declared name has the applicant's key; "partner": it has a partner's key;
    "province": a declared province is the applicant's or a partner's. A judge with several declarations
    is treated as one. `detail` names what matched, as typed, for staff to judge.
    """
    names = _declared_names(declarations)
    provinces = _declared_provinces(declarations)
    found: dict[tuple[int, int, str], list[str]] = {}
    for app in applications:
        for judge_id, reason, detail in _matches(app, names, provinces):
            found.setdefault((judge_id, app.application_id, reason), []).append(detail)
    # The same name can be matched twice (a partner listed twice); each is said once.
    return sorted(
        Conflict(judge, app, reason, "; ".join(dict.fromkeys(details)))
        for (judge, app, reason), details in found.items()
    )


def _declared_names(declarations: Sequence[Declaration]) -> dict[str, dict[int, str]]:
    """Key → judge → the first name that judge typed with that key."""
    names: dict[str, dict[int, str]] = {}
    for declaration in declarations:
        for name in declaration.organisation_names:
            key = normalise_organisation(name)
            if key:
                names.setdefault(key, {}).setdefault(declaration.judge_id, name.strip())
    return names


def _declared_provinces(declarations: Sequence[Declaration]) -> dict[str, set[int]]:
    provinces: dict[str, set[int]] = {}
    for declaration in declarations:
        for code in filter(None, (code.strip() for code in declaration.province_codes)):
            provinces.setdefault(code, set()).add(declaration.judge_id)
    return provinces


def _matches(
    app: AppFacts, names: dict[str, dict[int, str]], provinces: dict[str, set[int]]
) -> Iterable[tuple[int, str, str]]:
    """(judge_id, reason, detail) for each match, applicant first, then partners in the order given."""
    yield from _name_matches(ORGANISATION, app.organisation_name, names)
    yield from _province_matches(app.province_code, app.organisation_name, provinces)
    for partner_name, partner_province in app.partners:
        yield from _name_matches(PARTNER, partner_name, names)
        yield from _province_matches(partner_province, partner_name, provinces)


def _name_matches(reason: str, found_name: str, names: dict[str, dict[int, str]]) -> Iterable[tuple[int, str, str]]:
    found = found_name.strip()
    for judge_id, declared in names.get(normalise_organisation(found_name), {}).items():
        yield judge_id, reason, declared if declared == found else f"{declared} = {found}"


def _province_matches(code: str | None, where: str, provinces: dict[str, set[int]]) -> Iterable[tuple[int, str, str]]:
    code = (code or "").strip()
    for judge_id in provinces.get(code, ()):
        yield judge_id, PROVINCE, f"{code}: {where.strip()}"
