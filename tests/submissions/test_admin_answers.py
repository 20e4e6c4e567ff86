"""Staff read an application's answers in admin as people read them (submissions.answers, Reader.STAFF):
section by section, dates in the Buddhist era, options by their labels, a file question's files as links."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards.enums import FieldKind
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AttachmentFactory,
    FieldFactory,
    SectionFactory,
    facts_field,
)
from tests.test_admin_thai import visible_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def application():
    application = ApplicationFactory()
    cycle = application.cycle
    started = facts_field(cycle, section_position=1)
    AnswerFactory(application=application, field=started, value="2022-01-15")
    section = SectionFactory(cycle=cycle, position=2, name_th="รายละเอียด")
    budget = FieldFactory(
        section=section, key="budget", kind=FieldKind.MONEY, max_chars=None, unit_th="บาท", min_value=Decimal(0)
    )
    AnswerFactory(application=application, field=budget, value="1250000")
    FieldFactory(section=section, key="problem", name_th="ปัญหาที่เมืองพบ")
    photos = FieldFactory(section=section, key="photos", kind=FieldKind.FILE, max_chars=None, name_th="ภาพถ่าย")
    AttachmentFactory(application=application, field=photos, original_name="ภาพหน้างาน.pdf")
    AttachmentFactory(application=application, original_name="แผนผังระบบ.pdf")
    return application


def test_application_admin_shows_answers_as_people_read_them(login_as, staff, application):
    response = login_as(staff).get(reverse("admin:submissions_application_change", args=[application.pk]))
    html = response.content.decode()
    text = visible_text(html)

    assert "1. " in text and "2. รายละเอียด" in text
    assert "15 มกราคม 2565" in text
    assert "1,250,000 บาท" in text
    assert "data-answer='problem'>—<" in html
    photo = application.attachments.get(field__key="photos")
    assert reverse("admin:submissions_attachment_download", args=[photo.pk]) in html
    assert text.index("ภาพถ่าย") < text.index("ภาพหน้างาน.pdf")


def test_application_admin_names_the_question_each_file_answers(login_as, staff, application):
    response = login_as(staff).get(reverse("admin:submissions_application_change", args=[application.pk]))
    rows = {
        str(form.instance.original_name): form.instance
        for form in response.context["inline_admin_formsets"][-1].formset.forms
    }
    assert set(rows) == {"ภาพหน้างาน.pdf", "แผนผังระบบ.pdf"}
    text = visible_text(response.content.decode())
    assert "เอกสารแนบทั่วไป" in text


def test_answer_admin_shows_the_answer_as_text(login_as, staff, application):
    answer = application.answers.get(field__key="budget")
    response = login_as(staff).get(reverse("admin:submissions_answer_change", args=[answer.pk]))
    assert "1,250,000 บาท" in visible_text(response.content.decode())
