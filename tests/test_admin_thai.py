"""No English on a Thai admin page: every registered model's changelist, add and change page, the
admin index and each app's index, opened by staff in Thai on the demo data, and admin's JavaScript
catalogue (the actions counter, "0 of 6 selected", is written by JavaScript).

What is data stays as it is (a category's English name, a province's, a reference, an e-mail
address): every text value of the objects on the pages is taken out of the page before it is read.
What remains is checked against known English UI words, matched as whole words in any case (a
verbose name shown in capitals by admin's CSS is still the same word in the HTML).
"""

import html
import json
import re
from pathlib import Path

import polib
import pytest
from django.contrib import admin
from django.db import models
from django.urls import reverse

from accounts.models import User
from tests.conftest import pass_second_factor

pytestmark = pytest.mark.django_db

# English words admin pages show when a string is left untranslated: admin's own vocabulary, the
# names of our models and fields, and what the issue saw ("0 จาก 6 selected", "POPULAR VOTE", "(SLUG)").
_ENGLISH_UI_WORDS = """
selected select all none add save delete search filter action actions go history change changes view
show hide today now yes no unknown clear choose remove import export home results result total
slug token popular vote votes voter dimension dimensions median normalised criterion criteria rubric
round rounds open closed draft submitted withdrawn shortlisted awarded applicant applicants judge judges
chair staff province provinces viewer name type status date time created updated kind code number
category categories prize prizes milestone milestones organisation organisations application
applications attachment attachments score scores scorecard scorecards assignment assignments
certificate certificates document documents batch reminder reminders decision decisions presentation
presentations schedule slot slots poll polls consent consents event events user users group groups
email e-mail password language active superuser permissions edition cycle cycles section sections
declaration declarations invitation invitations membership memberships answer answers void voided
confirmation submission deadline extension from to by of and the or is are on at with for in
"""
ENGLISH_UI = _ENGLISH_UI_WORDS.split()
ENGLISH = re.compile(r"(?<![\w@./-])(" + "|".join(map(re.escape, ENGLISH_UI)) + r")(?![\w@/-])", re.IGNORECASE)
# Data that looks like words: e-mail addresses, URLs, file names, codes and references.
DATA_PATTERNS = [
    re.compile(r"\S+@\S+"),
    re.compile(r"https?://\S+"),
    re.compile(r"\b[\w-]+\.(?:pdf|png|jpe?g|docx?|xlsx?|csv|json|zip)\b", re.IGNORECASE),
    # The steps staff type into a round's tie-break (judging.tiebreak), which its help text lists.
    re.compile(r"\bdimension:\w+|\bmedian\b|\bnormalised\b"),
    # A voter as admin names one: how they proved who they are and a keyed hash ("email:3fa0…").
    re.compile(r"\b(?:email|sms|line):[0-9a-f ]*"),
    # The programme's name, English in Thai texts too, when admin shortens a longer value with "…".
    re.compile(r"(?:The )?Smart City Solution[^…]*…"),
]
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|\bOK\b")
TEXT_FIELDS = (models.CharField, models.TextField)


def visible_text(content: str) -> str:
    content = re.sub(r"<(script|style|template)[^>]*>.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"<!--.*?-->", " ", content, flags=re.S)
    attributes = re.findall(r'\s(?:placeholder|title|aria-label|alt)="([^"]*)"', content)
    buttons = re.findall(r'<input[^>]*type="(?:submit|button|reset)"[^>]*value="([^"]*)"', content)
    text = " ".join([re.sub(r"<[^>]+>", " ", content), *attributes, *buttons])
    return " ".join(html.unescape(text).split())


def data_strings() -> list[str]:
    """Every text value (and the str()) of the objects admin lists, as a page shows it (spaces
    collapsed, JSON as admin writes it): data, whatever its language."""
    found = set()
    for model in admin.site._registry:
        texts = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS) and not f.choices]
        jsons = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        for obj in model._default_manager.all()[:500]:
            found.add(str(obj))
            found.update(str(getattr(obj, name) or "") for name in texts)
            found.update(json.dumps(getattr(obj, name), ensure_ascii=False) for name in jsons)
    found = {" ".join(value.split()) for value in found}
    return sorted((value for value in found if value), key=len, reverse=True)


def admin_urls() -> list[str]:
    urls = [reverse("admin:index")]
    apps = sorted({model._meta.app_label for model in admin.site._registry})
    urls += [reverse("admin:app_list", kwargs={"app_label": app}) for app in apps]
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls += [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    return urls


def english_on(text: str, data: list[str]) -> list[str]:
    for value in data:
        text = text.replace(value, " ")
    for pattern in DATA_PATTERNS:
        text = pattern.sub(" ", text)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in ENGLISH.finditer(text)]


@pytest.fixture
def staff_client(client, demo):
    staff = User.objects.get(email="staff@example.com")
    client.force_login(staff)
    pass_second_factor(client, staff)
    return client


def test_the_check_finds_english_and_leaves_data_alone():
    page = "<p>0 จาก 6 selected</p><th>POPULAR VOTE</th><label>ชื่อย่อ (SLUG)</label><td>Smart Mobility</td>"
    assert [hit.strip() for hit in english_on(visible_text(page), ["Smart Mobility"])] != []
    assert len(english_on(visible_text(page), ["Smart Mobility"])) == 4
    assert english_on(visible_text("<td>Smart Mobility</td><td>staff@example.com</td>"), ["Smart Mobility"]) == []


def test_every_admin_page_in_thai_has_no_english_ui_words(staff_client):
    data = data_strings()
    found = {}
    opened = 0
    for url in admin_urls():
        response = staff_client.get(url)
        # What staff may not open (tests/authz/admin.py): 403; an app none of whose models staff may
        # see: 404; an object a proxy's list does not hold: a redirect to the index.
        if response.status_code in (302, 403, 404):
            continue
        assert response.status_code == 200, url
        assert '<html lang="th"' in response.content.decode()
        opened += 1
        hits = english_on(visible_text(response.content.decode()), data)
        if hits:
            found[url] = hits
    assert opened > 60
    assert found == {}


def test_admin_javascript_catalogue_is_thai(staff_client):
    """Every string of admin's JavaScript (Django's English catalogue lists them) reads in Thai:
    the actions counter, the date picker, the two-box select."""
    english = polib.pofile(str(Path(admin.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"))
    response = staff_client.get(reverse("admin:jsi18n"))
    assert response.status_code == 200
    served = json.loads(re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1))

    assert served["%(sel)s of %(cnt)s selected"] == ["เลือก %(sel)s จาก %(cnt)s รายการ"]
    left_in_english = []
    for entry in english:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        thai = served.get(key)
        texts = thai if isinstance(thai, list) else [thai]
        if thai is None or any(re.search(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", text or "x")) for text in texts):
            left_in_english.append((entry.msgid, thai))
    assert left_in_english == []


def test_help_texts_show_whole_in_thai(staff_client):
    # Admin prints help texts as HTML: "/<slug>/" once showed as "/ /".
    text = visible_text(staff_client.get(reverse("admin:awards_cycle_add")).content.decode())
    assert "ที่อยู่หน้าเว็บสาธารณะ: ชื่อย่อนี้ต่อท้ายที่อยู่เว็บไซต์ เช่น /2022/" in text
