"""Issue 17 end to end in a real browser (Debian's Chromium): staff build a small application form in
admin (a number with a unit, a choice that reveals a follow-up, a date, a file question for images
only, a staff-only question) and copy it into a new edition with the edition's admin action; an
applicant fills the new edition's form (the follow-up appearing live, a Buddhist-era date, autosave,
an image accepted and a PDF refused beside its question); a judge of a blind round reads neither the
organisation nor the staff-only answer while staff read both; the showcase shows only the public
answers.

The world (people, editions, the round) is built with factories and services; what the issue proves
is done in the browser. ``live_server`` serves the site from another thread, hence ``transactional_db``.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from accounts.enums import Role
from accounts.services import create_user, ensure_role_groups, grant_role
from awards.enums import FieldKind, Visibility
from awards.models import Field
from demo.accounts import DEMO_TOTP_SECRET
from judging.enums import ConflictAnswer
from submissions.enums import ApplicationStatus
from submissions.models import Answer, Application, Attachment
from submissions.services.applications import submit_application
from tests.browser.helpers import log_in, serious_axe_violations, watch_csp
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DeclarationFactory,
    EmailAddressFactory,
    MembershipFactory,
    OrganisationFactory,
    RoundFactory,
    RubricFactory,
    minimal_pdf,
)

PASSWORD = "demo-award-2026"
ORGANISATION = "เทศบาลนครต้นแบบการประกวด"
STAFF_NOTE = "โทร 081 234 5678 คุณวิภา"
MODES = "app | แอปพลิเคชัน | Mobile application\nother | อื่น ๆ | Other"
FOLLOW_UP = "ตู้แจ้งเหตุประจำชุมชน"


def _person(email: str, role: Role | None, *, two_factor: bool):
    user = create_user(email=email, password=PASSWORD, full_name=email.split("@")[0])
    EmailAddressFactory(user=user)
    if role is not None:
        grant_role(user=user, role=role)
    if two_factor:
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user


def _png(tmp_path) -> Path:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "#1d3a6e").save(buffer, format="PNG")
    path = tmp_path / "community-kiosk.png"
    path.write_bytes(buffer.getvalue())
    return path


def _pdf(tmp_path) -> Path:
    path = tmp_path / "brochure.pdf"
    path.write_bytes(minimal_pdf())
    return path


def _save_and_continue(page: Page) -> None:
    page.locator('input[name="_continue"]').click()
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_have_count(0)


def _add_question(page: Page, base: str, section_pk: int, **values) -> None:
    """The question's own page in admin, opened for the section; ``values`` by the form's field name."""
    page.goto(f"{base}/admin/awards/field/add/?section={section_pk}")
    for name in ("key", "name_th", "name_en", "max_chars", "position"):
        if name in values:
            page.locator(f"#id_{name}").fill(str(values[name]))
    page.locator("#id_kind").select_option(values["kind"])
    page.locator("#id_visibility").select_option(values.get("visibility", Visibility.JUDGES))
    if "choices" in values:
        page.locator("#id_choices").fill(values["choices"])
    for kind in values.get("file_kinds", ()):
        page.locator(f'input[name="file_kinds"][value="{kind}"]').check()
    if "condition_field" in values:
        page.locator("#id_condition_field").select_option(label=values["condition_field"])
        page.locator("#id_condition_values").fill(values["condition_values"])
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state()
    expect(page.locator(".errornote")).to_have_count(0)


def _row(page: Page, index: int, **values) -> None:
    """Fill the ``index``-th question row of a section's admin page."""
    prefix = f"#id_fields-{index}-"
    page.locator(f"{prefix}kind").select_option(values.pop("kind"))
    page.locator(f"{prefix}visibility").select_option(values.pop("visibility", Visibility.JUDGES))
    for name, value in values.items():
        page.locator(f"{prefix}{name}").fill(str(value))


