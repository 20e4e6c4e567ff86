"""The glossary (``locale/GLOSSARY.md``) applied to every Thai message the site shows.

The words to avoid are read from the glossary's table itself, so the file stays the one source: a
word added to its last column is checked here without a line of this file changing. The Thai checked
is what Django shows: our catalogue, our overrides and, for a message neither of them translates,
the Thai that Django and the installed apps (allauth, import-export, …) bring.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings

GLOSSARY = Path(settings.BASE_DIR) / "locale" / "GLOSSARY.md"
THAI_DIR = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES"
OURS = [THAI_DIR / "django.po", THAI_DIR / "django_overrides.po"]

EVERYWHERE, OURS_ONLY, IN_ITS_MESSAGES = "everywhere", "our messages", "in its messages"
FORBIDDEN = re.compile(r"`([^`]+)`(?:\s*\*\((our messages|in its messages)\)\*)?")


@dataclass(frozen=True)
class Rule:
    word: str
    scope: str
    right_terms: tuple[str, ...]  # the row's Thai: the word is only counted outside these
    english: tuple[str, ...]  # the row's English terms (for "in its messages")


def table_rows(text: str) -> list[list[str]]:
    section = text.split("## Terms", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def english_terms(cell: str) -> tuple[str, ...]:
    return tuple(term.split("(")[0].strip().casefold() for term in cell.split(" / ") if term.split("(")[0].strip())


def glossary():
    text = GLOSSARY.read_text(encoding="utf-8")
    rows = table_rows(text)
    rules = []
    for thai, english, _where, forbidden in rows:
        right = tuple(term.strip() for term in thai.split(" / "))
        for word, scope in FORBIDDEN.findall(forbidden):
            rules.append(Rule(word, scope or EVERYWHERE, right, english_terms(english)))
    allowed_section = text.split("## Words that contain a word to avoid but are right", 1)[1].split("\n## ", 1)[0]
    allowed = tuple(re.findall(r"`([^`]+)`", allowed_section))
    # Which English terms have which Thai: "scores" may say คะแนน in a message about votes.
    thai_of = [(english_terms(english), tuple(t.strip() for t in thai.split(" / "))) for thai, english, *_ in rows]
    return rules, allowed, thai_of


def names(english: str, term: str) -> bool:
    stem = term[:-1] if term.endswith("e") else term
    return re.search(rf"\b(?:{re.escape(term)}(?:s|d)?|{re.escape(stem)}ing)\b", english, re.IGNORECASE) is not None


def texts(entry) -> list[str]:
    if isinstance(entry.msgstr_plural, dict) and entry.msgstr_plural:
        return [text for text in entry.msgstr_plural.values() if text]
    return [entry.msgstr] if entry.msgstr else []


def violations(entries, rules, allowed, thai_of, *, ours: bool) -> list[tuple[str, str, str]]:
    found = []
    for entry in entries:
        english = f"{entry.msgid} {entry.msgid_plural or ''}"
        for thai in texts(entry):
            for rule in rules:
                if rule.scope == OURS_ONLY and not ours:
                    continue
                if rule.scope == IN_ITS_MESSAGES:
                    if not any(names(english, term) for term in rule.english):
                        continue
                    owners = [terms for terms, thais in thai_of if any(rule.word in t for t in thais)]
                    if any(names(english, term) for terms in owners for term in terms):
                        continue
                rest = thai
                for right in (*rule.right_terms, *allowed):
                    if rule.word in right:
                        rest = rest.replace(right, "")
                if rule.word in rest:
                    found.append((rule.word, entry.msgid, thai))
    return found


def live(path: Path):
    return [entry for entry in polib.pofile(str(path)) if not entry.obsolete and not entry.fuzzy]


def third_party_catalogues() -> list[Path]:
    """The Thai .mo files Django merges under ours: its own and every installed app's."""
    found = [Path(django.__file__).parent / "conf" / "locale" / "th" / "LC_MESSAGES" / "django.mo"]
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale" / "th" / "LC_MESSAGES" / "django.mo"
        installed = "site-packages" in path.parts or not path.is_relative_to(settings.BASE_DIR)
        if path.exists() and installed:
            found.append(path)
    return found


