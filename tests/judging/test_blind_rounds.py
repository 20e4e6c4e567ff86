"""What judges read of an application: the answers beside the criteria that read them, the rest of
the application, and, in a blind round, nothing that says who applied (the organisation, its
province, identifying answers and files), while staff keep reading everything."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from awards.enums import FieldKind, Visibility
from judging.reading import reading
from submissions.answers import Reader
from tests.factories import AnswerFactory, AttachmentFactory, FieldFactory, PartnerFactory, SectionFactory

from .test_views import answered, assign, criteria_of, declare, make_round

pytestmark = pytest.mark.django_db

ORGANISATION = "เทศบาลนครลับเฉพาะ"
LINKED = "คำตอบที่เกณฑ์ข้อแรกอ่าน"
OTHER = "คำตอบที่ไม่มีเกณฑ์ใดอ่าน"
IDENTIFYING = "นายกเทศมนตรีสมศักดิ์ผู้นำโครงการ"
STAFF_ONLY = "เบอร์โทรภายในของผู้ประสานงาน"


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def judged(judge, *, blind: bool):
    """A judge's answered assignment in a round (blind or not) whose application answered a question
    linked to the first criterion, an unlinked one, an identifying one, a staff-only one, and an
    identifying file question, with a general attachment too."""
    round_ = make_round()
    round_.blind = blind
    round_.save()
    assignment = assign(
        round_, judge, organisation__name=ORGANISATION, organisation__name_en="Secret City", reference="SCSA-T-001"
    )
    application = assignment.application
    section = SectionFactory(cycle=round_.cycle, position=2, name_th="แนวคิด")
    linked = FieldFactory(section=section, name_th="ปัญหาที่แก้")
    linked.criteria.add(criteria_of(round_)[0])
    fields = {
        LINKED: linked,
        OTHER: FieldFactory(section=section, name_th="แผนต่อไป"),
        IDENTIFYING: FieldFactory(section=section, name_th="ผู้นำโครงการ", identifying=True),
        STAFF_ONLY: FieldFactory(section=section, name_th="ติดต่อภายใน", visibility=Visibility.STAFF),
    }
    for value, field in fields.items():
        AnswerFactory(application=application, field=field, value=value)
    logo = FieldFactory(section=section, kind=FieldKind.FILE, name_th="ตราหน่วยงาน", identifying=True, max_chars=None)
    files = {
        "logo": AttachmentFactory(application=application, field=logo, original_name="ตราเทศบาล.pdf"),
        "general": AttachmentFactory(application=application, original_name="แผนผังระบบ.pdf"),
    }
    PartnerFactory(application=application, name="บริษัท พันธมิตรลับ จำกัด")
    declare(judge, round_.cycle)
    answered(assignment)
    return assignment, files


def page(client, name, assignment) -> str:
    response = client.get(reverse(name, args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_scoring_page_shows_the_application_apart_and_each_criterion_points_to_its_answers(judge, login_as, media):
    assignment, _files = judged(judge, blind=False)

    response = login_as(judge).get(reverse("judging:score", args=[assignment.pk]))

    first, second = response.context["blocks"][0][1]
    assert [item.text for item in first[0].readings] == [LINKED]
    assert list(second[0].readings) == []
    others = [item.text for block in response.context["reading"].others for item in block.items]
    assert others == [OTHER, IDENTIFYING, ""]  # the file question's answer is its files
    # The application's text is one column, read before the scores; the criterion links to its answer.
    page_text = response.content.decode()
    key = first[0].readings[0].key
    criterion = page_text.index(criteria_of(assignment.round)[0].name_th)
    assert page_text.index(f'id="answer-{key}"') < page_text.index(LINKED) < page_text.index(OTHER) < criterion
    assert page_text.index(f'href="#answer-{key}"') > criterion


def test_open_round_shows_the_judge_who_applied_and_identifying_answers_but_not_staff_only_ones(judge, login_as, media):
    assignment, _files = judged(judge, blind=False)

    text = page(login_as(judge), "judging:score", assignment)

    for shown in (ORGANISATION, "กรุงเทพมหานคร", IDENTIFYING, "ตราเทศบาล.pdf", LINKED, OTHER):
        assert shown in text
    assert STAFF_ONLY not in text


def test_blind_round_scoring_page_withholds_who_applied(judge, login_as, media):
    assignment, _files = judged(judge, blind=True)

    text = page(login_as(judge), "judging:score", assignment)

    for withheld in (ORGANISATION, "Secret City", "กรุงเทพมหานคร", IDENTIFYING, "ตราเทศบาล.pdf", STAFF_ONLY):
        assert withheld not in text
    for shown in ("SCSA-T-001", LINKED, OTHER, "แผนผังระบบ.pdf"):
        assert shown in text


def test_blind_round_gate_names_neither_the_organisation_nor_its_partners(judge, login_as, media):
    assignment, _files = judged(judge, blind=True)
    assignment.conflict_answer = "pending"
    assignment.save()

    text = page(login_as(judge), "judging:assignment", assignment)

    for withheld in (ORGANISATION, "Secret City", "กรุงเทพมหานคร", "บริษัท พันธมิตรลับ จำกัด"):
        assert withheld not in text
    assert "SCSA-T-001" in text and assignment.application.title_th in text


def test_blind_round_identifying_file_is_404_for_the_judge_and_a_general_one_is_served(judge, login_as, media):
    assignment, files = judged(judge, blind=True)
    client = login_as(judge)

    logo = client.get(reverse("judging:attachment", args=[assignment.pk, files["logo"].pk]))
    general = client.get(reverse("judging:attachment", args=[assignment.pk, files["general"].pk]))

    assert (logo.status_code, general.status_code) == (404, 200)


@pytest.mark.parametrize("blind", [True, False])
def test_a_general_attachment_marked_identifying_is_withheld_from_judges_only_in_a_blind_round(
    judge, staff, login_as, media, blind
):
    assignment, _files = judged(judge, blind=blind)
    letter = AttachmentFactory(application=assignment.application, original_name="หนังสือนำส่ง.pdf", identifying=True)
    client = login_as(judge)

    text = page(client, "judging:score", assignment)
    download = client.get(reverse("judging:attachment", args=[assignment.pk, letter.pk]))
    staff_files = reading(assignment.application, round=assignment.round, reader=Reader.STAFF).files

    assert ("หนังสือนำส่ง.pdf" in text, download.status_code) == ((False, 404) if blind else (True, 200))
    assert "แผนผังระบบ.pdf" in text  # the general attachment not marked is read either way
    assert letter in staff_files


def test_open_round_identifying_file_is_served_to_the_judge(judge, login_as, media):
    assignment, files = judged(judge, blind=False)

    response = login_as(judge).get(reverse("judging:attachment", args=[assignment.pk, files["logo"].pk]))

    assert response.status_code == 200


def test_blind_round_discussion_withholds_who_applied_from_the_judge_but_not_from_staff(judge, staff, login_as, media):
    assignment, _files = judged(judge, blind=True)
    from judging.services.scoring import save_scorecard

    criteria = criteria_of(assignment.round)
    save_scorecard(assignment=assignment, steps={c.pk: 1 for c in criteria}, comments={}, submit=True, by=judge)
    url = reverse("judging:discussion", args=[assignment.round.pk, assignment.application.pk])

    judge_text = login_as(judge).get(url).content.decode()
    staff_text = login_as(staff).get(url).content.decode()

    assert ORGANISATION not in judge_text and IDENTIFYING not in judge_text and LINKED in judge_text
    assert ORGANISATION in staff_text and IDENTIFYING in staff_text and STAFF_ONLY in staff_text


def test_reading_for_staff_keeps_everything_in_a_blind_round(judge, media):
    assignment, files = judged(judge, blind=True)

    staff = reading(assignment.application, round=assignment.round, reader=Reader.STAFF)
    judges = reading(assignment.application, round=assignment.round)

    assert (staff.blind, staff.label) == (False, ORGANISATION)
    assert (judges.blind, judges.label, judges.province) == (True, "SCSA-T-001", "")
    assert {file.pk for file in staff.files} == {files["logo"].pk, files["general"].pk}
    assert {file.pk for file in judges.files} == {files["general"].pk}


def _scoring_page_queries(judge, client, per_kind: int) -> int:
    """The scoring page's queries for an application with ``per_kind`` questions of every kind,
    each answered and linked to a criterion."""
    round_ = make_round((Decimal(4), Decimal(6)))
    assignment = assign(round_, judge)
    criteria = criteria_of(round_)
    options = [{"value": "app", "th": "แอปพลิเคชัน", "en": "App"}, {"value": "web", "th": "เว็บไซต์", "en": "Web"}]
    columns = [{"key": "name", "th": "ชื่อ", "en": "Name"}]
    kinds = {
        FieldKind.SHORT_TEXT: ("ข้อความ", {}),
        FieldKind.LONG_TEXT: ("ข้อความยาว", {}),
        FieldKind.NUMBER: ("120000", {"unit_th": "คน"}),
        FieldKind.MONEY: ("1250000.50", {}),
        FieldKind.DATE: ("2022-01-15", {}),
        FieldKind.CHOICE: ("app", {"choices": options}),
        FieldKind.CHOICES: (["app", "web"], {"choices": options}),
        FieldKind.YES_NO: ("yes", {}),
        FieldKind.URL: ("https://example.com", {}),
        FieldKind.EMAIL: ("city@example.com", {}),
        FieldKind.PROVINCE: ("40", {}),
        FieldKind.GROUP: ([{"name": "สมชาย"}], {"columns": columns}),
    }
    for number in range(per_kind):
        for kind, (value, extra) in kinds.items():
            field = FieldFactory(section__cycle=round_.cycle, kind=kind, max_chars=None, **extra)
            field.criteria.add(criteria[number % 2])
            AnswerFactory(application=assignment.application, field=field, value=value)
        files = FieldFactory(section__cycle=round_.cycle, kind=FieldKind.FILE, max_chars=None)
        files.criteria.add(criteria[number % 2])
        AttachmentFactory(application=assignment.application, field=files)
        AttachmentFactory(application=assignment.application)
    declare(judge, round_.cycle)
    answered(assignment)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("judging:score", args=[assignment.pk]))
    text = response.content.decode()
    # Each kind is shown as a person reads it.
    for shown in ("120,000 คน", "1,250,000.50 บาท", "แอปพลิเคชัน, เว็บไซต์", "ขอนแก่น", "สมชาย"):
        assert text.count(shown) >= per_kind
    return len(queries)


def test_scoring_page_queries_do_not_grow_with_the_questions(judge, login_as, media):
    client = login_as(judge)

    one = _scoring_page_queries(judge, client, 1)
    three = _scoring_page_queries(judge, client, 3)

    assert one == three


def test_staff_round_page_says_which_rounds_are_blind(staff, login_as):
    blind, _open = make_round(), make_round()
    blind.blind = True
    blind.save()

    response = login_as(staff).get(reverse("judging:staff_index"))

    cells = re.findall(r'data-testid="round-review">([^<]*)<', response.content.decode())
    assert sorted(cells) == sorted(
        [gettext("Blind: judges do not see who applied"), gettext("Open: judges see who applied")]
    )
