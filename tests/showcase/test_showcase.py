"""The public showcase of solutions: who is in it (finalists and winners of published editions, never
a draft, a submitted-only entry without the consent to the showcase, a withdrawn one or a hidden one;
the consenting entrants are tests/showcase/test_entrants.py), which fields (the consented ones
only with consent), Thai search on any database, the filters, the open data and its licence, staff's
curation (audited), and constant query counts."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from awards.enums import MilestoneKind
from showcase.models import Solution
from showcase.search import index_text, words_of
from showcase.services import curate
from submissions.enums import ApplicationStatus
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CycleFactory,
    DecisionFactory,
    FieldFactory,
    FinalistFactory,
    MilestoneFactory,
    PrizeFactory,
    UserFactory,
)
from tests.publishing import answer_facts

pytestmark = pytest.mark.django_db

FLOOD = "ระบบเตือนภัยน้ำท่วมเทศบาลนครขอนแก่น"


def test_thai_text_is_cut_into_words_and_a_word_finds_a_longer_title():
    assert "น้ำท่วม" in words_of(FLOOD)
    stored = index_text(FLOOD, "Flood warning")
    assert " น้ำท่วม " in stored and " flood " in stored


def listing(client, **params) -> str:
    return client.get("/solutions/", params).content.decode()


def test_finalists_and_winners_are_shown_never_drafts_submissions_withdrawn_or_hidden(client):
    finalist = FinalistFactory(title_th="ไฟส่องสว่างอัจฉริยะ")
    winner = DecisionFactory(application__status=ApplicationStatus.AWARDED, application__title_th="คิวคลินิกออนไลน์")
    draft = ApplicationFactory(title_th="ร่างที่ยังไม่ส่ง")
    submitted = ApplicationFactory(title_th="ส่งแล้วแต่ไม่ผ่าน", status=ApplicationStatus.SUBMITTED, publish_consent=True)
    withdrawn = ApplicationFactory(title_th="ถอนแล้ว", status=ApplicationStatus.WITHDRAWN)
    hidden = FinalistFactory(title_th="ซ่อนโดยเจ้าหน้าที่")
    Solution.objects.filter(application=hidden).update(hidden=True)
    unpublished = FinalistFactory(title_th="ฉบับยังไม่เผยแพร่", cycle=CycleFactory(is_published=False))

    page = listing(client)

    assert finalist.title_th in page and winner.application.title_th in page
    assert winner.prize.name_th in page
    for absent in (draft, submitted, withdrawn, hidden, unpublished):
        assert absent.title_th not in page
        assert client.get(f"/solutions/{absent.pk}/").status_code == 404


def test_the_summary_cover_and_links_only_with_the_organisations_consent(client):
    consented = FinalistFactory(publish_consent=True)
    answer_facts(consented, summary="สรุปที่เผยแพร่ได้", video_url="https://video.example/a")
    private = FinalistFactory(publish_consent=False)
    answer_facts(private, summary="สรุปที่ไม่ยินยอมเผยแพร่", video_url="https://video.example/b")

    shown = client.get(f"/solutions/{consented.pk}/").content.decode()
    withheld = client.get(f"/solutions/{private.pk}/").content.decode()
    open_data = json.loads(client.get("/solutions.json").content)

    assert "สรุปที่เผยแพร่ได้" in shown and "https://video.example/a" in shown
    assert "สรุปที่ไม่ยินยอมเผยแพร่" not in withheld and "https://video.example/b" not in withheld
    assert "สรุปที่ไม่ยินยอมเผยแพร่" not in json.dumps(open_data, ensure_ascii=False)
    assert client.get(f"/solutions/{private.pk}/cover/").status_code == 404


def test_withdrawing_consent_takes_the_summary_off_at_once(client):
    finalist = FinalistFactory(publish_consent=True)
    answer_facts(finalist, summary="สรุปโครงการ")
    assert "สรุปโครงการ" in listing(client)

    finalist.publish_consent = False
    finalist.save()

    assert "สรุปโครงการ" not in listing(client)


def test_a_thai_word_finds_the_solution_whose_title_contains_it(client):
    flood = FinalistFactory(title_th=FLOOD)
    other = FinalistFactory(title_th="ระบบจัดเก็บขยะอัจฉริยะ")

    page = listing(client, q="น้ำท่วม")

    assert flood.title_th in page and other.title_th not in page
    assert other.title_th in listing(client, q="ขยะ")
    assert "showcase-empty" in listing(client, q="ไม่มีคำนี้แน่นอน")


def test_the_filters_by_category_province_region_kind_year_and_award(client):
    older = CycleFactory(year=2022)
    mobility = FinalistFactory(title_th="รถโดยสารอัจฉริยะ", category__code="MOB")
    in_2022 = FinalistFactory(title_th="ผลงานปี 2565", cycle=older)
    winner = DecisionFactory(application__status=ApplicationStatus.AWARDED, application__title_th="ผู้ชนะ")
    province = mobility.organisation.province

    assert [
        mobility.title_th in listing(client, category="MOB"),
        in_2022.title_th in listing(client, category="MOB"),
    ] == [True, False]
    assert in_2022.title_th in listing(client, year="2565") and mobility.title_th not in listing(client, year="2565")
    assert mobility.title_th in listing(client, province=province.code)
    assert mobility.title_th in listing(client, region=province.region)
    assert mobility.title_th in listing(client, kind=mobility.organisation.kind)
    assert winner.application.title_th in listing(client, award="winner")
    assert mobility.title_th not in listing(client, award="winner")
    assert winner.application.title_th not in listing(client, award="finalist")


def test_the_open_data_lists_every_solution_with_the_published_fields_and_the_licence(client, settings):
    settings.SITE_URL = "https://awards.example.go.th"
    DecisionFactory(
        application__status=ApplicationStatus.AWARDED, application__title_th="ผู้ชนะ", prize__cycle__year=2022
    )
    answer_facts(FinalistFactory(title_th="ผู้เข้ารอบ", publish_consent=True), summary="สรุป")

    data = json.loads(client.get("/solutions.json").content)
    rows = list(csv.DictReader(io.StringIO(client.get("/solutions.csv").content.decode("utf-8-sig"))))

    assert "4.0" in data["licence"]["name"] and data["licence"]["url"].startswith("https://creativecommons.org/")
    assert len(data["solutions"]) == len(rows) == 2
    assert set(data["solutions"][0]) == {
        "year",
        "category",
        "province",
        "organisation_type",
        "title",
        "award",
        "url",
        "answers",
    }
    by_title = {row["title"]: row for row in data["solutions"]}
    assert by_title["ผู้ชนะ"]["year"] == 2565 and by_title["ผู้ชนะ"]["award"]
    assert (by_title["ผู้ชนะ"]["answers"], by_title["ผู้เข้ารอบ"]["answers"]) == ({}, {"summary": "สรุป"})
    assert by_title["ผู้เข้ารอบ"]["url"].startswith("https://awards.example.go.th/solutions/")
    # The CSV has a column per public question (by its key), empty where nothing is published.
    assert {row["title"]: row["summary"] for row in rows} == {"ผู้ชนะ": "", "ผู้เข้ารอบ": "สรุป"}


def test_curation_is_audited_and_featured_solutions_come_first(client):
    first, second = FinalistFactory(title_th="ก ผลงานแรก"), FinalistFactory(title_th="ข ผลงานที่สอง")
    staff = UserFactory(is_staff=True)

    curate(solution=second.solution, featured=True, hidden=False, position=1, by=staff)

    page = listing(client)
    assert page.index(second.title_th) < page.index(first.title_th)
    event = AuditEvent.objects.get(action="showcase.curate")
    assert event.detail == {
        "before": {"featured": False, "hidden": False, "position": 100},
        "after": {"featured": True, "hidden": False, "position": 1},
    }


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def _announced_entrant(cycle):
    """An entrant that consented to the showcase, with a summary, of ``cycle``, whose results are out."""
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.RESULTS, starts_at=timezone.now() - timedelta(days=1))
    entry = ApplicationFactory(cycle=cycle, status=ApplicationStatus.SUBMITTED, showcase_consent=True)
    answer_facts(entry, summary="สรุปของผลงานที่ส่งเข้าประกวด")


def test_the_list_and_the_open_data_take_the_same_queries_for_1_or_3_editions(client):
    first = DecisionFactory(application__status=ApplicationStatus.AWARDED, application__publish_consent=True)
    answer_facts(first.application, summary="สรุป", video_url="video.example/1")
    _announced_entrant(first.application.cycle)
    one = {path: count_queries(client, path) for path in ("/solutions/", "/solutions.json")}
    for year in (2023, 2024):
        cycle = CycleFactory(year=year)
        DecisionFactory(prize=PrizeFactory(cycle=cycle), application__status=ApplicationStatus.AWARDED)
        answer_facts(FinalistFactory(cycle=cycle, publish_consent=True), summary="สรุป", website_url="w.example")
        _announced_entrant(cycle)

    three = {path: count_queries(client, path) for path in ("/solutions/", "/solutions.json")}

    assert three == one


def test_a_withdrawn_decision_names_no_award(client):
    from django.utils import timezone

    decision = DecisionFactory(application__status=ApplicationStatus.AWARDED, application__title_th="ผลที่ถูกแก้ไข")
    decision.withdrawn_at, decision.withdrawal_reason = timezone.now(), "แก้ไขผลการประกวด"
    decision.save()

    assert decision.prize.name_th not in listing(client)
    assert decision.application.title_th in listing(client, award="finalist")
    assert decision.application.title_th not in listing(client, award="winner")


def test_a_solution_page_shows_every_public_question_with_its_label_and_no_other(client):
    finalist = FinalistFactory(publish_consent=True)
    answer_facts(finalist, summary="สรุปผลงาน", area_served="เฉพาะกรรมการ")
    households = FieldFactory(
        section__cycle=finalist.cycle,
        key="households",
        kind="number",
        name_th="จำนวนครัวเรือนที่ใช้บริการ",
        unit_th="ครัวเรือน",
        max_chars=None,
        visibility="public",
    )
    AnswerFactory(application=finalist, field=households, value="12500")

    page = client.get(f"/solutions/{finalist.pk}/").content.decode()

    assert "สรุปผลงานสำหรับเผยแพร่" in page and "สรุปผลงาน" in page
    assert "จำนวนครัวเรือนที่ใช้บริการ" in page and "12,500 ครัวเรือน" in page
    assert "พื้นที่ให้บริการ" not in page and "เฉพาะกรรมการ" not in page


def test_a_summary_is_searchable_only_while_the_organisation_consents(client):
    consented = FinalistFactory(title_th="ผลงานยินยอม", publish_consent=True)
    withheld = FinalistFactory(title_th="ผลงานไม่ยินยอม", publish_consent=False)
    for finalist in (consented, withheld):
        answer_facts(finalist, summary="ระบบตรวจวัดฝุ่นละออง")
        finalist.save()  # the search words are cut when the application is saved

    page = listing(client, q="ฝุ่นละออง")

    assert (consented.title_th in page, withheld.title_th in page) == (True, False)
