import re
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from awards.enums import MilestoneKind
from tests.factories import CategoryFactory, CycleFactory, MilestoneFactory, facts_field
from tests.frame import keep_organiser_frame

pytestmark = pytest.mark.django_db


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    # <wbr> (a place where a Thai heading may break) adds no character to the text.
    html = html.replace("<wbr>", "")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def staff(demo):
    # seed_demo makes staff@example.com (the staff persona's address): its staff member is the persona.
    return User.objects.get(email="staff@example.com")


def test_home_shows_live_demo_cycle_in_thai(client, demo):
    response = client.get("/")
    text = visible_text(response)
    assert response.status_code == 200
    assert '<html lang="th">' in response.content.decode()
    assert "โครงการ The Smart City Solution Awards" in text
    assert "(ฉบับสาธิต)" in text
    assert response.context["phase"] == "open"
    assert [c.slug for c in response.context["earlier_cycles"]] == ["2022"]


def test_home_in_english_under_en_prefix(client, demo):
    response = client.get("/en/")
    assert '<html lang="en">' in response.content.decode()
    assert "The Smart City Solution Awards" in visible_text(response)
    assert "(demo)" in visible_text(response)


def test_home_without_any_cycle_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["cycle"] is None


def test_cycle_2022_page_shows_the_call(client, demo):
    response = client.get("/2022/")
    text = visible_text(response)

    assert response.status_code == 200
    assert len(response.context["categories"]) == 7
    assert "การดำรงชีวิตอัจฉริยะ (Smart Living)" in text
    assert "รางวัลขวัญใจประชาชน (Popular Vote)" in text
    assert "31 สิงหาคม 2565" in text
    assert "<del>30 กรกฎาคม 2565</del>" in response.content.decode()
    assert "14 กันยายน 2565" in text and "10.00 น." in text and "15.00 น." in text
    assert response.context["rubric_table"].total_points == 100
    assert "scp@depa.or.th" in text
    assert "0 20 262 333 ต่อ 5103" in text
    assert response.context["phase"] == "results"


def test_cycle_page_english_uses_christian_era(client, demo):
    text = visible_text(client.get("/en/2022/"))
    assert "31 August 2022" in text
    assert "0 20 262 333 ext. 5103" in text
    assert "ต่อ" not in text
    assert "Smart Living" in text


def test_cycle_page_staff_see_rubric_warning(login_as, staff, demo):
    response = login_as(staff).get("/2022/")
    assert 'data-testid="staff-rubric-warning"' in response.content.decode()


def test_cycle_page_public_sees_note_not_staff_warning(client, demo):
    html = client.get("/2022/").content.decode()
    assert 'data-testid="staff-rubric-warning"' not in html
    assert "rubric-note" in html


def test_unpublished_cycle_is_404(client, db):
    CycleFactory(slug="hidden", is_published=False)
    response = client.get("/hidden/")
    assert response.status_code == 404
    assert [t.name for t in response.templates][0] == "404.html"


def test_cycle_page_query_count_does_not_grow_with_categories(client, db):
    small, large = CycleFactory(slug="small"), CycleFactory(slug="large")
    CategoryFactory(cycle=small)
    MilestoneFactory(cycle=small)
    for _ in range(3):
        CategoryFactory(cycle=large)
    MilestoneFactory(cycle=large)

    keep_organiser_frame()
    with CaptureQueriesContext(connection) as one:
        client.get("/small/")
    with CaptureQueriesContext(connection) as three:
        client.get("/large/")
    assert len(one) == len(three)


def test_pages_send_content_security_policy(client, demo):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_pages_have_no_inline_script_or_style(client, demo):
    for url in ["/", "/2022/", "/en/2022/", "/accounts/login/"]:
        html = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == [], url
        assert "<style" not in html and " style=" not in html, url


def test_home_shows_the_time_of_a_deadline_staff_set_before_the_end_of_the_day(client, db):
    cycle = CycleFactory()
    five_pm = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=17, minute=0, second=0)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=five_pm)

    text = visible_text(client.get("/en/"))

    day = f"{five_pm.day} {five_pm:%B} {five_pm.year}"
    assert f"Applications close on {day} at 17:00." in text
    assert f"Submission deadline {day} at 17:00" in text


def test_home_shows_the_time_of_a_deadline_at_the_end_of_the_day_too(client, db):
    cycle = CycleFactory()
    last_moment = timezone.localtime(timezone.now() + timedelta(days=7)).replace(hour=23, minute=59, second=59)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=last_moment)

    english = visible_text(client.get("/en/"))
    thai = visible_text(client.get("/"))

    day = f"{last_moment.day} {last_moment:%B} {last_moment.year}"
    assert f"Applications close on {day} at 23:59." in english
    assert "เวลา 23.59 น." in thai


def test_home_lists_the_categories_with_their_published_english_names(client, db):
    cycle = CycleFactory()
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE)
    CategoryFactory(
        cycle=cycle, slug="smart-mobility", position=1, name_th="การเดินทางและขนส่งอัจฉริยะ", name_en="Smart Mobility"
    )
    CategoryFactory(
        cycle=cycle, slug="smart-people", position=2, name_th="พลเมืองอัจฉริยะ (Smart People)", name_en="Smart People"
    )

    thai = visible_text(client.get("/"))
    english = visible_text(client.get("/en/"))
    html = client.get("/").content.decode()

    assert "2 ด้าน การเดินทางและขนส่งอัจฉริยะ Smart Mobility สมัครในด้านการเดินทางและขนส่งอัจฉริยะ" in thai
    assert "พลเมืองอัจฉริยะ (Smart People) สมัครในด้าน" in thai
    assert "2 categories Smart Mobility Apply in Smart Mobility Smart People Apply in Smart People" in english
    assert f'href="/my/start/{cycle.slug}/?category=smart-mobility"' in html
    assert "การ<wbr>เดินทาง<wbr>และ<wbr>ขนส่ง<wbr>อัจฉริยะ" in html


def test_cycle_page_states_the_eligibility_rules_of_the_form(client):
    cycle = CycleFactory(slug="rules", is_published=True)
    deadline = timezone.make_aware(datetime(2026, 8, 31, 23, 59, 59))
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=deadline)
    facts_field(cycle)

    html = client.get("/rules/").content.decode()

    rules = re.findall(r'data-testid="eligibility-rule">([^<]*)<', html)
    assert rules == ["ผลงานต้องให้บริการประชาชนมาแล้วอย่างน้อย 6 เดือนก่อนวันปิดรับสมัคร: ต้องเริ่มให้บริการภายในวันที่ 28 กุมภาพันธ์ 2569"]


def test_cycle_page_without_rules_states_none(client):
    CycleFactory(slug="no-rules", is_published=True)
    html = client.get("/no-rules/").content.decode()
    assert 'data-testid="eligibility-rule"' not in html
