"""The application form end to end: drafts, conflicts, deadlines, eligibility, submission."""

import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards.eligibility import latest_qualifying_start
from awards.enums import FieldKind, MilestoneKind
from awards.models import Field, Section
from submissions.enums import ApplicationStatus, MemberRole, OrganisationKind
from submissions.models import Answer, Application, Province
from submissions.selectors import form_field, open_for_changes_at
from submissions.services import answers as answer_services
from submissions.services import applications as services
from submissions.services.attachments import add_attachment
from tests.factories import (
    CategoryFactory,
    CycleFactory,
    FieldFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
    facts_field,
)
from tests.frame import keep_organiser_frame

pytestmark = pytest.mark.django_db


def make_organisation(*members, name="เทศบาลนครตัวอย่าง"):
    organisation = OrganisationFactory(
        name=name,
        kind=OrganisationKind.CITY_MUNICIPALITY,
        province=Province.objects.get(code="30"),
        address="1 ถนนตัวอย่าง",
        contact_name="สมชาย",
        contact_phone="044 000 000",
    )
    for index, user in enumerate(members):
        MembershipFactory(
            user=user, organisation=organisation, role=MemberRole.OWNER if index == 0 else MemberRole.EDITOR
        )
    return organisation


def make_cycle(*, deadline=None, sections=2):
    """An open 2026 edition: ``sections`` sections of one required long answer each (50 characters,
    keys answer_1, answer_2, ...), then the call's start date with its six-month rule in its own."""
    cycle = CycleFactory(year=2026, reference_prefix="SCSA")
    deadline = deadline or timezone.now() + timedelta(days=30)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=deadline)
    CategoryFactory(cycle=cycle, code="MOB", name_th="การเดินทางอัจฉริยะ")
    for position in range(1, sections + 1):
        section = SectionFactory(cycle=cycle, position=position, name_th=f"หัวข้อ {position}")
        FieldFactory(section=section, key=f"answer_{position}", name_th=f"คำตอบ {position}", max_chars=50)
    facts = facts_field(cycle, section_position=sections + 1, required=True).section
    facts.name_th = "ข้อมูลผลงาน"
    facts.save()
    return cycle


def start_draft(applicant, cycle=None):
    """A draft of ``applicant``'s own new organisation in ``cycle`` (a new open 2026 edition if none)."""
    cycle = cycle or make_cycle()
    return services.start_application(
        organisation=make_organisation(applicant),
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ก",
        by=applicant,
    )


@pytest.fixture
def cycle():
    return make_cycle()


@pytest.fixture
def organisation(applicant):
    return make_organisation(applicant)


@pytest.fixture
def application(cycle, organisation, applicant):
    return services.start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
        by=applicant,
    )


def answer(application, key, value, by, version=0):
    """Save one question's answer as the form would (typed text in, cleaned and stored)."""
    field = Field.objects.get(cycle=application.cycle, key=key)
    result = answer_services.save_section(
        application=application, section=field.section, raw={key: value}, versions={key: version}, by=by
    )
    assert result.ok, (result.errors, result.conflicts)
    return result.saved.get(key)


def complete(application, by):
    """Every question answered: each long answer and a start date well before the deadline."""
    for field in Field.objects.filter(cycle=application.cycle):
        answer(application, field.key, "01/01/2563" if field.key == "started_on" else "คำตอบ", by)


def value_of(application, key):
    return Answer.objects.get(application=application, field__key=key).value


def section_url(application, number=1, prefix=""):
    return f"{prefix}/my/applications/{application.pk}/sections/{number}/"


