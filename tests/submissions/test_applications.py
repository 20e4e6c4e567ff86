"""The application form end to end: drafts, conflicts, deadlines, eligibility, submission."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from awards.enums import MilestoneKind
from awards.eligibility import latest_qualifying_start
from submissions.enums import ApplicationStatus, MemberRole, OrganisationKind
from submissions.models import Answer, Application, Province
from submissions.selectors import open_for_changes_at
from submissions.services import applications as services
from tests.factories import (
    CategoryFactory,
    CycleFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    SectionFactory,
    UserFactory,
)

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
    cycle = CycleFactory(year=2026, reference_prefix="SCSA")
    deadline = deadline or timezone.now() + timedelta(days=30)
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=deadline)
    CategoryFactory(cycle=cycle, code="MOB", name_th="การเดินทางอัจฉริยะ")
    for position in range(1, sections + 1):
        SectionFactory(cycle=cycle, position=position, name_th=f"หัวข้อ {position}", max_chars=50)
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


def complete(application, by):
    application.started_on = date(2020, 1, 1)
    application.save()
    for section in application.cycle.sections.all():
        services.save_answer(application=application, section=section, text="คำตอบ", expected_version=0, by=by)


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


def test_save_section_without_javascript(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), {"text": "ที่มาของโครงการ", "version": 0, "save": ""})
    assert response.status_code == 302
    assert response["Location"] == f"/my/applications/{application.pk}/"
    assert Answer.objects.get().text == "ที่มาของโครงการ"


def test_save_and_next_goes_to_next_section(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), {"text": "ก", "version": 0, "save_next": ""})
    assert response["Location"] == section_url(application, 2)


def test_autosave_answers_status_and_new_version(login_as, applicant, application):
    client = login_as(applicant)
    first = client.post(section_url(application), {"text": "ร่างแรก", "version": 0}, headers={"HX-Request": "true"})
    second = client.post(section_url(application), {"text": "ร่างที่สอง", "version": 1}, headers={"HX-Request": "true"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert 'id="save-status"' in second.content.decode()
    assert 'value="2" hx-swap-oob="true"' in second.content.decode()
    assert (Answer.objects.get().text, Answer.objects.get().version) == ("ร่างที่สอง", 2)


def test_two_tabs_never_overwrite_each_other(login_as, applicant, application):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    section = application.cycle.sections.get(position=1)
    services.save_answer(
        application=application, section=section, text="ข้อความของเพื่อน", expected_version=0, by=colleague
    )

    response = login_as(applicant).post(section_url(application), {"text": "ข้อความของฉัน", "version": 0, "save": ""})
    html = response.content.decode()

    assert response.status_code == 200
    assert 'data-testid="edit-conflict"' in html
    assert "ข้อความของฉัน</textarea>" in html
    assert "ข้อความของเพื่อน</textarea>" in html
    assert Answer.objects.get().text == "ข้อความของเพื่อน"


def test_autosave_conflict_answers_409(login_as, applicant, application):
    section = application.cycle.sections.get(position=1)
    services.save_answer(application=application, section=section, text="เดิม", expected_version=0, by=applicant)
    response = login_as(applicant).post(
        section_url(application), {"text": "ใหม่", "version": 0}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 409
    assert Answer.objects.get().text == "เดิม"


def test_text_over_limit_refused_and_kept(login_as, applicant, application):
    long_text = "ก" * 51
    response = login_as(applicant).post(
        section_url(application, prefix="/en"), {"text": long_text, "version": 0, "save": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "limited to 50 characters; the text has 51" in html
    assert f"{long_text}</textarea>" in html
    assert Answer.objects.count() == 0


def test_save_after_deadline_refused_and_text_kept(login_as, applicant, organisation):
    cycle = make_cycle()
    application = services.start_application(
        organisation=organisation, cycle=cycle, category=cycle.categories.get(), title_th="x", by=applicant
    )
    cycle.milestones.update(starts_at=timezone.now() - timedelta(seconds=1))
    response = login_as(applicant).post(
        section_url(application, prefix="/en"), {"text": "ส่งช้า", "version": 0, "save": ""}
    )
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
    section = cycle.sections.get(position=1)
    answer = services.save_answer(
        application=application, section=section, text="ทันเวลา", expected_version=0, by=applicant
    )
    assert answer.text == "ทันเวลา"
    assert application.history.first().history_change_reason == f"extension by {staff}: ไฟดับ"


def test_submit_lists_what_is_missing(login_as, applicant, application):
    response = login_as(applicant).get(f"/en/my/applications/{application.pk}/")
    problems = response.context["problems"]
    assert problems == [
        "Give the date the service started serving the public (in the project facts).",
        "Answer section 1: หัวข้อ 1.",
        "Answer section 2: หัวข้อ 2.",
    ]


def test_submit_refuses_service_younger_than_six_months(applicant, application):
    complete(application, applicant)
    deadline = timezone.localtime(application.cycle.milestones.get().starts_at).date()
    application.started_on = deadline - timedelta(days=30)
    application.save()
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
    response = login_as(applicant).post(
        section_url(application, prefix="/en"), {"text": "แก้", "version": 1, "save": ""}
    )
    assert "can no longer be changed" in response.content.decode()
    assert Answer.objects.get(section__position=1).text == "คำตอบ"


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


def _png_bytes() -> bytes:
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
        {"cover_image": SimpleUploadedFile("ภาพปก.png", _png_bytes(), content_type="image/png")},
    )
    application.refresh_from_db()
    picture = client.get(f"/my/applications/{application.pk}/cover/")

    assert response.status_code == 302
    assert application.cover_image.name.startswith("covers/") and application.cover_image.name.endswith(".png")
    assert "ภาพปก" not in application.cover_image.name
    assert (picture.status_code, picture["Content-Type"]) == (200, "image/png")
    assert b"".join(picture.streaming_content) == _png_bytes()
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
    section = application.cycle.sections.get(position=2)
    services.save_answer(
        application=application, section=section, text="ผู้สูงอายุในเขตเมือง", expected_version=0, by=applicant
    )
    response = login_as(applicant).get(f"/my/applications/{application.pk}/preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "ระบบรถโดยสารอัจฉริยะ" in html
    assert "2. หัวข้อ 2" in html and "ผู้สูงอายุในเขตเมือง" in html
    assert "เทศบาลนครตัวอย่าง" in html and "นครราชสีมา" in html


def test_preview_shows_people_and_budget_with_separators_and_units(login_as, applicant, application):
    Application.objects.filter(pk=application.pk).update(population_served=120_000, budget=Decimal("1250000.00"))
    response = login_as(applicant).get(f"/my/applications/{application.pk}/preview/")
    html = response.content.decode()
    assert "120,000 คน" in html
    assert "1,250,000 บาท" in html
    assert "120000" not in html and "1250000" not in html


def test_going_to_another_section_saves_this_one(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application), {"text": "ก่อนไปหัวข้อ 2", "version": 0, "goto": "2"})
    assert response["Location"] == section_url(application, 2)
    assert Answer.objects.get().text == "ก่อนไปหัวข้อ 2"


def _facts(application, **changes):
    data = {
        "title_th": application.title_th,
        "title_en": "",
        "category": application.category_id,
        "started_on": "",
        "area_served": "",
        "population_served": "",
        "budget": "",
        "video_url": "",
        "website_url": "",
        "summary": "",
        "version": application.version,
    }
    return {**data, **changes}


def test_facts_autosave_keeps_version_in_step(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/my/applications/{application.pk}/facts/"
    first = client.post(url, _facts(application, started_on="01/03/2565"), headers={"HX-Request": "true"})
    second = client.post(
        url,
        _facts(application, started_on="01/03/2565", area_served="ทั้งเมือง", version=2),
        headers={"HX-Request": "true"},
    )
    application.refresh_from_db()
    assert (first.status_code, second.status_code) == (200, 200)
    assert 'value="3" hx-swap-oob="true"' in second.content.decode()
    assert (application.started_on, application.area_served, application.version) == (date(2022, 3, 1), "ทั้งเมือง", 3)


def test_facts_autosave_with_half_typed_date_changes_nothing(login_as, applicant, application):
    # Halfway through 2565: a three-digit year is no date (two digits would be 2525, core.thai).
    response = login_as(applicant).post(
        f"/en/my/applications/{application.pk}/facts/",
        _facts(application, started_on="01/03/256"),
        headers={"HX-Request": "true"},
    )
    application.refresh_from_db()
    assert "Not saved yet" in response.content.decode()
    assert (application.started_on, application.version) == (None, 1)


def test_facts_form_opened_twice_does_not_overwrite(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, area_served="แท็บแรก"))
    response = client.post(url, _facts(application, area_served="แท็บสอง"))
    html = response.content.decode()
    application.refresh_from_db()
    assert "You saved these facts in another tab or window at" in html
    assert "reload" not in html.lower()
    assert 'value="แท็บสอง"' in html
    assert '<dd class="col-sm-8 text-prewrap">แท็บแรก</dd>' in html
    assert f'name="version" value="{application.version}"' in html
    assert application.area_served == "แท็บแรก"


def test_facts_conflict_with_a_colleague_names_them(login_as, applicant, application):
    colleague = UserFactory(full_name="สมศรี ขยัน")
    MembershipFactory(user=colleague, organisation=application.organisation)
    services.save_facts(
        application=application, by=colleague, expected_version=application.version, area_served="ของเพื่อน"
    )

    response = login_as(applicant).post(
        f"/en/my/applications/{application.pk}/facts/", _facts(application, area_served="ของฉัน", version=1)
    )
    html = response.content.decode()

    assert f"{colleague} saved these facts at" in html
    assert "You saved these facts" not in html
    assert 'value="ของฉัน"' in html and '<dd class="col-sm-8 text-prewrap">ของเพื่อน</dd>' in html


def test_facts_autosave_conflict_answers_409_and_says_so(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, area_served="แท็บแรก"))

    response = client.post(url, _facts(application, area_served="แท็บสอง"), headers={"HX-Request": "true"})

    assert response.status_code == 409
    assert (
        "Not saved: you changed these facts in another tab. Press Save to see both versions."
        in response.content.decode()
    )


def test_section_conflict_with_myself_in_another_tab_says_you(login_as, applicant, application):
    client = login_as(applicant)
    client.post(section_url(application, prefix="/en"), {"text": "แท็บแรก", "version": 0, "editor": "tab-a", "save": ""})

    response = client.post(
        section_url(application, prefix="/en"), {"text": "แท็บสอง", "version": 0, "editor": "tab-b", "save": ""}
    )
    html = response.content.decode()

    assert "You saved this section in another tab or window at" in html
    assert "Someone else" not in html
    assert "แท็บสอง</textarea>" in html and "แท็บแรก</textarea>" in html
    assert "The text saved in your other tab" in html


def test_section_conflict_with_a_colleague_names_them(login_as, applicant, application):
    colleague = UserFactory(full_name="สมศรี ขยัน")
    MembershipFactory(user=colleague, organisation=application.organisation)
    section = application.cycle.sections.get(position=1)
    services.save_answer(application=application, section=section, text="ของเพื่อน", expected_version=0, by=colleague)

    html = (
        login_as(applicant)
        .post(section_url(application, prefix="/en"), {"text": "ของฉัน", "version": 0, "save": ""})
        .content.decode()
    )

    assert f"Someone else ({colleague}) saved this section at" in html
    assert "You saved this section" not in html


def test_section_autosave_conflict_shows_both_texts_without_a_reload(login_as, applicant, application):
    client = login_as(applicant)
    client.post(section_url(application, prefix="/en"), {"text": "แท็บแรก", "version": 0, "editor": "tab-a"})

    response = client.post(
        section_url(application, prefix="/en"),
        {"text": "แท็บสอง", "version": 0, "editor": "tab-b"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()

    assert response.status_code == 409
    assert "Not saved: you changed this section in another tab. Both texts are shown: combine them and save." in html
    assert '<div id="conflict-panel" hx-swap-oob="true">' in html
    assert "แท็บแรก</textarea>" in html
    assert 'id="id_version" value="1" hx-swap-oob="true"' in html
    assert "reload" not in html.lower()


def test_own_autosave_in_flight_is_not_a_conflict(login_as, applicant, application):
    # The tab's autosave saved version 1 while the person clicked Save on a page still holding
    # version 0: the same tab ("editor") may go on, another tab may not.
    client = login_as(applicant)
    url = section_url(application)
    client.post(url, {"text": "ร่างจากการบันทึกอัตโนมัติ", "version": 0, "editor": "tab-a"}, headers={"HX-Request": "true"})

    same_tab = client.post(url, {"text": "ข้อความเต็ม", "version": 0, "editor": "tab-a", "save": ""})
    other_tab = client.post(url, {"text": "ข้อความแท็บอื่น", "version": 0, "editor": "tab-b", "save": ""})

    assert same_tab.status_code == 302
    assert 'data-testid="edit-conflict"' in other_tab.content.decode()
    assert (Answer.objects.get().text, Answer.objects.get().version) == ("ข้อความเต็ม", 2)


def test_facts_own_autosave_is_not_a_conflict(login_as, applicant, application):
    client = login_as(applicant)
    url = f"/en/my/applications/{application.pk}/facts/"
    client.post(url, _facts(application, area_served="ร่าง", editor="tab-a"), headers={"HX-Request": "true"})
    same_tab = client.post(url, _facts(application, area_served="ทั้งเมือง", editor="tab-a"))
    other_tab = client.post(url, _facts(application, area_served="อื่น", editor="tab-b"))
    application.refresh_from_db()
    assert same_tab.status_code == 302
    assert "You saved these facts in another tab or window at" in other_tab.content.decode()
    assert application.area_served == "ทั้งเมือง"