@pytest.mark.browser
def test_staff_build_and_copy_a_form_an_applicant_fills_it_a_blind_judge_and_the_showcase_read_it(
    live_server, transactional_db, browser, page: Page, artifacts_dir, tmp_path
):
    # Arrange: two editions (the first to build the form in, the new one without a form), staff,
    # an applicant with a draft in the new edition, a judge; every one through the real log-in page.
    ensure_role_groups()
    base = live_server.url
    # Staff work in a browser of their own, the others one after the other in ``page``.
    staff_page = browser.new_context().new_page()
    problems = watch_csp(page)
    staff_problems = watch_csp(staff_page)
    for each in (page, staff_page):
        each.set_default_timeout(10_000)
    source = CycleFactory(slug="edition-2568", year=2025, name_th="รางวัลเมืองอัจฉริยะ 2568")
    target = CycleFactory(slug="edition-2569", year=2026, name_th="รางวัลเมืองอัจฉริยะ 2569")
    category = CategoryFactory(cycle=target)
    staff = _person("staff.builder@example.com", Role.STAFF, two_factor=True)
    applicant = _person("applicant.forms@example.com", None, two_factor=False)
    judge = _person("judge.blind@example.com", Role.JUDGE, two_factor=True)
    organisation = OrganisationFactory(name=ORGANISATION)
    MembershipFactory(user=applicant, organisation=organisation, role="owner")
    application = ApplicationFactory(
        cycle=target, category=category, organisation=organisation, title_th="ตู้แจ้งเหตุอัจฉริยะ", publish_consent=True
    )

    log_in(staff_page, base, staff.email, PASSWORD, totp_secret=DEMO_TOTP_SECRET)

    # Act 1: staff build the form in admin: a section, its rows (number with a unit, date, staff-only),
    # then a choice, its conditional follow-up and an image-only file question on their own pages.
    staff_page.goto(f"{base}/admin/awards/section/add/")
    staff_page.locator("#id_cycle").select_option(str(source.pk))
    staff_page.locator("#id_position").fill("1")
    staff_page.locator("#id_name_th").fill("ข้อมูลโครงการ")
    _save_and_continue(staff_page)
    section_pk = int(staff_page.url.rstrip("/").split("/")[-2])
    for _ in range(3):
        staff_page.locator(".add-row a").click()
    _row(
        staff_page,
        0,
        kind=FieldKind.NUMBER,
        key="people",
        name_th="จำนวนผู้ได้รับประโยชน์",
        unit_th="คน",
        unit_en="people",
        position=1,
        visibility=Visibility.PUBLIC,
    )
    _row(staff_page, 1, kind=FieldKind.DATE, key="started_on", name_th="วันที่เริ่มให้บริการ", position=2)
    _row(
        staff_page,
        2,
        kind=FieldKind.SHORT_TEXT,
        key="staff_note",
        name_th="หมายเหตุสำหรับเจ้าหน้าที่",
        max_chars=100,
        position=3,
        visibility=Visibility.STAFF,
    )
    _save_and_continue(staff_page)
    _add_question(
        staff_page,
        base,
        section_pk,
        key="mode",
        kind=FieldKind.CHOICE,
        name_th="รูปแบบการให้บริการ",
        choices=MODES,
        position=4,
    )
    _add_question(
        staff_page,
        base,
        section_pk,
        key="mode_other",
        kind=FieldKind.SHORT_TEXT,
        name_th="รูปแบบอื่น โปรดระบุ",
        max_chars=100,
        position=5,
        condition_field="รูปแบบการให้บริการ",
        condition_values="other",
    )
    _add_question(
        staff_page,
        base,
        section_pk,
        key="photo",
        kind=FieldKind.FILE,
        name_th="ภาพการให้บริการ",
        file_kinds=("jpeg", "png"),
        position=6,
    )

    # Assert: the form is as staff built it.
    built = {field.key: field for field in Field.objects.filter(cycle=source)}
    assert set(built) == {"people", "started_on", "staff_note", "mode", "mode_other", "photo"}
    assert (built["people"].unit_th, built["people"].visibility) == ("คน", Visibility.PUBLIC)
    assert built["staff_note"].visibility == Visibility.STAFF
    assert [option["value"] for option in built["mode"].choices] == ["app", "other"]
    assert (built["mode_other"].condition_field, built["mode_other"].condition_values) == (built["mode"], ["other"])
    assert built["photo"].file_kinds == ["jpeg", "png"]

    # Act 2: copy it into the new edition with the edition's action: choose the source, confirm.
    staff_page.goto(f"{base}/admin/awards/cycle/")
    staff_page.locator(f'input.action-select[value="{target.pk}"]').check()
    staff_page.locator('select[name="action"]').select_option("copy_form_action")
    staff_page.locator('button[name="index"]').click()
    staff_page.wait_for_load_state()
    staff_page.locator("#id_source").select_option(str(source.pk))
    staff_page.locator('input[type="submit"].default').click()
    staff_page.wait_for_load_state()
    expect(staff_page.get_by_test_id("copy-summary")).to_contain_text("6")
    staff_page.get_by_test_id("confirm-action").click()
    staff_page.wait_for_load_state()

    # Assert: the new edition has the same questions, the condition pointing at its own choice.
    copied = {field.key: field for field in Field.objects.filter(cycle=target)}
    assert set(copied) == set(built)
    assert copied["mode_other"].condition_field == copied["mode"]
    assert copied["photo"].file_kinds == ["jpeg", "png"]

    # Act 3: the applicant fills the new edition's form in the browser.
    log_in(page, base, applicant.email, PASSWORD)
    section_url = f"{base}/my/applications/{application.pk}/sections/1/"
    page.goto(section_url)
    expect(page.locator("#unit-people")).to_have_text("คน")
    page.locator("#id_people").fill("25000")
    # Autosave: no Save pressed; the status says so and the answer is stored.
    expect(page.locator("#status-people")).not_to_be_empty(timeout=10_000)
    expect(page.locator("#version-people")).to_have_value("1")
    assert Answer.objects.get(application=application, field__key="people").value == "25000"
    follow_up = page.locator("#q-mode_other")
    expect(follow_up).to_be_hidden()
    page.get_by_label("อื่น ๆ", exact=True).check()
    expect(follow_up).to_be_visible()  # shown as soon as "other" is chosen, before any save
    page.locator("#id_mode_other").fill(FOLLOW_UP)
    page.locator("#id_started_on").fill("15/09/2565")
    page.locator("#id_staff_note").fill(STAFF_NOTE)
    page.locator('#answer-form button[name="save"]').click()
    page.wait_for_load_state()
    page.goto(section_url)
    page.locator("#file-photo").set_input_files(str(_pdf(tmp_path)))
    page.locator('button[form="upload-photo"]').click()
    page.wait_for_load_state()
    # Refused beside the question, naming the file and the kinds the question takes; nothing kept.
    expect(page.locator("#error-photo")).to_contain_text("brochure.pdf")
    expect(page.locator("#error-photo")).to_contain_text("JPEG, PNG")
    assert not Attachment.objects.filter(application=application).exists()
    page.screenshot(path=artifacts_dir / "form-builder-pdf-refused.png", full_page=True)
    page.locator("#file-photo").set_input_files(str(_png(tmp_path)))
    page.locator('button[form="upload-photo"]').click()
    page.wait_for_load_state()

    # Assert: every answer stored as the form says, the date in the Common Era, the image kept.
    stored = {
        answer.field.key: answer.value
        for answer in Answer.objects.filter(application=application).select_related("field")
    }
    assert stored["started_on"] == date(2022, 9, 15).isoformat()
    assert (stored["mode"], stored["mode_other"], stored["staff_note"]) == ("other", FOLLOW_UP, STAFF_NOTE)
    assert list(
        Attachment.objects.filter(application=application, field__key="photo").values_list("original_name", flat=True)
    ) == ["community-kiosk.png"]
    expect(page.get_by_test_id("question-files")).to_contain_text("community-kiosk.png")
    expect(page.locator("#id_started_on")).to_have_value("15/09/2565")
    assert serious_axe_violations(page) == []
    page.context.clear_cookies()

    # Arrange: submitted; a blind screening round, the judge assigned, interests declared, no conflict.
    submit_application(application=application, by=applicant)
    rubric = RubricFactory(cycle=target)
    CriterionFactory(dimension__rubric=rubric)
    round = RoundFactory(rubric=rubric, blind=True)
    DeclarationFactory(judge=judge, cycle=target)
    assignment = AssignmentFactory(
        round=round, judge=judge, application=application, conflict_answer=ConflictAnswer.NO_CONFLICT
    )

    # Act 4: the judge opens the scoring page.
    log_in(page, base, judge.email, PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.goto(f"{base}/judging/assignments/{assignment.pk}/score/")
    main = page.locator("main")

    # Assert: the number is there, the application named by its reference; neither the organisation
    # nor the staff-only answer.
    application.refresh_from_db()
    expect(main).to_contain_text("25,000")
    expect(main).to_contain_text(application.reference)
    expect(main).not_to_contain_text(ORGANISATION)
    expect(main).not_to_contain_text(STAFF_NOTE)
    page.screenshot(path=artifacts_dir / "form-builder-blind-judge.png", full_page=True)
    page.context.clear_cookies()

    # Act 5: staff read the same application in admin.
    staff_page.goto(f"{base}/admin/submissions/application/{application.pk}/change/")

    # Assert: staff read both.
    expect(staff_page.locator("#content")).to_contain_text(ORGANISATION)
    expect(staff_page.locator('[data-answer="staff_note"]')).to_have_text(STAFF_NOTE)
    expect(staff_page.locator('[data-answer="people"]')).to_contain_text("25,000")

    # Arrange: shortlisted (a finalist of a published edition, with consent to publish).
    Application.objects.filter(pk=application.pk).update(
        status=ApplicationStatus.SHORTLISTED, updated_at=timezone.now()
    )

    # Act 6: anyone opens the solution's page.
    page.goto(f"{base}/solutions/{application.pk}/")
    main = page.locator("main")

    # Assert: the public number only; not the judges' choice nor the staff-only note.
    expect(main).to_contain_text("25,000")
    expect(main).not_to_contain_text(FOLLOW_UP)
    expect(main).not_to_contain_text("อื่น ๆ")
    expect(main).not_to_contain_text(STAFF_NOTE)
    assert problems + staff_problems == []
    staff_page.context.close()