def test_start_application_creates_draft(login_as, applicant, cycle, organisation):
    response = login_as(applicant).post(
        f"/my/start/{cycle.slug}/", {"category": cycle.categories.get().pk, "title_th": "โครงการทดสอบ"}
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/my/applications/{application.pk}/"
    assert (application.status, application.organisation, application.created_by) == ("draft", organisation, applicant)


def test_start_application_without_organisation_goes_to_organisation(login_as, applicant, cycle):
    response = login_as(applicant).get(f"/my/start/{cycle.slug}/")
    assert response.status_code == 302
    assert response["Location"] == f"/my/organisation/?next=%2Fmy%2Fstart%2F{cycle.slug}%2F"


def test_start_form_chooses_no_category_for_the_applicant(login_as, applicant, organisation):
    cycle = make_cycle()

    html = login_as(applicant).get(f"/en/my/start/{cycle.slug}/").content.decode()

    assert '<option value="" selected>Choose a category</option>' in html


def test_start_form_takes_the_category_of_the_link_followed(login_as, applicant, organisation):
    cycle = make_cycle()
    category = cycle.categories.get()

    html = login_as(applicant).get(f"/en/my/start/{cycle.slug}/?category={category.slug}").content.decode()

    assert f'<option value="{category.pk}" selected>' in html
    assert '<option value="" selected>' not in html


def test_start_without_a_category_is_refused_with_the_title_kept(login_as, applicant, organisation):
    cycle = make_cycle()

    response = login_as(applicant).post(f"/en/my/start/{cycle.slug}/", {"category": "", "title_th": "ผลงานของเรา"})

    assert response.status_code == 200
    assert response.context["form"].errors["category"] == ["This field is required."]
    assert 'value="ผลงานของเรา"' in response.content.decode()


def test_start_refused_when_cycle_closed(organisation, applicant):
    closed = make_cycle(deadline=timezone.now() - timedelta(days=1))
    with pytest.raises(services.ValidationError):
        services.start_application(
            organisation=organisation, cycle=closed, category=closed.categories.get(), title_th="x", by=applicant
        )


def posted(text, version=0, key="answer_1", **extra):
    """What the section page posts for its one long answer."""
    return {key: text, f"{key}__version": version, **extra}


def test_save_section_without_javascript(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), posted("ที่มาของโครงการ", save=""))
    assert response.status_code == 302
    assert response["Location"] == f"/my/applications/{application.pk}/"
    assert value_of(application, "answer_1") == "ที่มาของโครงการ"


def test_save_and_next_goes_to_next_section(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), posted("ก", save_next=""))
    assert response["Location"] == section_url(application, 2)


def test_section_page_saved_untouched_leaves_no_empty_answer(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), posted("", save=""))
    assert response.status_code == 302
    assert Answer.objects.count() == 0


def test_autosave_answers_status_and_new_version(login_as, applicant, application):
    client = login_as(applicant)
    first = client.post(section_url(application), posted("ร่างแรก"), headers={"HX-Request": "true"})
    second = client.post(section_url(application), posted("ร่างที่สอง", 1), headers={"HX-Request": "true"})
    html = second.content.decode()
    assert (first.status_code, second.status_code) == (200, 200)
    assert '<span id="status-answer_1" class="save-status" role="status" aria-live="polite" hx-swap-oob="true">' in html
    assert 'name="answer_1__version" id="version-answer_1" value="2" hx-swap-oob="true"' in html
    assert Answer.objects.get().value == "ร่างที่สอง"
    assert Answer.objects.get().version == 2


def test_two_tabs_never_overwrite_each_other(login_as, applicant, application):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    answer(application, "answer_1", "ข้อความของเพื่อน", colleague)

    response = login_as(applicant).post(section_url(application), posted("ข้อความของฉัน", save=""))
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-testid="edit-conflict"' in html
    assert "ข้อความของฉัน</textarea>" in html
    assert '<div class="their-answer preview-answer border rounded p-2 bg-body"' in html
    assert "ข้อความของเพื่อน</div>" in html
    assert 'name="answer_1__version" id="version-answer_1" value="1"' in html
    assert Answer.objects.get().value == "ข้อความของเพื่อน"


