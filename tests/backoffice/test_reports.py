import csv
import io
from collections import Counter

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AuditEvent
from backoffice.reports import REPORT_KINDS, local_government_report
from core.formats import buddhist_moment, iso_moment
from submissions.enums import LOCAL_GOVERNMENT_KINDS, ApplicationStatus
from submissions.models import Application
from tests.backoffice.helpers import entered, province
from tests.factories import ApplicationFactory, CycleFactory, ProvinceViewerScopeFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle():
    cycle = CycleFactory(slug="report-cycle")
    sao = entered(cycle, kind="sao", province_code="50")
    ApplicationFactory(  # the same SAO's second project: one organisation, two applications
        cycle=cycle,
        category=sao.category,
        organisation=sao.organisation,
        status=ApplicationStatus.SUBMITTED,
        reference="T-900",
    )
    entered(cycle, kind="city_municipality", province_code="50", status=ApplicationStatus.SHORTLISTED)
    entered(cycle, kind="pao", province_code="10", status=ApplicationStatus.WITHDRAWN)
    entered(cycle, kind="bangkok", province_code="10")
    entered(cycle, kind="sao", province_code="30")
    entered(cycle, kind="sao", province_code="30", status=ApplicationStatus.DRAFT)  # not applied yet
    entered(cycle, kind="company", province_code="50")  # not a local government
    entered(CycleFactory(), kind="sao", province_code="50")  # another edition
    return cycle


@pytest.fixture
def viewer(province_viewer):
    ProvinceViewerScopeFactory(user=province_viewer, province=province("50"))
    return province_viewer


def expected_counts(cycle, code=None):
    """The counts computed straight from the applications, as a reader would count them by hand."""
    applications = Application.objects.filter(cycle=cycle, organisation__kind__in=LOCAL_GOVERNMENT_KINDS).exclude(
        status=ApplicationStatus.DRAFT
    )
    if code:
        applications = applications.filter(organisation__province__code=code)
    organisations = {(a.organisation.province.code, a.organisation.kind, a.organisation_id) for a in applications}
    per_province = Counter(code for code, _kind, _org in organisations)
    per_kind = Counter(kind for _code, kind, _org in organisations)
    apps = Counter(a.organisation.province.code for a in applications)
    return per_province, per_kind, apps


def test_report_counts_match_the_applications(cycle):
    report = local_government_report(cycle=cycle)
    per_province, per_kind, apps = expected_counts(cycle)

    assert {r.province.code: r.organisations for r in report.provinces} == dict(per_province)
    assert {r.province.code: r.applications for r in report.provinces} == dict(apps)
    assert dict(zip([k.value for k in REPORT_KINDS], report.totals.organisations_by_kind, strict=True)) == {
        kind.value: per_kind.get(kind.value, 0) for kind in REPORT_KINDS
    }
    assert (report.totals.organisations, report.totals.applications) == (5, 6)
    assert len(report.applications) == 6
    assert {a.status for a in report.applications} >= {ApplicationStatus.WITHDRAWN, ApplicationStatus.SHORTLISTED}


def test_report_for_one_province_counts_only_it(cycle):
    report = local_government_report(cycle=cycle, province=province("50"))
    per_province, _kinds, apps = expected_counts(cycle, "50")
    assert [(r.province.code, r.organisations, r.applications) for r in report.provinces] == [
        ("50", per_province["50"], apps["50"])
    ]
    assert {a.organisation.province.code for a in report.applications} == {"50"}


def test_province_viewer_is_sent_to_their_province(login_as, viewer, cycle):
    client = login_as(viewer)
    response = client.get(reverse("backoffice:local_governments"))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:local_governments_province", args=["50"])
    page = client.get(response["Location"], {"cycle": cycle.slug})
    assert page.status_code == 200
    assert page.context["report"].totals.applications == 3
    assert page.context["provinces"] == []  # no province filter for a viewer


def test_province_viewer_gets_404_for_another_province(login_as, viewer, cycle):
    client = login_as(viewer)
    assert client.get(reverse("backoffice:local_governments_province", args=["10"])).status_code == 404
    assert client.get(reverse("backoffice:local_governments_province_export", args=["10", "csv"])).status_code == 404


def test_province_viewer_without_a_province_is_told_to_ask_staff(login_as, province_viewer, cycle):
    response = login_as(province_viewer).get(reverse("backoffice:local_governments"))
    assert response.status_code == 403
    assert 'data-testid="no-province"' in response.content.decode()


