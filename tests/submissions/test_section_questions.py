"""The section page with one question of every kind: each control, what bad input says beside its
question (with everything else typed kept), conditional questions, file questions and what the page
costs in queries."""

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from awards.enums import FieldKind
from submissions.models import Answer, Attachment
from submissions.services import applications as services
from tests.factories import FieldFactory, SectionFactory

from .test_applications import make_cycle, make_organisation
from .test_filetypes import minimal_pdf

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
MODES = [
    {"value": "app", "th": "แอปพลิเคชัน", "en": "Mobile application"},
    {"value": "web", "th": "เว็บไซต์", "en": "Website"},
    {"value": "other", "th": "อื่น ๆ", "en": "Other"},
]
CHANNELS = [{"value": "line", "th": "LINE", "en": "LINE"}, {"value": "phone", "th": "โทรศัพท์", "en": "Telephone"}]
COLUMNS = [
    {"key": "name", "th": "ชื่อหน่วยงาน", "en": "Name"},
    {"key": "kind", "th": "ประเภท", "en": "Type", "choices": [{"value": "public", "th": "ภาครัฐ", "en": "Public"}]},
]


def every_kind(section, suffix=""):
    """One question of every kind in ``section`` (keys end with ``suffix``)."""

    def make(key, kind, **options):
        return FieldFactory(
            section=section, key=f"{key}{suffix}", kind=kind, name_en=key, **{"required": False, **options}
        )

    area = make("area", FieldKind.SHORT_TEXT, max_chars=20, help_th="เช่น ทั้งเมือง", help_en="For example, the city.")
    make("story", FieldKind.LONG_TEXT, max_chars=600)
    make(
        "people",
        FieldKind.NUMBER,
        max_chars=None,
        unit_th="คน",
        unit_en="people",
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
    )
    make("budget", FieldKind.MONEY, max_chars=None)
    make("started", FieldKind.DATE, max_chars=None)
    mode = make("mode", FieldKind.CHOICE, max_chars=None, choices=MODES)
    make("mode_other", FieldKind.SHORT_TEXT, max_chars=100, condition_field=mode, condition_values=["other"])
    make("channels", FieldKind.CHOICES, max_chars=None, choices=CHANNELS)
    make("open", FieldKind.YES_NO, max_chars=None)
    make("website", FieldKind.URL, max_chars=None)
    make("email", FieldKind.EMAIL, max_chars=None)
    make("province", FieldKind.PROVINCE, max_chars=None)
    make("partners", FieldKind.GROUP, max_chars=None, columns=COLUMNS, max_rows=3)
    make("photos", FieldKind.FILE, max_chars=None, file_kinds=["png", "jpeg"], max_file_mb=1, max_rows=2)
    return area


@pytest.fixture
def application(applicant):
    cycle = make_cycle(sections=1)
    every_kind(SectionFactory(cycle=cycle, position=5, name_th="รายละเอียดเพิ่มเติม"))
    return services.start_application(
        organisation=make_organisation(applicant),
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
        by=applicant,
    )


def url(application, prefix="/en", number=5):
    return f"{prefix}/my/applications/{application.pk}/sections/{number}/"


def page_values(**values):
    """What the page posts: every question of the section with its version 0, blank unless given."""
    keys = ["area", "story", "people", "budget", "started", "mode", "channels", "open", "website", "email"]
    data = {f"{key}__version": 0 for key in [*keys, "province", "partners"]}
    data.update({key: "" for key in keys})
    data.update({"province": "", "partners-0-name": "", "partners-0-kind": ""})
    data.update(values)
    return data


def saved(application, key):
    answer = Answer.objects.filter(application=application, field__key=key).first()
    return answer.value if answer else None