def test_autosave_conflict_answers_409(login_as, applicant, application):
    answer(application, "answer_1", "เดิม", applicant)
    response = login_as(applicant).post(section_url(application), posted("ใหม่"), headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert Answer.objects.get().value == "เดิม"


def test_text_over_limit_refused_and_kept(login_as, applicant, application):
    long_text = "ก" * 51
    response = login_as(applicant).post(section_url(application, prefix="/en"), posted(long_text, save=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This answer is limited to 50 characters; it has 51. Shorten it and save again." in html
    assert f"{long_text}</textarea>" in html
    assert Answer.objects.count() == 0


def test_save_after_deadline_refused_and_text_kept(login_as, applicant, organisation):
    cycle = make_cycle()
    application = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="x", by=applicant
    )
    cycle.milestones.update(starts_at=timezone.now() - timedelta(seconds=1))
    response = login_as(applicant).post(section_url(application, prefix="/en"), posted("ส่งช้า", save=""))
    html = response.content.decode()
    assert "The deadline has passed" in html
    assert "ส่งช้า</textarea>" in html
    assert Answer.objects.count() == 0


def test_deadline_edges_in_bangkok(applicant, organisation):
    deadline = timezone.make_aware(datetime(2026, 8, 31, 23, 59, 59))
    cycle = make_cycle()
    application = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="x", by=applicant
    )
    cycle.milestones.update(starts_at=deadline)
    application = Application.objects.prefetch_related("cycle__milestones").get(pk=application.pk)

    assert deadline.isoformat() == "2026-08-31T23:59:59+07:00"
    assert open_for_changes_at(application, deadline) is True
    assert open_for_changes_at(application, deadline + timedelta(seconds=1)) is False
    application.extended_until = deadline + timedelta(days=2)
    assert open_for_changes_at(application, deadline + timedelta(days=1)) is True


def test_personal_extension_reopens_the_door(applicant, staff, organisation):
    cycle = make_cycle()
    application = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="x", by=applicant
    )
    cycle.milestones.update(starts_at=timezone.now() - timedelta(hours=1))
    services.grant_extension(application=application, until=timezone.now() + timedelta(days=1), reason="ไฟดับ", by=staff)
    saved = answer(application, "answer_1", "ทันเวลา", applicant)
    assert saved.value == "ทันเวลา"
    assert application.history.first().history_change_reason == f"extension by {staff}: ไฟดับ"


def test_submit_lists_what_is_missing(login_as, applicant, application):
    response = login_as(applicant).get(f"/en/my/applications/{application.pk}/")
    problems = [str(problem) for problem in response.context["problems"]]
    assert problems == [
        "Answer “คำตอบ 1” in section 1: หัวข้อ 1.",
        "Answer “คำตอบ 2” in section 2: หัวข้อ 2.",
        "Answer “Date the service started serving the public” in section 3: ข้อมูลผลงาน.",
    ]


def test_an_answer_of_a_dash_is_still_missing(login_as, applicant, application):
    complete(application, applicant)
    answer(application, "answer_2", "-", applicant, version=1)

    problems = login_as(applicant).get(f"/en/my/applications/{application.pk}/").context["problems"]

    assert [str(problem) for problem in problems] == ["Answer “คำตอบ 2” in section 2: หัวข้อ 2."]


def test_submit_refuses_service_younger_than_six_months(applicant, application):
    complete(application, applicant)
    deadline = timezone.localtime(application.cycle.milestones.get().starts_at).date()
    answer(application, "started_on", (deadline - timedelta(days=30)).strftime("%d/%m/%Y"), applicant, version=1)
    latest = latest_qualifying_start(deadline, 6)
    with translation.override("en"), pytest.raises(services.ValidationError) as error:
        services.submit_application(application=application, by=applicant)
    assert error.value.messages == [
        "The service must have served the public for at least 6 months by the deadline: "
        f"it must have started on or before {latest.day} {latest:%B} {latest.year}."
    ]


def test_submit_gives_reference_and_mails_every_member(
    login_as, applicant, application, django_capture_on_commit_callbacks
):
    colleague = UserFactory(language="en")
    MembershipFactory(user=colleague, organisation=application.organisation)
    complete(application, applicant)

    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(applicant).post(f"/my/applications/{application.pk}/submit/")

    application.refresh_from_db()
    assert response.status_code == 302
    assert (application.status, application.reference) == (ApplicationStatus.SUBMITTED, "SCSA2569-MOB-001")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([applicant.email, colleague.email])
    english = next(m for m in mail.outbox if m.to == [colleague.email])
    assert english.subject == "Application received: SCSA2569-MOB-001"


def test_references_count_up_per_category(applicant, cycle, organisation):
    first = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="ก", by=applicant
    )
    second = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="ข", by=applicant
    )
    for application in (first, second):
        complete(application, applicant)
        services.submit_application(application=application, by=applicant)
    assert sorted(Application.objects.values_list("reference", flat=True)) == ["SCSA2569-MOB-001", "SCSA2569-MOB-002"]


