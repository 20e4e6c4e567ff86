"""Staff upload a signature to the edition's certificate design (a PDF renamed .png is refused),
make a certificate in admin and download its PDF in a real browser; the QR code read from that PDF
opens the public page that confirms it, and a forged code is refused.

``live_server`` serves the site from another thread, so the data is committed (``transactional_db``);
tasks run eagerly after commit, so the PDF is rendered when the admin's save returns.
"""

import io
from pathlib import Path

import pytest
import zxingcpp
from django.core.files.storage import default_storage
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from awards.models import Prize
from demo.accounts import DEMO_TOTP_SECRET
from documents.models import Certificate, Signatory
from submissions.models import Application
from tests.browser.helpers import log_in, seed_demo
from tests.factories import png_bytes

STAFF_EMAIL = "staff@example.com"
DEMO_PASSWORD = "demo-award-2026"


@pytest.fixture
def site(live_server, settings, tmp_path, transactional_db):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    seed_demo()
    # After seeding, so that the demo is the copy every browser test starts from; the certificate
    # made in the test is what must point at this server.
    settings.SITE_URL = live_server.url
    return live_server.url


def _log_in_as_staff(page: Page, base_url: str) -> None:
    # Staff answer the two-factor step with the demo authenticator's current code.
    log_in(page, base_url, STAFF_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)


def _qr_url(pdf: bytes) -> str:
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    found = [result.text for image in images for result in zxingcpp.read_barcodes(image.image)]
    assert len(found) == 1, found
    return found[0]


def _upload_signature(page: Page, base_url: str, signatory: Signatory, path: Path) -> None:
    page.goto(f"{base_url}/admin/documents/certificatedesign/{signatory.design_id}/change/")
    page.locator("#id_signatories-0-signature").set_input_files(str(path))
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_staff_make_a_certificate_in_admin_download_it_and_its_qr_code_verifies(site, page: Page, tmp_path):
    application = Application.objects.filter(cycle__slug="demo-judging").order_by("pk").first()
    prize = Prize.objects.get(cycle=application.cycle, category=application.category)
    signatory = Signatory.objects.get(design__cycle=application.cycle)
    _log_in_as_staff(page, site)

    renamed_pdf, signature = tmp_path / "ลายมือชื่อ.png", tmp_path / "signature.png"
    renamed_pdf.write_bytes(b"%PDF-1.7\n%%EOF\n")
    signature.write_bytes(png_bytes("#1f2f6b", (300, 100)))
    _upload_signature(page, site, signatory, renamed_pdf)
    expect(page.locator(".errorlist").first).to_contain_text("ไฟล์นี้ไม่ใช่ภาพ PNG หรือ JPEG")
    _upload_signature(page, site, signatory, signature)
    signatory.refresh_from_db()
    assert default_storage.open(signatory.signature.name).read() == signature.read_bytes()

    page.goto(site + "/admin/documents/certificate/add/")
    page.locator("#id_prize").select_option(str(prize.pk))
    page.locator("#id_application").select_option(str(application.pk))
    page.locator("#id_language").select_option("th")
    page.locator('input[name="_save"]').click()
    page.wait_for_load_state()
    certificate = Certificate.objects.get(prize=prize, application=application)

    page.goto(site + "/admin/documents/document/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="ดาวน์โหลด PDF").first.click()
    pdf = Path(download_info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    url = _qr_url(pdf)
    assert url == f"{site}/verify/{certificate.code}/"
    # The emblem, two partners' logos, the uploaded signature and the QR code.
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 5

    response = page.goto(url)
    assert response.status == 200
    expect(page.locator("main")).to_contain_text("เกียรติบัตรนี้เป็นของจริง")
    expect(page.locator("main")).to_contain_text(application.organisation.name)

    forged = url.replace(certificate.code, certificate.code[:-4] + "AAAA")
    response = page.goto(forged)
    assert response.status == 404
    expect(page.locator("main")).to_contain_text("ไม่สามารถยืนยันเกียรติบัตรนี้ได้")
