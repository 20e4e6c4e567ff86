"""The admin polish across awards, submissions and judging: bulk actions with a confirmation page,
audited exports read back, history pages, and changelists whose queries do not grow."""

import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from core.formats import buddhist_moment
from core.models import OutboundEmail
from submissions.enums import ApplicationStatus
from submissions.resources import ApplicationResource
from tests.backoffice.helpers import admin_export, assign, entered, province, screening_round
from tests.factories import (
    AnswerFactory,
    AttachmentFactory,
    CycleFactory,
    MembershipFactory,
    ProvinceViewerScopeFactory,
    ScoreFactory,
)
from tests.i18n import thai

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:submissions_application_changelist")


def test_shortlist_action_asks_first_then_shortlists_and_audits(login_as, staff):
    cycle = CycleFactory()
    submitted, draft = entered(cycle), entered(cycle, status=ApplicationStatus.DRAFT)
    client = login_as(staff)
    selection = {"action": "shortlist", "_selected_action": [submitted.pk, draft.pk]}

    asked = client.post(CHANGELIST, selection)
    submitted.refresh_from_db()
    assert asked.status_code == 200
    assert 'data-testid="confirm-action"' in asked.content.decode()
    assert submitted.status == ApplicationStatus.SUBMITTED

    done = client.post(CHANGELIST, {**selection, "confirm": "yes"}, follow=True)
    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert (submitted.status, draft.status) == (ApplicationStatus.SHORTLISTED, ApplicationStatus.DRAFT)
    assert len([m for m in done.context["messages"] if m.level_tag == "error"]) == 1  # the draft, with why
    event = AuditEvent.objects.get(action="application.shortlist")
    assert (event.actor, event.target_id) == (staff, str(submitted.pk))
    assert submitted.history.first().history_user == staff


def test_notify_action_emails_each_member_after_a_written_message(login_as, staff):
    cycle = CycleFactory()
    application = entered(cycle)
    members = [MembershipFactory(organisation=application.organisation).user for _ in range(2)]
    members[1].language = "en"
    members[1].save()
    client = login_as(staff)
    selection = {"action": "notify", "_selected_action": [application.pk]}

    empty = client.post(CHANGELIST, {**selection, "confirm": "yes", "subject": "", "message": ""})
    assert empty.status_code == 200 and OutboundEmail.objects.count() == 0

    client.post(CHANGELIST, {**selection, "confirm": "yes", "subject": "นัดนำเสนอ", "message": "พบกัน 10.00 น."})

    emails = {email.to: email for email in OutboundEmail.objects.filter(kind="staff_message")}
    assert set(emails) == {member.email for member in members}
    assert emails[members[1].email].subject == f"นัดนำเสนอ ({application.reference})"
    assert "พบกัน 10.00 น." in emails[members[1].email].body_text
    assert "A message from the award's staff" in emails[members[1].email].body_text
    assert AuditEvent.objects.filter(action="application.notify").count() == 1


def test_application_export_csv_reads_back_and_is_audited(login_as, staff):
    cycle = CycleFactory()
    one, two = entered(cycle, kind="sao", province_code="50"), entered(cycle)
    entered(cycle)  # not selected

    response = admin_export(login_as(staff), "submissions_application", [one.pk, two.pk], "csv")

    assert response.status_code == 200
    header, *rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ApplicationResource().get_export_headers()
    assert header[0] == "เลขที่ใบสมัคร"  # the column titles follow the language (Thai by default)
    assert sorted(row[0] for row in rows) == sorted([one.reference, two.reference])
    row = next(r for r in rows if r[0] == one.reference)
    assert row == [
        one.reference,
        one.organisation.name,
        one.organisation.get_kind_display(),
        province("50").name_th,
        one.category.name,
        one.title_th,
        one.get_status_display(),
        timezone.localtime(one.submitted_at).isoformat(timespec="seconds"),
        buddhist_moment(one.submitted_at),
    ]
    event = AuditEvent.objects.get(action="export.applications")
    assert (event.actor, event.detail) == (staff, {"format": "csv", "rows": 2})