def test_submitted_application_is_locked(login_as, applicant, application):
    complete(application, applicant)
    services.submit_application(application=application, by=applicant)
    response = login_as(applicant).post(section_url(application, prefix="/en"), posted("แก้", 1, save=""))
    assert "can no longer be changed" in response.content.decode()
    assert value_of(application, "answer_1") == "คำตอบ"


def test_withdraw_before_deadline(login_as, applicant, application):
    complete(application, applicant)
    services.submit_application(application=application, by=applicant)
    login_as(applicant).post(f"/my/applications/{application.pk}/withdraw/")
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_staff_reopen_keeps_reference(applicant, staff, application):
    complete(application, applicant)
    services.submit_application(application=application, by=applicant)
    services.reopen_application(application=application, by=staff)
    application.refresh_from_db()
    assert (application.status, application.reference) == (ApplicationStatus.DRAFT, "SCSA2569-MOB-001")


@pytest.mark.parametrize(
    ("method", "suffix"),
    [
        ("get", ""),
        ("get", "facts/"),
        ("post", "facts/"),
        ("get", "sections/1/"),
        ("post", "sections/1/"),
        ("get", "partners/"),
        ("post", "partners/"),
        ("get", "preview/"),
        ("post", "submit/"),
        ("post", "withdraw/"),
    ],
)
def test_another_organisation_gets_404(login_as, other_applicant, application, method, suffix):
    make_organisation(other_applicant, name="บริษัทอื่น")
    client = login_as(other_applicant)
    response = getattr(client, method)(f"/my/applications/{application.pk}/{suffix}")
    assert response.status_code == 404