def png_bytes(size=(4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 61, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_every_kind_has_its_control(login_as, applicant, application):
    html = login_as(applicant).get(url(application)).content.decode()

    assert re.search(r'<input type="text" name="area" id="id_area" value="" class="form-control"', html)
    assert 'data-max-chars="600" data-counter="counter-story"' in html
    assert 'name="people" id="id_people" value="" class="form-control" inputmode="numeric"' in html
    assert '<span class="input-group-text" id="unit-people">people</span>' in html
    assert 'name="budget" id="id_budget" value="" class="form-control" inputmode="decimal"' in html
    assert '<span class="input-group-text" id="unit-budget">baht</span>' in html
    assert (
        'name="started" id="id_started" value="" class="form-control" inputmode="numeric" placeholder="dd/mm/yyyy"'
        in html
    )
    assert html.count('type="radio" name="mode"') == 3
    assert html.count('type="checkbox" name="channels"') == 2
    assert html.count('type="radio" name="open"') == 2
    assert '<input type="url" name="website" id="id_website" value="" class="form-control" inputmode="url"' in html
    assert '<input type="email" name="email" id="id_email" value="" class="form-control" inputmode="email"' in html
    provinces = re.findall(r'<option value="(\d\d)"', html[html.index('name="province"') :])
    assert len(provinces) == 77
    assert provinces[:2] == ["81", "10"]  # กระบี่, then กรุงเทพมหานคร: Thai dictionary order
    assert 'name="partners-1-name"' in html and 'name="partners-2-name"' not in html.replace("partners-2-", "", 0)
    assert 'accept=".png,.jpg,image/png,image/jpeg"' in html
    assert "PNG, JPEG, up to 1 MB each; at most 2 files" in html
    assert '<div class="form-text question-help" id="help-area">For example, the city.</div>' in html
    assert 'aria-describedby="help-area status-area"' in html


def test_a_date_question_says_how_to_type_it_in_visible_text(login_as, applicant, application):
    client = login_as(applicant)

    english = client.get(url(application)).content.decode()
    thai = client.get(url(application, prefix="")).content.decode()

    assert '<div class="form-text" id="format-started">Day/month/year, for example 15/09/2022</div>' in english
    assert '<div class="form-text" id="format-started">วัน/เดือน/ปี พ.ศ. เช่น 15/09/2565</div>' in thai
    assert re.search(r'id="id_started"[^>]* aria-describedby="format-started status-started"', english)


def test_a_group_offers_its_rows_and_two_empty_ones_up_to_its_limit(login_as, applicant, application):
    client = login_as(applicant)
    client.post(url(application), page_values(**{"partners-0-name": "เทศบาล", "partners-0-kind": "public"}))

    html = client.get(url(application)).content.decode()

    assert 'name="partners-0-name" id="partners-0-name" value="เทศบาล"' in html
    assert 'name="partners-2-name"' in html and 'name="partners-3-name"' not in html
    assert saved(application, "partners") == [{"name": "เทศบาล", "kind": "public"}]


def test_a_buddhist_era_date_is_stored_as_the_day_it_names(login_as, applicant, application):
    client = login_as(applicant)

    response = client.post(url(application, prefix=""), page_values(started="15/09/2565", save=""))

    assert response.status_code == 302
    assert saved(application, "started") == "2022-09-15"
    assert 'value="15/09/2565"' in client.get(url(application, prefix="")).content.decode()
    assert 'value="15/09/2022"' in client.get(url(application)).content.decode()


def test_a_saved_number_reads_back_grouped_as_people_write_it(login_as, applicant, application):
    client = login_as(applicant)

    client.post(url(application), page_values(people="120000", budget="1800000", save=""))

    assert (saved(application, "people"), saved(application, "budget")) == ("120000", "1800000.00")
    html = client.get(url(application)).content.decode()
    assert 'value="120,000"' in html and 'value="1,800,000.00"' in html


def test_every_good_answer_is_stored_in_its_kind(login_as, applicant, application):
    response = login_as(applicant).post(
        url(application),
        page_values(
            area="ทั้งเมือง",
            people="๑๒,๐๐๐",
            budget="1,250,000.5",
            mode="web",
            channels=["phone", "line"],
            open="yes",
            website="www.example.go.th",
            email="office@example.go.th",
            province="30",
            save="",
        ),
    )

    assert response.status_code == 302
    assert [saved(application, key) for key in ("area", "people", "budget", "mode", "channels", "open")] == [
        "ทั้งเมือง",
        "12000",
        "1250000.50",
        "web",
        ["line", "phone"],
        "yes",
    ]
    assert [saved(application, key) for key in ("website", "email", "province")] == [
        "https://www.example.go.th",
        "office@example.go.th",
        "30",
    ]


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("people", "12.5", "Give a whole number, without decimals."),
        ("people", "2000000", "The largest number accepted is 1,000,000 people."),
        ("people", "-1", "The smallest number accepted is 0 people."),
        ("people", "many", "Enter a number, for example 1,250 or 1250.50."),
        ("budget", "12.345", "Give at most 2 decimal places."),
        ("started", "31/02/2565", "The date 31/02/2565 does not exist: check the day and the month."),
        ("mode", "bus", "Choose one of the options listed."),
        ("channels", ["line", "fax"], "Choose among the options listed."),
        ("open", "maybe", "Answer yes or no."),
        ("website", "not a web address", "Enter a web address, for example https://www.example.go.th"),
        ("email", "office@", "Enter an e-mail address, for example name@example.go.th"),
        ("province", "99", "Choose a province from the list."),
        ("partners-0-kind", "alien", "Choose one of the options listed."),
        ("area", "ก" * 21, "This answer is limited to 20 characters; it has 21. Shorten it and save again."),
    ],
)
def test_bad_input_is_refused_beside_its_question_and_the_rest_is_kept(
    login_as, applicant, application, key, typed, message
):
    question = key.split("-")[0]
    others = {"story": "เรื่องเล่าของเมือง"} if question != "story" else {}
    if question != "area":
        others["area"] = "ทั้งเมือง"

    response = login_as(applicant).post(url(application), page_values(**others, **{key: typed}, save=""))
    html = response.content.decode()

    assert response.status_code == 200
    error = f'<div class="invalid-feedback d-block" id="error-{question}" data-testid="question-error">'
    assert f"{error}{message}</div>" in html.replace("&#x27;", "'")
    assert f'<li><a href="#id_{question}">' in html  # the summary links to the question
    assert f"error-{question}" in re.search(rf'id="(id_{question})"[^>]*', html).group(0) or question in ("partners",)
    assert saved(application, question) is None
    if question != "area":
        assert saved(application, "area") == "ทั้งเมือง"
        assert 'value="ทั้งเมือง"' in html
    assert "เรื่องเล่าของเมือง</textarea>" in html or question == "story"
    if question not in ("mode", "channels", "open", "province", "partners"):
        assert f'value="{typed}"' in html  # an option posted by hand that the form lacks is not shown again


