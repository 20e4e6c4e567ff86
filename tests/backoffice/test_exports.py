"""The staff export of applications has one column per question of the form, read as staff read the
answers: a number as a number, a date twice (ISO and Buddhist Era), a repeating group and a file
question's files joined by " / ", nothing for a question that does not apply; several editions give
the union of their questions by key; the queries do not grow with the questions."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import FieldKind, Visibility
from awards.services import replace_field
from submissions.models import Answer, Application
from submissions.resources import ApplicationResource, LocalGovernmentResource
from tests.backoffice.helpers import admin_export, entered
from tests.factories import AttachmentFactory, CategoryFactory, CycleFactory, FieldFactory, SectionFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db

FIXED = len(ApplicationResource().get_export_headers())
TEAM = [{"key": "name", "th": "ชื่อ", "en": "Name"}, {"key": "role", "th": "บทบาท", "en": "Role"}]


def _form(cycle, copies: int = 1) -> dict[str, object]:
    """``copies`` questions of each kind (keys ``<kind>_<n>``) in one section, as staff might build it."""
    section = SectionFactory(cycle=cycle)
    options = {
        FieldKind.NUMBER: {"unit_th": "คน"},
        FieldKind.CHOICES: {"choices": [{"value": "a", "th": "ก", "en": "A"}, {"value": "b", "th": "ข", "en": "B"}]},
        FieldKind.GROUP: {"columns": TEAM},
    }
    kinds = (FieldKind.SHORT_TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.CHOICES, FieldKind.GROUP)
    kinds += (FieldKind.FILE, FieldKind.PROVINCE)
    return {
        f"{kind}_{n}": FieldFactory(
            section=section,
            key=f"{kind}_{n}",
            kind=kind,
            name_th=f"คำถาม {kind} {n}",
            max_chars=None,
            visibility=Visibility.STAFF,
            **options.get(kind, {}),
        )
        for n in range(copies)
        for kind in kinds
    }


def _answer(application, fields: dict, n: int = 0) -> None:
    values = {
        f"short_text_{n}": "ทั้งเมือง",
        f"number_{n}": "120000",
        f"date_{n}": "2022-09-15",
        f"choices_{n}": ["a", "b"],
        f"group_{n}": [{"name": "สมชาย", "role": "หัวหน้า"}, {"name": "สมหญิง", "role": "ผู้พัฒนา"}],
        f"province_{n}": "10",
    }
    for key, value in values.items():
        Answer.objects.create(application=application, field=fields[key], value=value)
    for name in ("แผนงาน.pdf", "ภาพระบบ.pdf"):
        AttachmentFactory(application=application, field=fields[f"file_{n}"], original_name=name)


def _export(applications):
    return ApplicationResource().export(queryset=Application.objects.filter(pk__in=[a.pk for a in applications]))


def test_a_column_per_question_with_answers_as_staff_read_them():
    cycle = CycleFactory()
    fields = _form(cycle)
    application = entered(cycle)
    _answer(application, fields)

    dataset = _export([application])

    assert dataset.headers[FIXED:] == [
        "คำถาม short_text 0",
        "คำถาม number 0",
        "คำถาม date 0 (ISO 8601)",
        f"คำถาม date 0 ({thai('Buddhist Era')})",
        "คำถาม choices 0",
        "คำถาม group 0",
        "คำถาม file 0",
        "คำถาม province 0",
    ]
    assert list(dataset[0][FIXED:]) == [
        "ทั้งเมือง",
        Decimal("120000"),
        "2022-09-15",
        "15/09/2565",
        "ก, ข",
        "สมชาย · หัวหน้า / สมหญิง · ผู้พัฒนา",
        "แผนงาน.pdf / ภาพระบบ.pdf",
        "กรุงเทพมหานคร",
    ]


def test_an_unanswered_or_inapplicable_question_is_an_empty_cell():
    cycle = CycleFactory()
    other_category = CategoryFactory(cycle=cycle)
    asked_elsewhere = FieldFactory(section__cycle=cycle, key="elsewhere", name_th="เฉพาะอีกด้าน")
    asked_elsewhere.categories.add(other_category)
    FieldFactory(section__cycle=cycle, key="blank", name_th="ยังไม่ตอบ")
    application = entered(cycle)
    Answer.objects.create(application=application, field=asked_elsewhere, value="คำตอบเก่าที่ไม่ใช้แล้ว")

    dataset = _export([application])

    assert (dataset.headers[FIXED:], list(dataset[0][FIXED:])) == (["เฉพาะอีกด้าน", "ยังไม่ตอบ"], ["", ""])


def test_several_editions_give_the_union_of_their_questions_by_key():
    older, newer = CycleFactory(year=2022), CycleFactory(year=2023)
    FieldFactory(section__cycle=older, key="summary", name_th="สรุปผลงาน")
    FieldFactory(section__cycle=older, key="budget_2022", name_th="งบประมาณ 2565")
    FieldFactory(section__cycle=newer, key="summary", name_th="สรุปผลงาน (ใหม่)")
    FieldFactory(section__cycle=newer, key="team", name_th="ทีมงาน")
    first, second = entered(older), entered(newer)
    for application, text in ((first, "สรุปเก่า"), (second, "สรุปใหม่")):
        field = application.cycle.fields.get(key="summary")
        Answer.objects.create(application=application, field=field, value=text)

    dataset = _export([first, second])

    assert dataset.headers[FIXED:] == ["สรุปผลงาน", "งบประมาณ 2565", "ทีมงาน"]
    rows = {row[0]: list(row[FIXED:]) for row in dataset}
    assert rows == {first.reference: ["สรุปเก่า", "", ""], second.reference: ["สรุปใหม่", "", ""]}


def _queries(applications) -> int:
    with CaptureQueriesContext(connection) as queries:
        _export(applications)
    return len(queries)


# The kinds _form leaves out, each with an answer as stored.
OTHER_KINDS = {
    FieldKind.LONG_TEXT: ("เรื่องเล่าของเมือง", {}),
    FieldKind.MONEY: ("1250000.50", {}),
    FieldKind.CHOICE: ("a", {"choices": [{"value": "a", "th": "ก", "en": "A"}]}),
    FieldKind.YES_NO: ("yes", {}),
    FieldKind.URL: ("https://city.example.go.th", {}),
    FieldKind.EMAIL: ("city@example.go.th", {}),
}


def _other_kinds(cycle, applications, copies: int) -> None:
    """``copies`` questions of each kind _form leaves out, answered by every one of ``applications``."""
    section = SectionFactory(cycle=cycle, position=cycle.sections.count() + 1)
    for n in range(copies):
        for kind, (value, options) in OTHER_KINDS.items():
            field = FieldFactory(section=section, key=f"{kind}_{n}", kind=kind, max_chars=None, **options)
            for application in applications:
                Answer.objects.create(application=application, field=field, value=value)


def test_the_export_takes_the_same_queries_for_1_or_3_questions_of_each_kind():
    few, many = CycleFactory(), CycleFactory()
    few_fields, many_fields = _form(few, copies=1), _form(many, copies=3)
    few_apps, many_apps = [entered(few) for _ in range(2)], [entered(many) for _ in range(2)]
    for application in few_apps:
        _answer(application, few_fields)
    for application in many_apps:
        for n in range(3):
            _answer(application, many_fields, n)
    _other_kinds(few, few_apps, copies=1)
    _other_kinds(many, many_apps, copies=3)
    assert len(_export(many_apps).headers) - len(_export(few_apps).headers) == 2 * (7 + 1 + 6)

    assert _queries(many_apps) == _queries(few_apps)


def test_the_admin_export_carries_the_answers_and_the_report_for_provinces_none(login_as, staff):
    cycle = CycleFactory()
    fields = _form(cycle)
    application = entered(cycle)
    _answer(application, fields)

    response = admin_export(login_as(staff), "submissions_application", [application.pk], "xlsx")
    header, row = openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    csv_response = admin_export(login_as(staff), "submissions_application", [application.pk], "csv")
    csv_header, csv_row = csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig")))
    report = LocalGovernmentResource().export(queryset=Application.objects.filter(pk=application.pk))

    assert (header[FIXED], row[FIXED + 1], row[FIXED + 3]) == ("คำถาม short_text 0", 120000, "15/09/2565")
    assert (csv_header[FIXED + 5], csv_row[FIXED + 5]) == ("คำถาม group 0", "สมชาย · หัวหน้า / สมหญิง · ผู้พัฒนา")
    # The province viewers' report shows which local governments applied, never what they answered.
    assert len(report.headers) == len(LocalGovernmentResource().get_export_headers())


def test_a_replaced_questions_answers_keep_their_own_column():
    cycle = CycleFactory()
    started = FieldFactory(
        section__cycle=cycle, key="started_on", kind=FieldKind.DATE, name_th="วันเริ่มดำเนินการ", max_chars=None
    )
    answered_before = entered(cycle)
    Answer.objects.create(application=answered_before, field=started, value="2022-01-31")
    replacement = replace_field(field=started, by=None)
    answered_after = entered(cycle)
    Answer.objects.create(application=answered_after, field=replacement, value="2022-03-01")

    dataset = _export([answered_before, answered_after])

    assert dataset.headers[FIXED:] == [
        "วันเริ่มดำเนินการ (ISO 8601)",
        f"วันเริ่มดำเนินการ ({thai('Buddhist Era')})",
        "วันเริ่มดำเนินการ (started_on_v2) (ISO 8601)",
        f"วันเริ่มดำเนินการ (started_on_v2) ({thai('Buddhist Era')})",
    ]
    rows = {row[0]: list(row[FIXED:]) for row in dataset}
    assert rows == {
        answered_before.reference: ["2022-01-31", "31/01/2565", "", ""],
        answered_after.reference: ["", "", "2022-03-01", "01/03/2565"],
    }