def test_logged_out_goes_to_log_in(client, application):
    response = client.get(f"/my/applications/{application.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_dashboard_query_count_constant(login_as, applicant, cycle, organisation):
    client = login_as(applicant)
    category = cycle.categories.get()
    services.start_application(organisation=organisation, cycle=cycle, category=category, title_th="1", by=applicant)
    keep_organiser_frame()
    with CaptureQueriesContext(connection) as one:
        client.get("/my/")
    for title in ("2", "3"):
        services.start_application(
            organisation=organisation, cycle=cycle, category=category, title_th=title, by=applicant
        )
    with CaptureQueriesContext(connection) as three:
        response = client.get("/my/")
    assert len(response.context["applications"]) == 3
    assert len(three) == len(one)


def test_days_left_counts_bangkok_calendar_days():
    from submissions.selectors import days_left

    deadline = timezone.make_aware(datetime(2026, 8, 31, 23, 59, 59))
    assert days_left(deadline, timezone.make_aware(datetime(2026, 8, 31, 0, 0))) == 0
    assert days_left(deadline, timezone.make_aware(datetime(2026, 8, 30, 23, 0))) == 1
    assert days_left(deadline, deadline + timedelta(seconds=1)) is None


def test_dashboard_shows_days_left(login_as, applicant, application):
    response = login_as(applicant).get("/en/my/")
    assert response.status_code == 200
    assert "30 days left" in response.content.decode()


def png_bytes() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 61, 145)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_cover_image_upload_and_private_view(login_as, applicant, other_applicant, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login_as(applicant)
    response = client.post(
        f"/my/applications/{application.pk}/cover/",
        {"cover_image": SimpleUploadedFile("ภาพปก.png", png_bytes(), content_type="image/png")},
    )
    application.refresh_from_db()
    picture = client.get(f"/my/applications/{application.pk}/cover/")

    assert response.status_code == 302
    assert application.cover_image.name.startswith("covers/") and application.cover_image.name.endswith(".png")
    assert "ภาพปก" not in application.cover_image.name
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")
    assert b"".join(picture.streaming_content) == png_bytes()
    make_organisation(other_applicant, name="อื่น")
    client.logout()
    assert login_as(other_applicant).get(f"/my/applications/{application.pk}/cover/").status_code == 404


def test_cover_image_must_be_a_picture(login_as, applicant, application):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login_as(applicant).post(
        f"/en/my/applications/{application.pk}/cover/",
        {"cover_image": SimpleUploadedFile("x.png", b"%PDF-1.4\n%%EOF\n", content_type="image/png")},
        follow=True,
    )
    application.refresh_from_db()
    assert "The cover image must be a JPEG or PNG picture" in response.content.decode()
    assert application.cover_image.name == ""


def test_partners_saved_as_structured_list(login_as, applicant, application):
    data = {
        "form-TOTAL_FORMS": "3",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "30",
        "form-0-name": "มหาวิทยาลัยเทคโนโลยีสุรนารี",
        "form-0-kind": "academic",
        "form-0-province": Province.objects.get(code="30").pk,
        "form-1-name": "บริษัท ขนส่ง จำกัด",
        "form-1-kind": "company",
        "form-1-province": "",
        "form-2-name": "",
        "form-2-kind": "",
        "form-2-province": "",
    }
    response = login_as(applicant).post(f"/my/applications/{application.pk}/partners/", data)
    assert response.status_code == 302
    assert list(application.partners.values_list("position", "name", "kind", "province__code")) == [
        (0, "มหาวิทยาลัยเทคโนโลยีสุรนารี", "academic", "30"),
        (1, "บริษัท ขนส่ง จำกัด", "company", None),
    ]


def test_preview_shows_the_whole_application(login_as, applicant, application):
    answer(application, "answer_2", "ผู้สูงอายุในเขตเมือง", applicant)
    response = login_as(applicant).get(f"/my/applications/{application.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ระบบรถโดยสารอัจฉริยะ" in html
    assert "2. หัวข้อ 2" in html and "ผู้สูงอายุในเขตเมือง" in html
    assert "เทศบาลนครตัวอย่าง" in html and "นครราชสีมา" in html


def test_preview_shows_people_and_budget_with_separators_and_units(login_as, applicant, application):
    facts_field(application.cycle, key="population_served", section_position=7)
    facts_field(application.cycle, key="budget", section_position=8)
    answer(application, "population_served", "120000", applicant)
    answer(application, "budget", "1250000", applicant)
    response = login_as(applicant).get(f"/my/applications/{application.pk}/preview/")
    html = response.content.decode()
    assert "120,000 คน" in html
    assert "1,250,000 บาท" in html
    assert "120000" not in html and "1250000" not in html


def test_preview_shows_a_buddhist_era_date_and_the_files_of_a_question(login_as, applicant, application, media):
    photos = FieldFactory(section=application.cycle.sections.get(position=1), key="photos", kind="file", max_rows=2)
    answer(application, "started_on", "15/09/2565", applicant)
    add_attachment(
        application=application,
        uploaded_file=SimpleUploadedFile("ภาพบริการ.png", png_bytes()),
        by=applicant,
        field=form_field(application, photos.key),
    )

    html = login_as(applicant).get(f"/my/applications/{application.pk}/preview/").content.decode()

    assert "15 กันยายน 2565" in html
    assert "<dt>" + photos.name_th + "</dt>" in html and "ภาพบริการ.png" in html


def test_going_to_another_section_saves_this_one(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), posted("ก่อนไปหัวข้อ 2", goto="2"))
    assert response["Location"] == section_url(application, 2)
    assert value_of(application, "answer_1") == "ก่อนไปหัวข้อ 2"


def _facts(application, **changes):
    data = {
        "title_th": application.title_th,
        "title_en": "",
        "category": application.category_id,
        "version": application.version,
    }
    return {**data, **changes}


def test_facts_page_edits_only_the_titles_category_and_consent(login_as, applicant, application):
    form = login_as(applicant).get(f"/my/applications/{application.pk}/facts/").context["form"]
    assert [name for name in form.fields if name not in ("version", "editor")] == [
        "title_th",
        "title_en",
        "category",
        "publish_consent",
    ]


def test_facts_autosave_keeps_version_in_step(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/my/applications/{application.pk}/facts/"
    first = client.post(url, _facts(application, title_en="Smart bus"), headers={"HX-Request": "true"})
    second = client.post(
        url,
        _facts(application, title_en="Smart bus", publish_consent="on", version=2),
        headers={"HX-Request": "true"},
    )
    application.refresh_from_db()
    assert (first.status_code, second.status_code) == (200, 200)
    # The facts and then the consent (through its service) each take a version: the page holds the last.
    assert 'value="4" hx-swap-oob="true"' in second.content.decode()
    assert (application.title_en, application.publish_consent, application.version) == ("Smart bus", True, 4)


def test_facts_autosave_without_a_title_changes_nothing(login_as, applicant, application):
    response = login_as(applicant).post(
        f"/en/my/applications/{application.pk}/facts/",
        _facts(application, title_th=""),
        headers={"HX-Request": "true"},
    )
    application.refresh_from_db()
    assert "Not saved yet" in response.content.decode()
    assert (application.title_th, application.version) == ("ระบบรถโดยสารอัจฉริยะ", 1)


def test_facts_form_opened_twice_does_not_overwrite(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, title_en="แท็บแรก"))
    response = client.post(url, _facts(application, title_en="แท็บสอง"))
    html = response.content.decode()
    application.refresh_from_db()
    assert "You saved these facts in another tab or window at" in html
    assert "reload" not in html.lower()
    assert 'value="แท็บสอง"' in html
    assert '<dd class="col-sm-8 text-prewrap">แท็บแรก</dd>' in html
    assert f'name="version" value="{application.version}"' in html
    assert application.title_en == "แท็บแรก"


def test_facts_conflict_with_a_colleague_names_them(login_as, applicant, application):
    colleague = UserFactory(full_name="สมศรี ขยัน")
    MembershipFactory(user=colleague, organisation=application.organisation)
    services.save_facts(application=application, by=colleague, expected_version=application.version, title_en="ของเพื่อน")

    response = login_as(applicant).post(
        f"/en/my/applications/{application.pk}/facts/", _facts(application, title_en="ของฉัน", version=1)
    )
    html = response.content.decode()

    assert f"{colleague} saved these facts at" in html
    assert "You saved these facts" not in html
    assert 'value="ของฉัน"' in html and '<dd class="col-sm-8 text-prewrap">ของเพื่อน</dd>' in html


def test_facts_autosave_conflict_answers_409_and_says_so(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, title_en="แท็บแรก"))

    response = client.post(url, _facts(application, title_en="แท็บสอง"), headers={"HX-Request": "true"})

    assert response.status_code == 409
    assert (
        "Not saved: you changed these facts in another tab. Press Save to see both versions."
        in response.content.decode()
    )


