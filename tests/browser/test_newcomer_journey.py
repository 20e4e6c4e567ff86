"""A newcomer from the home page to a submitted application by clicks only (1280 px): every page they
reach offers the next step as a visible button or link. The only addresses opened directly are the
home page and the confirmation link from the e-mail, as a person would follow it."""

import re

import pytest
from playwright.sync_api import Page, expect

from awards.models import Cycle
from core.models import OutboundEmail
from submissions.models import Application, Province
from tests.browser.helpers import seed_demo, serious_axe_violations, watch_csp

from .test_applicant_journey import CONFIRMATION_LINK, PDF_BYTES, REFERENCE, fill_the_form

DESKTOP = {"width": 1280, "height": 900}
PHONE_390 = {"width": 390, "height": 844}
EMAIL = "newcomer@example.com"


def _click(page: Page, locator) -> None:
    expect(locator).to_be_visible()
    locator.click()
    page.wait_for_load_state()


def _axe_at_both_sizes(page: Page) -> list[str]:
    problems = []
    for size in (DESKTOP, PHONE_390):
        page.set_viewport_size(size)
        problems += [f"{size['width']}px {line}" for line in serious_axe_violations(page)]
    page.set_viewport_size(DESKTOP)
    return problems


@pytest.mark.browser
def test_newcomer_reaches_a_submitted_application_by_clicks_only(live_server, transactional_db, page: Page, tmp_path):
    # Arrange
    seed_demo()
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    problems = watch_csp(page)
    pdf = tmp_path / "project-summary.pdf"
    pdf.write_bytes(PDF_BYTES)
    cycle = Cycle.objects.get(slug="demo")
    category = cycle.categories.get(name_en="Smart Mobility")

    # Act: the home page lists the seven categories and the deadline with its time.
    page.goto(base + "/")
    expect(page.get_by_test_id("home-category")).to_have_count(7)
    expect(page.get_by_test_id("deadline")).to_contain_text(re.compile(r"เวลา \d{2}\.\d{2} น\."))
    expect(page.locator("#categories")).to_contain_text("Smart Mobility")
    # Headings break only between Thai words (<wbr>), and read exactly as written.
    assert page.locator(".hero h1 wbr").count() > 0
    assert page.locator(".hero h1").inner_text() == cycle.name_th
    titles = page.get_by_test_id("home-category").locator("h3").all_inner_texts()
    assert titles == [c.name_th for c in cycle.categories.order_by("position", "id")]
    assert _axe_at_both_sizes(page) == []
    _click(page, page.get_by_test_id("apply-now"))
    assert _axe_at_both_sizes(page) == []
    _click(page, page.get_by_role("link", name="สร้างบัญชีเพื่อสมัคร"))

    # Act: sign up.
    page.locator("#id_full_name").fill("มานี มีนา")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_password1").fill("a-long-Thai-passphrase-2565")
    page.locator("#id_password2").fill("a-long-Thai-passphrase-2565")
    page.locator("#id_consent").check()
    _click(page, page.locator('form[action="/accounts/signup/"] button[type="submit"]'))

    # Act: the link from the e-mail, then confirm.
    confirmation = OutboundEmail.objects.get(to=EMAIL, kind="email_confirmation_signup")
    page.goto(CONFIRMATION_LINK.search(confirmation.body_text).group(0))
    _click(page, page.locator('form[action*="/accounts/confirm-email/"] button[type="submit"]'))

    # Act: logged in, from the home page on: apply, start an application.
    expect(page).to_have_url(base + "/")
    _click(page, page.get_by_test_id("apply-now"))
    _click(page, page.get_by_test_id("start-application"))

    # Act: no organisation yet: set it up, then on to the application.
    expect(page.get_by_test_id("organisation-form")).to_be_visible()
    assert _axe_at_both_sizes(page) == []
    form = page.get_by_test_id("organisation-form")
    form.locator("#id_name").fill("เทศบาลนครทดลอง")
    form.locator("#id_kind").select_option("city_municipality")
    form.locator("#id_province").select_option(str(Province.objects.get(code="30").pk))
    form.locator("#id_address").fill("1 ถนนมิตรภาพ ตำบลในเมือง อำเภอเมือง จังหวัดนครราชสีมา 30000")
    form.locator("#id_contact_name").fill("มานี มีนา")
    form.locator("#id_contact_phone").fill("044 000 000")
    _click(page, form.locator('button[type="submit"]'))

    # Assert: the start form, with no category chosen for them.
    expect(page).to_have_url(f"{base}/my/start/demo/")
    expect(page.locator("#id_category")).to_have_value("")
    assert _axe_at_both_sizes(page) == []

    # Act: choose the category and start.
    page.locator("#id_category").select_option(str(category.pk))
    page.locator("#id_title_th").fill("รถโดยสารไฟฟ้าอัจฉริยะ")
    _click(page, page.locator('form:has(#id_title_th) button[type="submit"]'))
    application = Application.objects.get(organisation__memberships__user__email=EMAIL)
    assert application.category == category

    # Act: the sections, from the overview's first section (the project's facts), one after the other.
    _click(page, page.get_by_test_id("section-item").first.locator("a"))
    fill_the_form(page, page.url.split("sections/")[0])
    expect(page).to_have_url(re.compile(rf"/my/applications/{application.pk}/$"))

    # Act: the attachments, from the overview; then back to it by its link.
    _click(page, page.get_by_role("link", name="เอกสารแนบ", exact=True))
    page.get_by_test_id("upload-form").locator('input[type="file"]').set_input_files(pdf)
    _click(page, page.get_by_test_id("upload-form").locator('button[type="submit"]'))
    expect(page.get_by_test_id("attachment-row")).to_have_count(1)
    _click(page, page.get_by_test_id("next-step-submit"))

    # Act: submit.
    _click(page, page.locator(f'form[action="/my/applications/{application.pk}/submit/"] button[type="submit"]'))

    # Assert: the receipt: the reference on the page and in the confirmation e-mail.
    application.refresh_from_db()
    assert application.status == "submitted"
    assert REFERENCE.search(page.locator("main").inner_text())
    receipts = OutboundEmail.objects.filter(kind="submission_confirmation", to=EMAIL)
    assert [application.reference in receipt.subject for receipt in receipts] == [True]

    # Assert: the applicant's list, as cards on a 390 px phone, and the site pages of the footer.
    _click(page, page.get_by_role("link", name="ใบสมัครของฉัน").first)
    page.set_viewport_size(PHONE_390)
    row = page.get_by_test_id("application-row")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_390["width"]
    assert row.evaluate("e => getComputedStyle(e).display") == "block"
    assert _axe_at_both_sizes(page) == []
    for name in ("นโยบายเว็บไซต์", "การเข้าถึงเว็บไซต์", "ประกาศความเป็นส่วนตัว"):
        _click(page, page.locator(".site-footer").get_by_role("link", name=name))
        assert _axe_at_both_sizes(page) == []
    assert problems == []