def test_the_error_summary_comes_first_and_is_focusable(login_as, applicant, application):
    html = login_as(applicant).post(url(application), page_values(people="many", save="")).content.decode()

    assert html.index('data-testid="error-summary"') < html.index('id="q-area"')
    assert '<div class="alert alert-danger" role="alert" tabindex="-1" data-testid="error-summary">' in html


def test_a_hidden_question_posted_anyway_is_not_saved(login_as, applicant, application):
    response = login_as(applicant).post(
        url(application), page_values(mode="web", mode_other="ส่งมาเอง", mode_other__version=0, save="")
    )

    assert response.status_code == 302
    assert (saved(application, "mode"), saved(application, "mode_other")) == ("web", None)


def test_a_conditional_question_is_hidden_until_its_condition_holds(login_as, applicant, application):
    client = login_as(applicant)
    hidden = client.get(url(application)).content.decode()

    client.post(url(application), page_values(mode="other", mode_other="ตู้บริการ", mode_other__version=0))
    shown = client.get(url(application)).content.decode()

    question = re.compile(r'<div class="question mb-4" id="q-mode_other"[^>]*>')
    assert 'data-condition-key="mode" data-condition-values="other" hidden' in question.search(hidden).group(0)
    assert re.search(r'name="mode_other" id="id_mode_other"[^>]* disabled', hidden)
    assert " hidden" not in question.search(shown).group(0)
    assert saved(application, "mode_other") == "ตู้บริการ"


def test_autosave_of_one_question_saves_it_alone(login_as, applicant, application):
    client = login_as(applicant)

    response = client.post(url(application), {"people": "250", "people__version": 0}, headers=HTMX)
    html = response.content.decode()

    assert response.status_code == 200
    assert 'id="version-people" value="1" hx-swap-oob="true"' in html
    assert 'id="status-people"' in html and 'id="status-area"' not in html
    assert [saved(application, "people"), saved(application, "area")] == ["250", None]


def test_autosave_of_a_wrong_number_says_why_and_saves_nothing(login_as, applicant, application):
    response = login_as(applicant).post(url(application), {"people": "12.5", "people__version": 0}, headers=HTMX)

    assert response.status_code == 200
    assert '<span class="text-danger">Give a whole number, without decimals.</span>' in response.content.decode()
    assert saved(application, "people") is None


# File questions


def upload(client, application, key, name, content, prefix="/en"):
    return client.post(
        f"{prefix}/my/applications/{application.pk}/attachments/",
        {"field": key, "file": SimpleUploadedFile(name, content)},
    )


def test_a_file_question_takes_a_file_of_its_kinds(login_as, applicant, application, media):
    client = login_as(applicant)

    response = upload(client, application, "photos", "ภาพบริการ.png", png_bytes())
    html = client.get(url(application)).content.decode()

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/my/applications/{application.pk}/sections/5/#q-photos"
    assert (attachment.field.key, attachment.original_name) == ("photos", "ภาพบริการ.png")
    assert "ภาพบริการ.png" in html and f'form="remove-{attachment.pk}"' in html


