import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.backoffice.helpers import assign, entered, screening_round
from tests.factories import CategoryFactory, CycleFactory

pytestmark = pytest.mark.django_db

URL = "/admin/dashboard/"


def test_dashboard_shows_the_chosen_cycle_to_staff(login_as, staff):
    shown, other = CycleFactory(name_th="รุ่นที่เลือก"), CycleFactory(name_th="รุ่นอื่น")
    entered(shown)

    response = login_as(staff).get(URL, {"cycle": shown.slug})

    assert response.status_code == 200
    assert response.context["cycle"] == shown
    assert [p.key for p in response.context["panels"]][:2] == ["timeline", "status"]
    assert set(response.context["cycles"]) == {shown, other}
    assert 'data-testid="panel-status"' in response.content.decode()


def test_dashboard_unknown_cycle_is_404(login_as, staff):
    assert login_as(staff).get(URL, {"cycle": "nope"}).status_code == 404


@pytest.mark.parametrize("persona", ["applicant", "judge", "chair", "province_viewer"])
def test_dashboard_refuses_everyone_but_staff(request, login_as, persona):
    # 403, as on every other /admin/ page for people signed in without admin access (accounts.middleware).
    response = login_as(request.getfixturevalue(persona)).get(URL)
    assert response.status_code == 403


def test_admin_index_links_to_the_dashboard_and_report(login_as, staff):
    page = login_as(staff).get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in page
    assert f'href="{reverse("backoffice:local_governments")}"' in page


def test_dashboard_and_admin_follow_the_language(login_as, staff):
    cycle = CycleFactory()
    entered(cycle)  # a list with a row shows its actions
    client = login_as(staff)
    thai = client.get(URL, {"cycle": cycle.slug}).content.decode()
    english = client.get("/en" + URL, {"cycle": cycle.slug}).content.decode()
    assert "ใบสมัครแยกตามสถานะ" in thai and "Applications by status" not in thai
    assert "Applications by status" in english and "ใบสมัครแยกตามสถานะ" not in english
    thai_list = client.get("/admin/submissions/application/").content.decode()
    english_list = client.get("/en/admin/submissions/application/").content.decode()
    assert "ส่งออก" in thai_list and "ให้ใบสมัครที่เลือกผ่านการคัดเลือกรอบแรก" in thai_list
    assert "Shortlist the selected applications" in english_list


def _fill(cycle, round_, count):
    for _ in range(count):
        assign(round_, entered(cycle, category=cycle.categories.first()), submitted=True)


def test_dashboard_page_queries_do_not_grow(login_as, staff):
    cycle = CycleFactory()
    CategoryFactory(cycle=cycle)
    round_ = screening_round(cycle)
    client = login_as(staff)
    _fill(cycle, round_, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(URL, {"cycle": cycle.slug})
    _fill(cycle, round_, 2)
    with CaptureQueriesContext(connection) as three:
        response = client.get(URL, {"cycle": cycle.slug})
    assert response.status_code == 200
    assert len(three) == len(one)
