"""The applicant's side in a real browser (Debian's Chromium): from signing up to a submitted
application, the form on a phone, accessibility and the Content Security Policy of every applicant page.

As in test_public_pages.py, ``live_server`` serves the site from another thread, so the data must be
committed (``transactional_db``); each test loads the demo data itself, and seed_demo also puts back
the provinces that the flush after an earlier transactional test removed.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from awards.models import Cycle
from core.models import OutboundEmail
from submissions.models import Application, Province
from submissions.services.applications import start_application
from tests.browser.helpers import PHONE, seed_demo, serious_axe_violations, watch_csp

from ..factories import EmailAddressFactory, MembershipFactory, UserFactory

PASSWORD = "correct-horse-battery"
REFERENCE = re.compile(r"SCSA\d{4}-[A-Z]{3}-\d{3}")
CONFIRMATION_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+?/")
# A minimal but real PDF: the server recognises files by their content, not by their name.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)
# The live edition's form (demo/forms.py): the project's facts, twelve long answers, and a section
# with one question of every other kind.
SECTION_COUNT = 14
LONG_ANSWERS = range(1, 13)  # answer_1 ... answer_12, in sections 2 ... 13


def fill_the_form(page: Page, overview: str, *, shot=None) -> None:
    """Answer every section of the live form, one after the other with "Save and go to the next
    section": the facts (a Buddhist-era date, autosaved), the twelve long answers, then the choice
    that shows its conditional question."""
    page.goto(f"{overview}sections/1/")
    page.locator("#id_started_on").fill("01/03/2565")
    # Autosave: htmx posts the question after a pause in typing and says when it was saved.
    expect(page.locator("#status-started_on")).not_to_be_empty(timeout=10_000)
    expect(page.locator("#version-started_on")).to_have_value("1")
    if shot:
        shot("07-facts-autosaved")
    page.locator("#id_area_served").fill("เขตเทศบาลเมืองทดสอบ")
    page.locator("#id_population_served").fill("25000")
    page.locator('#answer-form button[name="save_next"]').click()
    page.wait_for_load_state()
    for number in LONG_ANSWERS:
        expect(page).to_have_url(f"{overview}sections/{number + 1}/")
        page.locator(f"#id_answer_{number}").fill(f"คำตอบหัวข้อที่ {number}: ชุมชนได้รับการแจ้งเตือนล่วงหน้าก่อนน้ำท่วมสามชั่วโมง")
        page.locator('#answer-form button[name="save_next"]').click()
        page.wait_for_load_state()
    expect(page).to_have_url(f"{overview}sections/{SECTION_COUNT}/")
    other = page.locator("#q-service_kind_other")
    expect(other).to_be_hidden()
    status_line = page.locator("#status-service_kind").locator("..")
    expect(page.locator("#status-service_kind")).to_be_empty()
    room = status_line.bounding_box()["height"]
    page.get_by_label("อื่น ๆ", exact=True).check()
    expect(other).to_be_visible()  # shown as soon as "other" is chosen, before any save
    # A choice is autosaved at once, without a pause. The words "Saved at" take the room kept for them
    # while the line was empty, so nothing below moves under a finger aimed at the next question.
    expect(page.locator("#status-service_kind")).not_to_be_empty(timeout=10_000)
    assert room > 0
    assert status_line.bounding_box()["height"] == room
    page.locator("#id_service_kind_other").fill("ตู้แจ้งเหตุในชุมชน")
    line = page.get_by_label("LINE", exact=True)
    line.check()
    if shot:
        shot("08-every-kind")
    page.locator('#answer-form button[name="save_next"]').click()
    page.wait_for_load_state()


def _demo_cycle() -> Cycle:
    return Cycle.objects.get(slug="demo")


def _applicant_with_application():
    """A verified applicant, the owner of an organisation with a draft in the demo cycle."""
    seed_demo()
    user = UserFactory(email="somchai@example.com", full_name="สมชาย ใจดี", password=PASSWORD)
    EmailAddressFactory(user=user)
    membership = MembershipFactory(user=user, role="owner")
    cycle = _demo_cycle()
    application = start_application(
        organisation=membership.organisation,
        cycle=cycle,
        category=cycle.categories.order_by("position").first(),
        title_th="ระบบแจ้งเหตุน้ำท่วมผ่านไลน์",
        by=user,
    )
    return user, application


def _log_in(page: Page, base_url: str, user) -> None:
    page.goto(base_url + "/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator('form[action="/accounts/login/"] button[type="submit"]').click()
    page.wait_for_load_state()
    expect(page.locator('form[action="/accounts/login/"]')).to_have_count(0)


def _applicant_paths(application: Application) -> list[str]:
    prefix = f"/my/applications/{application.pk}"
    return [
        "/my/",
        "/my/organisation/",
        f"{prefix}/",
        f"{prefix}/facts/",
        f"{prefix}/sections/1/",
        f"{prefix}/sections/2/",
        f"{prefix}/sections/{SECTION_COUNT}/",
        f"{prefix}/partners/",
        f"{prefix}/attachments/",
        f"{prefix}/preview/",
    ]


@pytest.mark.browser
def test_applicant_journey_from_sign_up_to_submission(
    live_server, transactional_db, page: Page, artifacts_dir, tmp_path
):
    # Arrange
    seed_demo()
    base = live_server.url
    email = "wanida@example.com"
    for old in artifacts_dir.glob("journey-*.png"):
        old.unlink()
    pdf = tmp_path / "project-summary.pdf"
    pdf.write_bytes(PDF_BYTES)

    def shot(name: str) -> None:
        page.screenshot(path=artifacts_dir / f"journey-{name}.png", full_page=True)

    # Act: sign up.
    page.goto(base + "/accounts/signup/")
    page.locator("#id_full_name").fill("วนิดา ทดสอบ")
    page.locator("#id_email").fill(email)
    page.locator("#id_password1").fill("a-long-Thai-passphrase-2565")
    page.locator("#id_password2").fill("a-long-Thai-passphrase-2565")
    page.locator("#id_consent").check()
    shot("01-signup")
    page.locator('form[action="/accounts/signup/"] button[type="submit"]').click()
    page.wait_for_load_state()
    shot("02-verification-sent")

    # Assert: the verification e-mail is in the outbox, with a link back to this server.
    confirmation = OutboundEmail.objects.filter(to=email, kind__contains="confirm").get()
    assert confirmation.kind == "email_confirmation_signup"
    link = CONFIRMATION_LINK.search(confirmation.body_text)
    assert link, confirmation.body_text

    # Act: confirm the address (a POST: ACCOUNT_CONFIRM_EMAIL_ON_GET is off).
    page.goto(link.group(0))
    shot("03-confirm-email")
    page.locator('form[action*="/accounts/confirm-email/"] button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert: logged in (the applicant area opens instead of the log-in page).
    page.goto(base + "/my/")
    expect(page).to_have_url(base + "/my/")
    expect(page.locator('a[href="/my/organisation/"]').first).to_be_visible()

    # Act: set up the organisation.
    page.goto(base + "/my/organisation/")
    form = page.get_by_test_id("organisation-form")
    form.locator("#id_name").fill("เทศบาลเมืองทดสอบ")
    form.locator("#id_kind").select_option("town_municipality")
    form.locator("#id_province").select_option(str(Province.objects.get(code="50").pk))
    form.locator("#id_address").fill("99 ถนนช้างคลาน ตำบลช้างคลาน อำเภอเมือง จังหวัดเชียงใหม่ 50100")
    form.locator("#id_contact_name").fill("วนิดา ทดสอบ")
    form.locator("#id_contact_phone").fill("053 000 000")
    shot("04-organisation-form")
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert
    expect(page.locator("main h1")).to_have_text("เทศบาลเมืองทดสอบ")
    expect(page.get_by_test_id("profile")).to_contain_text("เชียงใหม่")
    shot("05-organisation")

    # Act: start an application in the demo cycle.
    page.goto(base + "/my/")
    page.locator('a[href="/my/start/demo/"]').click()
    page.wait_for_load_state()
    category = _demo_cycle().categories.get(code="ENV")
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title_th").fill("ระบบเตือนภัยน้ำท่วมชุมชน")
    shot("06-start")
    page.locator('form:has(#id_title_th) button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert
    application = Application.objects.get(organisation__memberships__user__email=email)
    overview = f"{base}/my/applications/{application.pk}/"
    expect(page).to_have_url(overview)
    expect(page.locator("main h1")).to_have_text("ระบบเตือนภัยน้ำท่วมชุมชน")
    expect(page.get_by_test_id("submission-problems")).to_be_visible()

    # Act: answer every section, one after the other.
    fill_the_form(page, overview, shot=shot)

    # Assert: after the last section the overview comes back, every section done; the Buddhist-era
    # date is stored as the day it names, and each answer as its kind stores it.
    expect(page).to_have_url(overview)
    values = {answer.field.key: answer for answer in application.answers.select_related("field")}
    assert values["started_on"].value == "2022-03-01"
    assert values["started_on"].version == 1  # the autosave and the button saved one date, not two
    assert (values["population_served"].value, values["service_kind"].value) == ("25000", "other")
    assert (values["service_kind_other"].value, values["channels"].value) == ("ตู้แจ้งเหตุในชุมชน", ["line"])
    assert all(values[f"answer_{number}"].value.startswith("คำตอบหัวข้อที่") for number in LONG_ANSWERS)

    # Act: attach a PDF.
    page.goto(f"{overview}attachments/")
    page.get_by_test_id("upload-form").locator('input[type="file"]').set_input_files(pdf)
    page.get_by_test_id("upload-form").locator('button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("attachment-row")).to_have_count(1)
    expect(page.get_by_test_id("attachment-row")).to_contain_text("project-summary.pdf")
    shot("09-attachments")

    # Act: back to the overview and submit.
    page.goto(overview)
    expect(page.get_by_test_id("submission-problems")).to_have_count(0)
    submit = page.locator(f'form[action="/my/applications/{application.pk}/submit/"] button[type="submit"]')
    expect(submit).to_be_visible()
    shot("10-ready-to-submit")
    submit.click()
    page.wait_for_load_state()

    # Assert: the reference on the page and in the confirmation e-mail.
    shot("11-submitted")
    application.refresh_from_db()
    assert application.status == "submitted"
    assert REFERENCE.fullmatch(application.reference), application.reference
    main_text = page.locator("main").inner_text()
    assert REFERENCE.search(main_text), main_text
    assert application.reference in main_text
    receipts = OutboundEmail.objects.filter(kind="submission_confirmation", to=email)
    assert [application.reference in receipt.subject for receipt in receipts] == [True]


@pytest.mark.browser
def test_application_form_fits_a_phone(live_server, transactional_db, page: Page, artifacts_dir):
    # Arrange
    user, application = _applicant_with_application()
    base = f"{live_server.url}/my/applications/{application.pk}"
    page.set_viewport_size(PHONE)
    _log_in(page, live_server.url, user)

    # Act: a section of one long answer.
    page.goto(f"{base}/sections/2/")
    section_width = page.evaluate("document.documentElement.scrollWidth")
    textarea = page.locator("#id_answer_1")
    counter = page.locator("#counter-answer_1")
    # Thai locale formatting: Arabic digits by default in Chromium, Thai digits would do as well.
    expect(counter).to_have_text(re.compile(r"^(0 / 3,000|๐ / ๓,๐๐๐)$"))
    before = counter.inner_text()
    textarea.press_sequentially("ทดสอบ")  # five Thai letters, five code points
    page.screenshot(path=artifacts_dir / "form-phone.png", full_page=True)

    # Assert
    assert section_width <= PHONE["width"], f"the section page is {section_width}px wide on a 375px screen"
    expect(textarea).to_be_visible()
    expect(counter).not_to_have_text(before)
    expect(counter).to_have_text(re.compile(r"^(5 / 3,000|๕ / ๓,๐๐๐)$"))

    # Act: the project's facts (the first section) and the section of every other kind.
    page.goto(f"{base}/sections/1/")
    facts_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=artifacts_dir / "form-phone-facts.png", full_page=True)
    page.goto(f"{base}/sections/{SECTION_COUNT}/")
    kinds_width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path=artifacts_dir / "form-phone-every-kind.png", full_page=True)

    # Assert
    assert facts_width <= PHONE["width"], f"the facts section is {facts_width}px wide on a 375px screen"
    assert kinds_width <= PHONE["width"], f"the section of every kind is {kinds_width}px wide on a 375px screen"
    page.goto(f"{base}/sections/1/")
    expect(page.locator("#id_summary")).to_be_visible()
    expect(page.locator("#counter-summary")).to_have_text(re.compile(r"^(0 / 600|๐ / ๖๐๐)$"))


@pytest.mark.browser
def test_applicant_pages_have_no_serious_accessibility_violations(live_server, transactional_db, page: Page):
    # Arrange
    user, application = _applicant_with_application()
    _log_in(page, live_server.url, user)
    paths = _applicant_paths(application)

    # Act
    found = {}
    for path in paths:
        page.goto(live_server.url + path)
        found[path] = serious_axe_violations(page)
    page.context.clear_cookies()  # the sign-up page is for visitors
    page.goto(live_server.url + "/accounts/signup/")
    found["/accounts/signup/"] = serious_axe_violations(page)

    # Assert
    report = "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)
    assert found == {path: [] for path in found}, report


@pytest.mark.browser
def test_applicant_pages_break_no_content_security_policy(live_server, transactional_db, page: Page):
    # Arrange
    user, application = _applicant_with_application()
    problems = watch_csp(page)
    _log_in(page, live_server.url, user)

    # Act
    for path in _applicant_paths(application):
        page.goto(live_server.url + path)  # waits for "load": deferred scripts have run
    # On a section htmx is loaded: typing makes it post the answer and swap in its save status; a
    # choice shows its conditional question (questions.js).
    page.goto(f"{live_server.url}/my/applications/{application.pk}/sections/2/")
    page.locator("#id_answer_1").press_sequentially("ทดสอบ")
    expect(page.locator("#status-answer_1")).not_to_be_empty(timeout=10_000)
    page.goto(f"{live_server.url}/my/applications/{application.pk}/sections/{SECTION_COUNT}/")
    page.get_by_label("อื่น ๆ", exact=True).check()
    expect(page.locator("#q-service_kind_other")).to_be_visible()
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/signup/")

    # Assert
    assert problems == []


@pytest.mark.browser
def test_a_section_of_every_kind_in_a_browser(live_server, transactional_db, page: Page):
    """Without the demo: one section with one question of every kind. A choice shows its conditional
    question at once, an answer autosaves on its own, and a refused save puts the focus on the error
    summary, whose link leads to the question."""
    # Arrange
    from submissions.services.provinces import ensure_provinces
    from tests.factories import SectionFactory
    from tests.submissions.test_applications import make_cycle
    from tests.submissions.test_section_questions import every_kind

    ensure_provinces()
    user = UserFactory(email="kinds@example.com", password=PASSWORD)
    EmailAddressFactory(user=user)
    membership = MembershipFactory(user=user, role="owner")
    cycle = make_cycle(sections=1)
    every_kind(SectionFactory(cycle=cycle, position=5, name_th="รายละเอียดเพิ่มเติม"))
    application = start_application(
        organisation=membership.organisation, cycle=cycle, category=cycle.categories.get(), title_th="ก", by=user
    )
    problems = watch_csp(page)
    _log_in(page, live_server.url, user)
    url = f"{live_server.url}/en/my/applications/{application.pk}/sections/5/"

    # Act: choose "Other", then autosave a number.
    page.goto(url)
    other = page.locator("#q-mode_other")
    expect(other).to_be_hidden()
    page.get_by_label("Other", exact=True).check()
    expect(other).to_be_visible()
    page.locator("#id_people").fill("250")

    # Assert
    expect(page.locator("#status-people")).not_to_be_empty(timeout=10_000)
    expect(page.locator("#version-people")).to_have_value("1")
    assert application.answers.get(field__key="people").value == "250"

    # Act: a date that does not exist, typed beside a good answer, then Save.
    page.locator("#id_mode_other").fill("ตู้บริการ")
    page.locator("#id_started").fill("31/02/2565")
    page.locator('#answer-form button[name="save"]').click()
    page.wait_for_load_state()

    # Assert: the summary has the focus and links to the question; what was typed is still there.
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator('a[href="#id_started"]')).to_be_visible()
    expect(page.locator("#error-started")).to_have_text(
        "The date 31/02/2565 does not exist: check the day and the month."
    )
    expect(page.locator("#id_started")).to_have_value("31/02/2565")
    expect(page.locator("#id_mode_other")).to_have_value("ตู้บริการ")
    expect(page.locator("#q-mode_other")).to_be_visible()
    assert serious_axe_violations(page) == []
    assert problems == []


@pytest.mark.browser
def test_a_refused_submit_focuses_its_summary_whose_link_leads_to_the_question(
    live_server, transactional_db, page: Page
):
    """The overview offered the submit button, then an answer went (another tab, a colleague): the
    refused submit comes back with the focus on its summary, whose link opens the question's section
    with the focus in the question's box and what is wrong beside it."""
    # Arrange
    from tests.submissions.test_applications import complete, make_cycle

    user = UserFactory(email="refused@example.com", password=PASSWORD)
    EmailAddressFactory(user=user)
    membership = MembershipFactory(user=user, role="owner")
    cycle = make_cycle(sections=1)
    application = start_application(
        organisation=membership.organisation, cycle=cycle, category=cycle.categories.get(), title_th="ก", by=user
    )
    complete(application, user)
    problems = watch_csp(page)
    _log_in(page, live_server.url, user)
    page.goto(f"{live_server.url}/en/my/applications/{application.pk}/")
    submit = page.locator(f'form[action="/en/my/applications/{application.pk}/submit/"] button[type="submit"]')
    expect(submit).to_be_visible()
    application.answers.filter(field__key="answer_1").delete()

    # Act
    submit.click()
    page.wait_for_load_state()

    # Assert: the summary has the focus; its link leads to the question, refused beside it.
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("The application was not submitted:")
    summary.get_by_role("link").click()
    page.wait_for_load_state()
    expect(page.locator("#error-answer_1")).to_have_text("This question is required: answer it before you submit.")
    # The link's target, the question's box, has the focus and is described by what is wrong.
    expect(page.locator("#id_answer_1")).to_be_focused()
    expect(page.locator("#id_answer_1")).to_have_attribute("aria-describedby", re.compile(r"\berror-answer_1\b"))
    assert serious_axe_violations(page) == []
    assert problems == []