def test_a_file_stopped_before_it_was_read_is_named_beside_the_question(
    login_as, applicant, application, media, settings
):
    # Over the site's limit, the upload handler stops reading: the file never reaches request.FILES.
    settings.ATTACHMENT_MAX_BYTES = 100 * 1024

    response = upload(login_as(applicant), application, "photos", "ภาพใหญ่.png", png_bytes() + b"\0" * 300 * 1024)

    assert response.status_code == 200
    assert response.wsgi_request.upload_handlers[0].exceeded
    assert 'id="error-photos" data-testid="question-error">“ภาพใหญ่.png” was not added: The file is ' in (
        response.content.decode()
    )
    assert Attachment.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "แผน.png",
            minimal_pdf(),
            "“แผน.png” was not added: This question accepts only PNG, JPEG files, and this file is a PDF file. "
            "Save it in one of those formats and upload it again.",
        ),
        (
            "ใหญ่.png",
            png_bytes() + b"\0" * (1024 * 1024),
            "“ใหญ่.png” was not added: The file is 1.1 MB; the limit is 1 MB. Make it smaller (for example, compress "
            "the pictures or split it in two) and upload it again.",
        ),
    ],
)
def test_a_file_question_refuses_a_file_beside_the_question(
    login_as, applicant, application, media, name, content, message
):
    response = upload(login_as(applicant), application, "photos", name, content)
    html = response.content.decode()

    assert response.status_code == 200
    assert f'id="error-photos" data-testid="question-error">{message}</div>' in html
    assert 'id="q-photos"' in html and Attachment.objects.count() == 0
    assert not any(path.is_file() for path in media.rglob("*"))


def test_a_file_question_takes_no_more_files_than_its_limit(login_as, applicant, application, media):
    client = login_as(applicant)
    upload(client, application, "photos", "1.png", png_bytes())
    upload(client, application, "photos", "2.png", png_bytes())

    response = upload(client, application, "photos", "3.png", png_bytes())

    assert "This question takes at most 2 files: remove one of them before adding another." in response.content.decode()
    assert Attachment.objects.count() == 2
    assert "This question has all the files it takes" in client.get(url(application)).content.decode()


def test_removing_a_file_of_a_question_goes_back_to_its_section(login_as, applicant, application, media):
    client = login_as(applicant)
    upload(client, application, "photos", "1.png", png_bytes())
    attachment = Attachment.objects.get()

    response = client.post(f"/en/my/applications/{application.pk}/attachments/{attachment.pk}/delete/")

    assert response["Location"] == f"/en/my/applications/{application.pk}/sections/5/#q-photos"
    assert Attachment.objects.count() == 0


def test_a_file_for_a_question_of_another_edition_is_404(login_as, applicant, application, media):
    other = FieldFactory(key="elsewhere", kind=FieldKind.FILE)

    response = upload(login_as(applicant), application, other.key, "1.png", png_bytes())

    assert response.status_code == 404
    assert Attachment.objects.count() == 0


def test_a_file_posted_anyway_to_a_question_hidden_by_its_condition_is_refused(login_as, applicant, application, media):
    mode = application.cycle.fields.get(key="mode")
    FieldFactory(
        section=mode.section,
        key="kiosk_photos",
        kind=FieldKind.FILE,
        name_en="kiosk_photos",
        max_chars=None,
        condition_field=mode,
        condition_values=["other"],
    )
    client = login_as(applicant)
    client.post(url(application), page_values(mode="web", save=""))

    html = upload(client, application, "kiosk_photos", "1.png", png_bytes()).content.decode()

    assert Attachment.objects.count() == 0
    refusal = "This question does not take files, or is not asked of this application."
    assert f'<li><a href="#id_kiosk_photos">kiosk_photos</a>: {refusal}</li>' in html  # in the summary


def test_files_of_questions_do_not_count_against_the_general_attachments(login_as, applicant, application, media):
    client = login_as(applicant)
    upload(client, application, "photos", "1.png", png_bytes())

    html = client.get(f"/en/my/applications/{application.pk}/attachments/").content.decode()

    assert "0 of 10 files" in html and 'data-testid="attachment-row"' not in html


# Cost


def test_section_page_queries_do_not_grow_with_its_questions(login_as, applicant, application):
    client = login_as(applicant)
    section = application.cycle.sections.get(position=5)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(application)).status_code == 200
    every_kind(section, suffix="_2")
    every_kind(section, suffix="_3")
    with CaptureQueriesContext(connection) as three:
        response = client.get(url(application))

    assert len(response.context["controls"]) == 3 * 14
    assert len(three) == len(one)


def test_the_section_page_speaks_thai(login_as, applicant, application):
    html = login_as(applicant).get(url(application, prefix="")).content.decode()

    assert '<span class="input-group-text" id="unit-budget">บาท</span>' in html
    assert '<option value="">เลือกจังหวัด</option>' in html
    assert "PNG, JPEG ขนาดไม่เกินไฟล์ละ 1 MB ไม่เกิน 2 ไฟล์" in html
    assert "ไม่เกิน 3 แถว เว้นแถวที่ไม่ใช้ให้ว่างไว้" in html
    assert 'placeholder="วว/ดด/ปปปป"' in html or 'placeholder="dd/mm/yyyy"' not in html
    for english in ("Choose", "Upload<", "baht", "At most", "No files"):
        assert english not in html.split("<main", 1)[1], english
