"""The Thai catalogue: complete, faithful to its placeholders, compiled, and used by the pages.

``locale/th/LC_MESSAGES/django.po`` holds our strings (rebuilt by ``makemessages``);
``django_overrides.po`` holds Thai for Django's own strings that Django's Thai catalogue leaves
untranslated or words badly. ``scripts/compile_messages.py`` merges both into ``django.mo``
(django.po wins on a clash); the merge is repeated here independently of the script.
"""

import html
import re
from pathlib import Path

import polib
import pytest
from allauth.account.forms import LoginForm
from django.conf import settings
from django.utils import translation

THAI_DIR = Path(settings.BASE_DIR) / "locale" / "th" / "LC_MESSAGES"
MAIN_PO = THAI_DIR / "django.po"
OVERRIDES_PO = THAI_DIR / "django_overrides.po"
COMPILED_MO = THAI_DIR / "django.mo"

PRINTF = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])")
TEMPLATE_VAR = re.compile(r"\{\{\s*[\w.]+\s*\}\}")
BRACE = re.compile(r"\{(\w*)\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def catalogue(path: Path) -> polib.POFile:
    return polib.pofile(str(path))


def live_entries(path: Path) -> list[polib.POEntry]:
    return [entry for entry in catalogue(path) if not entry.obsolete]


def placeholders(text: str) -> dict:
    """Named printf placeholders (a set: a translation may reorder them), positional ones (a list:
    their number and order matter), {{ var }}, {name} and HTML tags (as lists: each must be kept)."""
    named, positional = set(), []
    for match in PRINTF.finditer(text):
        if match["conv"] != "%":
            if match["name"] is None:
                positional.append("%" + match["conv"])
            else:
                named.add(f"%({match['name']}){match['conv']}")
    return {
        "named": named,
        "positional": positional,
        "template": sorted(TEMPLATE_VAR.findall(text)),
        "brace": set(BRACE.findall(TEMPLATE_VAR.sub("", text))),
        "html": sorted(HTML_TAG.findall(text)),
    }


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


def compiled_view(entries) -> dict:
    """What a .mo holds for each message: (msgctxt, msgid) -> (msgid_plural, translation(s))."""
    view = {}
    for entry in entries:
        if entry.msgid_plural:
            view[(entry.msgctxt, entry.msgid)] = (entry.msgid_plural, tuple(sorted(entry.msgstr_plural.items())))
        else:
            view[(entry.msgctxt, entry.msgid)] = ("", entry.msgstr)
    return view


def merged_catalogue() -> dict:
    """django_overrides.po + django.po, django.po winning; untranslated and fuzzy entries left out."""
    merged = {}
    for path in (OVERRIDES_PO, MAIN_PO):
        usable = [e for e in live_entries(path) if e.translated() and not e.fuzzy]
        merged.update(compiled_view(usable))
    return merged


@pytest.mark.parametrize("path", [MAIN_PO, OVERRIDES_PO], ids=lambda path: path.name)
def test_thai_catalogue_every_entry_translated_and_not_fuzzy(path):
    entries = live_entries(path)
    untranslated = [entry.msgid for entry in entries if not all(translations(entry))]
    fuzzy = [entry.msgid for entry in entries if entry.fuzzy]
    assert untranslated == []
    assert fuzzy == []
    assert len(entries) > 0


@pytest.mark.parametrize("path", [MAIN_PO, OVERRIDES_PO], ids=lambda path: path.name)
def test_thai_catalogue_header_is_thai_utf8_with_one_plural_form(path):
    po = catalogue(path)
    assert bool(po.metadata_is_fuzzy) is False
    assert po.metadata["Language"] == "th"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Project-Id-Version"] == "smart-city-awards"


@pytest.mark.parametrize("path", [MAIN_PO, OVERRIDES_PO], ids=lambda path: path.name)
def test_thai_catalogue_plural_entries_have_exactly_one_form(path):
    forms = {entry.msgid: sorted(entry.msgstr_plural) for entry in live_entries(path) if entry.msgid_plural}
    assert forms == {msgid: [0] for msgid in forms}


@pytest.mark.parametrize("path", [MAIN_PO, OVERRIDES_PO], ids=lambda path: path.name)
def test_thai_catalogue_placeholders_match_msgid(path):
    mismatched = [
        (entry.msgid, translation_text)
        for entry in live_entries(path)
        for translation_text in translations(entry)
        # Thai has one plural form, so msgstr[0] serves every count: it follows the plural msgid.
        if placeholders(translation_text) != placeholders(entry.msgid_plural or entry.msgid)
    ]
    assert mismatched == []


def test_thai_overrides_each_say_where_they_come_from():
    comments = {entry.msgid: entry.comment.splitlines()[0] for entry in live_entries(OVERRIDES_PO)}
    sources = (
        "From Django's catalogue, ",
        "From django-simple-history",
        "From django-allauth",
        "From django-import-export",
    )
    unexplained = [msgid for msgid, first in comments.items() if not first.startswith(sources)]
    assert unexplained == []


def test_thai_compiled_mo_matches_merged_po_files():
    compiled = polib.mofile(str(COMPILED_MO))
    assert compiled_view(compiled) == merged_catalogue()
    assert compiled.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert compiled.metadata["Content-Type"] == "text/plain; charset=UTF-8"


@pytest.mark.parametrize(
    ("message", "thai"),
    [
        (("This field is required.",), "โปรดกรอกข้อมูลในช่องนี้"),  # django/forms, reworded
        (("Enter a valid email address.",), "โปรดกรอกอีเมลให้ถูกต้อง"),  # django/core/validators, reworded
        (("Enter a valid date.",), "โปรดกรอกวันที่ให้ถูกต้อง"),  # django/forms, reworded
        # contrib/auth's password validation: absent from Django's Thai catalogue
        # (found by scripts/django_thai_gaps.py).
        (
            (
                "This password is too short. It must contain at least %d character.",
                "This password is too short. It must contain at least %d characters.",
                10,
            ),
            "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย %d ตัวอักษร",
        ),
        # contrib/admin's change-form message: empty in Django's Thai catalogue.
        (("The {name} “{obj}” was changed successfully.",), "แก้ไข{name} “{obj}” เรียบร้อยแล้ว"),
        # Django's Thai has this one as a singular message, so its ngettext finds nothing there.
        (("Please correct the error below.", "Please correct the errors below.", 2), "โปรดแก้ไขข้อผิดพลาดด้านล่าง"),
    ],
    ids=["required", "email", "date", "password-too-short", "admin-changed", "admin-correct-errors"],
)
def test_thai_django_strings_use_our_translation(message, thai):
    with translation.override("th"):
        result = translation.ngettext(*message) if len(message) == 3 else translation.gettext(*message)
    assert result == thai


def test_thai_login_form_errors_in_thai():
    form = LoginForm(data={})
    with translation.override("th"):
        errors = {field: list(messages) for field, messages in form.errors.items()}
    assert errors == {"login": ["โปรดกรอกข้อมูลในช่องนี้"], "password": ["โปรดกรอกข้อมูลในช่องนี้"]}


def template_msgids() -> list[str]:
    """English UI strings of our templates worth looking for: longer than 12 characters, without
    placeholders, and not kept as they are by the Thai (a proper name such as the award's)."""
    return [
        entry.msgid
        for entry in live_entries(MAIN_PO)
        if any("templates/" in path for path, _line in entry.occurrences)
        and len(entry.msgid) > 12
        and not PRINTF.search(entry.msgid)
        and entry.msgid not in translations(entry)[0]
    ]


def test_thai_cycle_page_shows_no_english_ui_string(client, demo):
    response = client.get("/2022/")
    text = html.unescape(response.content.decode())
    english = [msgid for msgid in template_msgids() if msgid in text]
    assert response.status_code == 200
    assert '<html lang="th">' in text
    assert "กำหนดการสำคัญ" in text
    assert english == []