def test_glossary_table_has_the_site_terms_and_words_to_avoid():
    rules, allowed, thai_of = glossary()
    english = {term for terms, _thai in thai_of for term in terms}
    for term in (
        "certificate",
        "attachment",
        "assignment",
        "vote",
        "popular vote",
        "log in",
        "password reset",
        "judge",
    ):
        assert term in english, term
    words = {rule.word: rule.scope for rule in rules}
    assert words["ใบประกาศนียบัตร"] == EVERYWHERE
    assert words["ลงชื่อเข้าใช้"] == EVERYWHERE
    assert words["คะแนน"] == IN_ITS_MESSAGES
    assert "คุณภาพ" in allowed


def test_the_check_finds_what_the_glossary_forbids():
    rules, allowed, thai_of = glossary()
    samples = [
        polib.POEntry(msgid="%(count)s votes", msgstr="%(count)s คะแนน"),  # a vote is โหวต
        polib.POEntry(msgid="Valid votes", msgstr="คะแนนโหวตที่นับได้"),
        polib.POEntry(msgid="Certificate", msgstr="ใบประกาศนียบัตร"),
        polib.POEntry(msgid="Sign In", msgstr="ลงชื่อเข้าใช้"),
        polib.POEntry(msgid="Popular Votes", msgstr="การโหวต Popular Vote"),
    ]
    fine = [
        polib.POEntry(msgid="Scores and votes stay", msgstr="คะแนนและโหวตยังคงอยู่"),
        polib.POEntry(msgid="Popular Vote", msgstr="รางวัลขวัญใจประชาชน (Popular Vote)"),
        polib.POEntry(msgid="Quality", msgstr="คุณภาพ"),
        polib.POEntry(msgid="Score", msgstr="คะแนน"),
    ]
    assert len({msgid for _w, msgid, _t in violations(samples, rules, allowed, thai_of, ours=True)}) == len(samples)
    assert violations(fine, rules, allowed, thai_of, ours=True) == []


@pytest.mark.parametrize("path", OURS, ids=lambda path: path.name)
def test_our_thai_catalogues_follow_the_glossary(path):
    rules, allowed, thai_of = glossary()
    assert violations(live(path), rules, allowed, thai_of, ours=True) == []


def test_thai_from_django_and_installed_apps_follows_the_glossary_or_is_overridden():
    rules, allowed, thai_of = glossary()
    overridden = {(entry.msgctxt, entry.msgid) for path in OURS for entry in live(path) if texts(entry)}
    catalogues = third_party_catalogues()
    assert any("allauth" in str(path) for path in catalogues)
    shown = [
        entry
        for path in catalogues
        for entry in polib.mofile(str(path))
        if entry.msgid and (entry.msgctxt, entry.msgid) not in overridden
    ]
    assert violations(shown, rules, allowed, thai_of, ours=False) == []


def test_thai_written_in_templates_follows_the_glossary():
    """Thai typed straight into templates (e-mails, PDFs, pages) rather than through the catalogue."""
    rules, allowed, thai_of = glossary()
    templates = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.*"))
    assert len(templates) > 50
    shown = [
        polib.POEntry(msgid=str(path.relative_to(settings.BASE_DIR)), msgstr=path.read_text(encoding="utf-8"))
        for path in templates
        if path.suffix in {".html", ".txt"}
    ]
    # Templates hold the English msgids too: only the Thai words to avoid are looked for there.
    thai_rules = [rule for rule in rules if rule.scope != IN_ITS_MESSAGES and re.search("[\u0e00-\u0e7f]", rule.word)]
    found = violations(shown, thai_rules, allowed, thai_of, ours=True)
    assert [(word, path) for word, path, _text in found] == []