@pytest.mark.parametrize("persona", ["applicant", "judge", "chair", "outsider"])
def test_report_is_404_for_people_without_the_role(request, login_as, persona, cycle):
    client = login_as(request.getfixturevalue(persona))
    assert client.get(reverse("backoffice:local_governments")).status_code == 404
    assert client.get(reverse("backoffice:local_governments_province", args=["50"])).status_code == 404


def test_report_asks_anonymous_visitors_to_log_in(client, cycle):
    response = client.get(reverse("backoffice:local_governments"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_read_every_province_and_filter_one(login_as, staff, cycle):
    client = login_as(staff)
    page = client.get(reverse("backoffice:local_governments"), {"cycle": cycle.slug})
    assert page.status_code == 200
    assert page.context["report"].totals.applications == 6
    assert len(page.context["provinces"]) == 77
    narrowed = client.get(reverse("backoffice:local_governments"), {"cycle": cycle.slug, "province": "30"})
    assert narrowed["Location"] == reverse("backoffice:local_governments_province", args=["30"]) + "?cycle=report-cycle"


def test_csv_download_holds_the_list_and_is_audited(login_as, viewer, cycle):
    url = reverse("backoffice:local_governments_province_export", args=["50", "csv"])
    response = login_as(viewer).get(url, {"cycle": cycle.slug})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="local-governments-report-cycle-50.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    references = sorted(row[3] for row in rows[1:])
    expected = Application.objects.filter(
        cycle=cycle, organisation__province__code="50", organisation__kind__in=LOCAL_GOVERNMENT_KINDS
    ).exclude(status=ApplicationStatus.DRAFT)
    assert references == sorted(a.reference for a in expected)
    assert rows[0][0] == "จังหวัด"
    assert {row[0] for row in rows[1:]} == {province("50").name_th}
    event = AuditEvent.objects.get(action="export.local_governments")
    assert (event.actor, event.detail["rows"], event.target_id) == (viewer, 3, str(province("50").pk))


def test_xlsx_download_reads_back(login_as, staff, cycle):
    url = reverse("backoffice:local_governments_export", args=["xlsx"])
    response = login_as(staff).get(url, {"cycle": cycle.slug})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 6
    shortlisted = next(row for row in rows if row[6] == ApplicationStatus.SHORTLISTED.label)
    application = Application.objects.get(status=ApplicationStatus.SHORTLISTED)
    assert shortlisted[:6] == (
        province("50").name_th,
        application.organisation.name,
        application.organisation.get_kind_display(),
        application.reference,
        application.title_th,
        application.category.name,
    )
    assert sheet.title == thai("Local governments")
    assert shortlisted[7:] == (iso_moment(application.submitted_at), buddhist_moment(application.submitted_at))
    assert rows[0][7:] == (f"{thai('submitted at')} (ISO 8601)", f"{thai('submitted at')} ({thai('Buddhist Era')})")


def test_unknown_download_format_is_404(login_as, staff, cycle):
    assert login_as(staff).get(reverse("backoffice:local_governments_export", args=["pdf"])).status_code == 404


@pytest.mark.postgres
def test_report_lists_provinces_in_thai_dictionary_order(cycle):
    report = local_government_report(cycle=cycle)
    # เชียงใหม่ (50) files under ช, before นครราชสีมา (30); กรุงเทพมหานคร (10) first.
    assert [r.province.code for r in report.provinces] == ["10", "50", "30"]


def test_unpublished_edition_is_for_staff_only(login_as, staff, viewer):
    hidden = CycleFactory(slug="hidden", is_published=False)
    entered(hidden, kind="sao", province_code="50")
    staff_page = login_as(staff).get(reverse("backoffice:local_governments"), {"cycle": "hidden"})
    viewer_page = login_as(viewer).get(
        reverse("backoffice:local_governments_province", args=["50"]), {"cycle": "hidden"}
    )
    assert (staff_page.status_code, staff_page.context["report"].totals.applications) == (200, 1)
    assert viewer_page.status_code == 404


def test_report_page_queries_do_not_grow(login_as, staff):
    cycle = CycleFactory(slug="counted")
    client = login_as(staff)
    url = reverse("backoffice:local_governments")
    entered(cycle, kind="sao", province_code="50")
    with CaptureQueriesContext(connection) as one:
        client.get(url, {"cycle": "counted"})
    entered(cycle, kind="pao", province_code="10")
    entered(cycle, kind="sao", province_code="30")
    with CaptureQueriesContext(connection) as three:
        response = client.get(url, {"cycle": "counted"})
    assert response.context["report"].totals.applications == 3
    assert len(three) == len(one)