def test_application_export_xlsx_reads_back(login_as, staff):
    application = entered(CycleFactory())
    response = admin_export(login_as(staff), "submissions_application", [application.pk], "xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == application.reference and rows[1][5] == application.title_th


def test_application_export_has_an_iso_and_a_buddhist_era_column_in_a_sheet_named_for_it(login_as, staff):
    application = entered(CycleFactory())
    application.submitted_at = timezone.make_aware(datetime(2027, 1, 18, 9, 30))
    application.save()

    response = admin_export(login_as(staff), "submissions_application", [application.pk], "xlsx")

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header, row = book.active.iter_rows(values_only=True)
    assert book.sheetnames == [thai("Applications")]
    assert header[-2:] == (f"{thai('submitted at')} (ISO 8601)", f"{thai('submitted at')} ({thai('Buddhist Era')})")
    assert row[-2:] == ("2027-01-18T09:30:00+07:00", "18/01/2570 09:30")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_application_export_defuses_formulas(login_as, staff, file_format):
    application = entered(CycleFactory(), title_th='=HYPERLINK("http://x","ดู")')
    response = admin_export(login_as(staff), "submissions_application", [application.pk], file_format)
    if file_format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][5] == "'" + application.title_th


def test_attachment_list_export_reads_back(login_as, staff):
    application = entered(CycleFactory())
    attachment = AttachmentFactory(
        application=application, file__data=b"%PDF-1.4\n", original_name="แผนงาน.pdf", size=9, sha256="ab" * 32
    )

    response = admin_export(login_as(staff), "submissions_attachment", [attachment.pk], "xlsx")

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == (application.reference, "แผนงาน.pdf", "pdf", 9, "ab" * 32)
    assert AuditEvent.objects.get(action="export.attachments").detail["rows"] == 1


def test_history_pages_open_for_the_models_that_matter(login_as, staff):
    cycle = CycleFactory()
    application = entered(cycle)
    round_ = screening_round(cycle)
    assignment = assign(round_, application, submitted=True)
    answer = AnswerFactory(application=application, value="ก")
    score = ScoreFactory(scorecard=assignment.scorecard, steps=2)
    scope = ProvinceViewerScopeFactory(province=province("10"))
    client = login_as(staff)
    for label, obj in [
        ("submissions_application", application),
        ("submissions_answer", answer),
        ("submissions_organisation", application.organisation),
        ("judging_round", round_),
        ("judging_assignment", assignment),
        ("judging_scorecard", assignment.scorecard),
        ("judging_score", score),
        ("submissions_provinceviewerscope", scope),
        ("awards_rubric", round_.rubric),
    ]:
        response = client.get(reverse(f"admin:{label}_history", args=[obj.pk]))
        assert response.status_code == 200, label
        assert obj.history.exists(), label


def _changelist_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.context["cl"].result_count


def _data(cycle, round_, count):
    for _ in range(count):
        application = entered(cycle, category=cycle.categories.first())
        assignment = assign(round_, application, submitted=True)
        ScoreFactory(scorecard=assignment.scorecard, steps=1)
        AnswerFactory(application=application, value="ก")
        AttachmentFactory(application=application)
        ProvinceViewerScopeFactory(province=province("10"))


CHANGELISTS = [
    "submissions_application",
    "submissions_attachment",
    "submissions_answer",
    "submissions_organisation",
    "submissions_provinceviewerscope",
    "judging_assignment",
    "judging_scorecard",
    "judging_score",
]


@pytest.mark.parametrize("label", CHANGELISTS)
def test_changelist_queries_do_not_grow(login_as, staff, label):
    cycle = CycleFactory()
    round_ = screening_round(cycle)
    client = login_as(staff)
    url = reverse(f"admin:{label}_changelist")
    _data(cycle, round_, 1)
    one, count_one = _changelist_queries(client, url)
    _data(cycle, round_, 2)
    three, count_three = _changelist_queries(client, url)
    assert count_three > count_one
    assert three == one


def test_round_changelist_queries_do_not_grow_with_rounds(login_as, staff):
    client = login_as(staff)
    url = reverse("admin:judging_round_changelist")
    cycles = [CycleFactory() for _ in range(3)]
    for cycle in cycles:
        entered(cycle)
    screening_round(cycles[0])
    one, _ = _changelist_queries(client, url)
    screening_round(cycles[1])
    screening_round(cycles[2])
    three, count = _changelist_queries(client, url)
    assert (count, three) == (3, one)


def test_round_changelist_counts_applications_short_of_judges(login_as, staff):
    cycle = CycleFactory()
    round_ = screening_round(cycle)  # asks for two judges per application
    full, short = entered(cycle), entered(cycle)
    entered(cycle, status=ApplicationStatus.DRAFT)
    assign(round_, full)
    assign(round_, full)
    assign(round_, short)
    assign(round_, short, recused=True)
    response = login_as(staff).get(reverse("admin:judging_round_changelist"))
    assert [r.gap_count for r in response.context["cl"].result_list] == [1]
