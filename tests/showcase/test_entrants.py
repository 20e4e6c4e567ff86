"""Entrants in the showcase: an application entered and not withdrawn that was not shortlisted is shown
once its edition's results are announced, and only if its organisation consented to the showcase;
with its title, organisation, province and category and no award; its public answers and cover only
under that consent; the award filter's "entrant"; an empty award in the open data."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from awards.enums import MilestoneKind
from submissions.enums import ApplicationStatus
from tests.factories import ApplicationFactory, CycleFactory, DecisionFactory, FinalistFactory, MilestoneFactory
from tests.publishing import answer_facts

pytestmark = pytest.mark.django_db


def announce(cycle, days_ago=1):
    """The edition's results milestone, ``days_ago`` days before now (negative: still to come)."""
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - timedelta(days=days_ago))
    return cycle


def entrant(cycle, title, *, consent=True, status=ApplicationStatus.SUBMITTED, **extra):
    return ApplicationFactory(cycle=cycle, title_th=title, status=status, showcase_consent=consent, **extra)


def listing(client, **params) -> str:
    return client.get("/solutions/", params).content.decode()


def test_an_entrant_who_consented_is_listed_after_the_results_and_no_other(client):
    announced = announce(CycleFactory())
    consented = entrant(announced, "ระบบจองคิวคลินิกออนไลน์")
    declined = entrant(announced, "ระบบที่ไม่ยินยอม", consent=False, publish_consent=True)
    withdrawn = entrant(announced, "ระบบที่ถอนใบสมัคร", status=ApplicationStatus.WITHDRAWN)
    draft = entrant(announced, "ร่างที่ไม่ได้ส่ง", status=ApplicationStatus.DRAFT)
    early = entrant(announce(CycleFactory(), days_ago=-3), "ระบบก่อนประกาศผล")
    no_results = entrant(CycleFactory(), "ระบบของปีที่ไม่มีวันประกาศผล")
    unpublished = entrant(announce(CycleFactory(is_published=False)), "ระบบของปีที่ไม่เผยแพร่")

    page = listing(client)

    assert consented.title_th in page
    assert client.get(f"/solutions/{consented.pk}/").status_code == 200
    for absent in (declined, withdrawn, draft, early, no_results, unpublished):
        assert absent.title_th not in page
        assert client.get(f"/solutions/{absent.pk}/").status_code == 404


def test_an_entrant_shows_its_facts_no_award_and_a_thai_badge(client):
    shown = entrant(announce(CycleFactory()), "ระบบจัดเก็บขยะอัจฉริยะ")

    page = client.get(f"/solutions/{shown.pk}/").content.decode()

    assert shown.title_th in page and shown.organisation.name in page
    assert shown.organisation.province.name_th in page and shown.category.name_th in page
    assert "ผลงานที่ส่งเข้าประกวด" in page and "ผลงานที่เข้ารอบ" not in page
    assert "text-bg-warning" not in page  # no award badge


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), (200, 120, 10)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())


def test_the_entrants_public_answers_and_cover_come_with_its_consent_to_the_showcase(client):
    shown = entrant(announce(CycleFactory()), "ระบบไฟส่องสว่างอัจฉริยะ")
    answer_facts(shown, summary="ไฟถนนปรับความสว่างตามการสัญจร", area_served="เฉพาะกรรมการ")
    shown.cover_image.save("cover.png", _png(), save=True)

    page = client.get(f"/solutions/{shown.pk}/").content.decode()
    assert "ไฟถนนปรับความสว่างตามการสัญจร" in page and "เฉพาะกรรมการ" not in page
    assert client.get(f"/solutions/{shown.pk}/cover/").status_code == 200
    assert "ไฟถนนปรับความสว่างตามการสัญจร" in listing(client, q="ไฟถนน")


def test_a_finalist_reads_by_its_consent_to_publish_not_by_the_showcase_one(client):
    finalist = FinalistFactory(publish_consent=False, showcase_consent=True)
    answer_facts(finalist, summary="สรุปที่ไม่ยินยอมเผยแพร่")

    page = client.get(f"/solutions/{finalist.pk}/").content.decode()

    assert finalist.title_th in page and "สรุปที่ไม่ยินยอมเผยแพร่" not in page
    assert "หน่วยงานเจ้าของผลงานยังไม่ได้ยินยอมให้เผยแพร่รายละเอียดเพิ่มเติม" in page


def test_the_award_filter_tells_winners_finalists_and_entrants_apart(client):
    cycle = announce(CycleFactory())
    shown = entrant(cycle, "ผลงานที่ส่งเข้าประกวด ก")
    finalist = FinalistFactory(cycle=cycle, title_th="ผลงานเข้ารอบ ข")
    winner = DecisionFactory(
        prize__cycle=cycle, application__cycle=cycle, application__status=ApplicationStatus.AWARDED
    ).application

    by_award = {award: listing(client, award=award) for award in ("winner", "finalist", "entrant")}

    assert [shown.title_th in by_award[award] for award in ("winner", "finalist", "entrant")] == [False, False, True]
    assert [finalist.title_th in by_award[award] for award in ("winner", "finalist", "entrant")] == [False, True, False]
    assert [winner.title_th in by_award[award] for award in ("winner", "finalist", "entrant")] == [True, False, False]
    assert 'value="entrant" selected' in by_award["entrant"]


def test_the_open_data_gives_an_entrant_an_empty_award(client):
    shown = entrant(announce(CycleFactory()), "ระบบอนุญาตก่อสร้างออนไลน์")
    answer_facts(shown, summary="ยื่นขออนุญาตผ่านเว็บไซต์")

    data = json.loads(client.get("/solutions.json").content)
    rows = list(csv.DictReader(io.StringIO(client.get("/solutions.csv").content.decode("utf-8-sig"))))

    [row] = data["solutions"]
    assert (row["title"], row["award"], row["answers"]) == (shown.title_th, "", {"summary": "ยื่นขออนุญาตผ่านเว็บไซต์"})
    assert [(row["title"], row["award"], row["summary"]) for row in rows] == [
        (shown.title_th, "", "ยื่นขออนุญาตผ่านเว็บไซต์")
    ]


def test_an_entry_that_won_without_being_shortlisted_counts_as_a_winner_not_an_entrant(client):
    cycle = announce(CycleFactory())
    decision = DecisionFactory(
        prize__cycle=cycle, application=entrant(cycle, "ผลงานชนะจากรอบเดียว"), prize__name_th="รางวัลดีเด่น"
    )

    assert decision.application.title_th in listing(client, award="winner")
    assert decision.application.title_th not in listing(client, award="entrant")
    page = client.get(f"/solutions/{decision.application.pk}/").content.decode()
    assert "รางวัลดีเด่น" in page and "ผลงานที่ส่งเข้าประกวด" not in page


def test_renaming_an_entrants_organisation_shows_at_once_on_the_cached_list(django_capture_on_commit_callbacks):
    # The organisation's save re-cuts the entrant's search words, whose save renews the showcase's copies.
    shown = entrant(announce(CycleFactory()), "ระบบแจ้งซ่อมถนน")
    assert shown.organisation.name in listing(Client())  # now kept in the page cache

    with django_capture_on_commit_callbacks(execute=True):
        shown.organisation.name = "เทศบาลเมืองชื่อใหม่"
        shown.organisation.save()

    assert "เทศบาลเมืองชื่อใหม่" in listing(Client())