def test_section_conflict_with_myself_in_another_tab_says_you(login_as, applicant, application):
    client = login_as(applicant)
    client.post(section_url(application, prefix="/en"), posted("แท็บแรก", editor="tab-a", save=""))

    response = client.post(section_url(application, prefix="/en"), posted("แท็บสอง", editor="tab-b", save=""))
    html = response.content.decode()

    assert "You saved this answer in another tab or window at" in html
    assert "Someone else" not in html
    assert "แท็บสอง</textarea>" in html and "แท็บแรก</div>" in html
    assert "The answer saved in your other tab" in html


def test_section_conflict_with_a_colleague_names_them(login_as, applicant, application):
    colleague = UserFactory(full_name="สมศรี ขยัน")
    MembershipFactory(user=colleague, organisation=application.organisation)
    answer(application, "answer_1", "ของเพื่อน", colleague)

    html = login_as(applicant).post(section_url(application, prefix="/en"), posted("ของฉัน", save="")).content.decode()

    assert f"Someone else ({colleague}) saved this answer at" in html
    assert "You saved this answer" not in html


def test_a_conflict_on_one_question_saves_the_others(login_as, applicant, application):
    """Two questions on one page: the colleague's change to one does not stop the other being saved,
    and the conflict shows both versions of that question only."""
    colleague = UserFactory(full_name="สมศรี ขยัน")
    MembershipFactory(user=colleague, organisation=application.organisation)
    FieldFactory(section=application.cycle.sections.get(position=1), key="extra", required=False)
    answer(application, "answer_1", "ของเพื่อน", colleague)

    response = login_as(applicant).post(
        section_url(application, prefix="/en"), {**posted("ของฉัน"), **posted("คำตอบอื่น", key="extra"), "save": ""}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count('data-testid="edit-conflict"') == 1
    assert html.index('id="conflict-answer_1"') < html.index('data-testid="edit-conflict"') < html.index('id="q-extra"')
    assert (value_of(application, "answer_1"), value_of(application, "extra")) == ("ของเพื่อน", "คำตอบอื่น")
    assert 'name="extra__version" id="version-extra" value="1"' in html


def test_section_autosave_conflict_shows_both_texts_without_a_reload(login_as, applicant, application):
    client = login_as(applicant)
    client.post(section_url(application, prefix="/en"), posted("แท็บแรก", editor="tab-a"))

    response = client.post(
        section_url(application, prefix="/en"), posted("แท็บสอง", editor="tab-b"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()

    assert response.status_code == 409
    assert (
        "Not saved: you changed this answer in another tab. Both answers are shown: keep what you want and save."
        in html
    )
    assert '<div id="conflict-answer_1" hx-swap-oob="true">' in html
    assert "แท็บแรก</div>" in html
    assert 'id="version-answer_1" value="1" hx-swap-oob="true"' in html
    assert "reload" not in html.lower()


def test_own_autosave_in_flight_is_not_a_conflict(login_as, applicant, application):
    # The tab's autosave saved version 1 while the person clicked Save on a page still holding
    # version 0: the same tab ("editor") may go on, another tab may not.
    client = login_as(applicant)
    url = section_url(application)
    client.post(url, posted("ร่างจากการบันทึกอัตโนมัติ", editor="tab-a"), headers={"HX-Request": "true"})

    same_tab = client.post(url, posted("ข้อความเต็ม", editor="tab-a", save=""))
    other_tab = client.post(url, posted("ข้อความแท็บอื่น", editor="tab-b", save=""))

    assert same_tab.status_code == 302
    assert 'data-testid="edit-conflict"' in other_tab.content.decode()
    assert (Answer.objects.get().value, Answer.objects.get().version) == ("ข้อความเต็ม", 2)


def test_facts_own_autosave_is_not_a_conflict(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, title_en="ร่าง", editor="tab-a"), headers={"HX-Request": "true"})
    same_tab = client.post(url, _facts(application, title_en="ทั้งเมือง", editor="tab-a"))
    other_tab = client.post(url, _facts(application, title_en="อื่น", editor="tab-b"))
    application.refresh_from_db()
    assert same_tab.status_code == 302
    assert "You saved these facts in another tab or window at" in other_tab.content.decode()
    assert application.title_en == "ทั้งเมือง"


def test_dashboard_and_overview_count_the_sections_done(login_as, applicant, application):
    answer(application, "answer_1", "คำตอบ", applicant)
    client = login_as(applicant)

    dashboard = client.get("/en/my/").content.decode()
    overview = client.get(f"/en/my/applications/{application.pk}/")

    assert re.search(r'data-label="Sections answered">\s*1 / 3\s*</td>', dashboard)
    assert [item.done for item in overview.context["sections"]] == [True, False, False]


def test_a_follow_up_answered_then_hidden_is_neither_required_nor_submitted(applicant, application):
    # Arrange: "other" chosen and its required follow-up answered, then the choice changed.
    complete(application, applicant)
    section = Section.objects.get(cycle=application.cycle, position=1)
    options = [{"value": "app", "th": "แอป"}, {"value": "other", "th": "อื่น ๆ"}]
    mode = FieldFactory(section=section, key="mode", kind=FieldKind.CHOICE, max_chars=None, choices=options)
    FieldFactory(section=section, key="mode_other", max_chars=100, condition_field=mode, condition_values=["other"])
    application = Application.objects.get(pk=application.pk)  # a new request reads the new questions
    answer(application, "mode", "other", applicant)
    answer(application, "mode_other", "ตู้บริการ", applicant)
    answer(application, "mode", "app", applicant, version=1)

    # Act
    services.submit_application(application=application, by=applicant)

    # Assert: submitted without the hidden follow-up, whose answer is gone from what was submitted
    # (the history keeps it).
    assert Answer.objects.filter(application=application, field__key="mode").get().value == "app"
    assert not Answer.objects.filter(application=application, field__key="mode_other").exists()
    assert Answer.history.filter(application_id=application.pk, field__key="mode_other").exists()
