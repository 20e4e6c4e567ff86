"""The sender block of an edition's e-mails: its contact office and contact lines, in the reader's
language; the live edition's block for e-mails of no edition; the extension kept apart from the number."""

from importlib import import_module

import pytest
from django.apps import apps
from django.utils import translation

from awards.models import Cycle
from awards.selectors import live_sender_block, sender_block
from core.emails import default_sender
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db
CONTACT = {
    "contact_office_th": "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
    "contact_office_en": "Digital Economy Promotion Agency (depa)",
    "contact_address_th": "เลขที่ 80 อาคารลาดพร้าวฮิลล์\nกรุงเทพมหานคร 10900",
    "contact_address_en": "80 Lat Phrao Hill Building\nBangkok 10900",
    "contact_phone": "0 20 262 333",
    "contact_phone_extension": "5103",
    "contact_email": "scp@depa.or.th",
}


def test_sender_block_reads_in_thai_and_in_english():
    block = sender_block(CycleFactory(**CONTACT))
    with translation.override("th"):
        thai = block.lines
    with translation.override("en"):
        english = block.lines
    assert thai == [
        "สำนักงานส่งเสริมเศรษฐกิจดิจิทัล (ดีป้า)",
        "เลขที่ 80 อาคารลาดพร้าวฮิลล์",
        "กรุงเทพมหานคร 10900",
        "โทรศัพท์ 0 20 262 333 ต่อ 5103",
        "อีเมล scp@depa.or.th",
    ]
    assert english == [
        "Digital Economy Promotion Agency (depa)",
        "80 Lat Phrao Hill Building",
        "Bangkok 10900",
        "Telephone 0 20 262 333 ext. 5103",
        "E-mail scp@depa.or.th",
    ]


def test_sender_block_english_falls_back_to_thai_where_staff_gave_none():
    block = sender_block(CycleFactory(contact_office_th="ฝ่ายประกวด", contact_phone="02 123 4567"))
    with translation.override("en"):
        assert block.lines == ["ฝ่ายประกวด", "Telephone 02 123 4567"]


def test_edition_without_an_office_has_no_block_of_its_own():
    assert sender_block(CycleFactory(contact_email="scp@depa.or.th")) is None


def test_emails_of_no_edition_carry_the_live_editions_block():
    CycleFactory(year=2025, contact_office_th="สำนักงานปีก่อน")
    CycleFactory(year=2026, **CONTACT)
    CycleFactory(year=2027, contact_office_th="สำนักงานที่ยังไม่เผยแพร่", is_published=False)

    assert live_sender_block().office_th == CONTACT["contact_office_th"]
    assert default_sender() == live_sender_block()


def test_emails_of_no_edition_carry_the_site_wide_block_when_the_live_edition_names_no_office(settings):
    CycleFactory(year=2026)
    settings.EMAIL_SENDER = {**settings.EMAIL_SENDER, "office_th": "คณะทำงานโครงการ", "phone": "02 000 0000"}
    with translation.override("th"):
        assert default_sender().lines == ["คณะทำงานโครงการ", "โทรศัพท์ 02 000 0000"]


def test_migration_moves_an_extension_typed_after_the_number_into_its_field():
    migration = import_module("awards.migrations.0004_cycle_sender_block")
    thai = CycleFactory(contact_phone="0 20 262 333 ต่อ 5103")
    english = CycleFactory(contact_phone="02 123 4567 ext. 12")
    plain = CycleFactory(contact_phone="02 123 4567")

    migration.split_extensions(apps, None)

    phones = dict(Cycle.objects.values_list("pk", "contact_phone"))
    extensions = dict(Cycle.objects.values_list("pk", "contact_phone_extension"))
    assert [phones[c.pk] for c in (thai, english, plain)] == ["0 20 262 333", "02 123 4567", "02 123 4567"]
    assert [extensions[c.pk] for c in (thai, english, plain)] == ["5103", "12", ""]
