"""PDFs rendered the production way: static files collected by ``collectstatic`` into STATIC_ROOT
through the manifest storage production uses, templates linking the hashed names
(``css/fonts.<hash>.css``), DEBUG off. A rendering that cannot fetch a file ends "failed" with its
error, for documents and for e-mails whose attachment it is."""

import io
import shutil

import pytest
from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from core import emails
from core.models import OutboundEmail
from core.pdf import PDFRenderingError, html_to_pdf
from documents import services
from documents.enums import DocumentKind, DocumentStatus
from documents.models import Document
from submissions.enums import ApplicationStatus
from submissions.receipts import receipt_attachment, render_receipt
from tests.documents.conftest import letters
from tests.factories import ApplicationFactory, PrizeFactory

pytestmark = pytest.mark.django_db

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"
# Compression (.gz, .br) only matters to browsers and takes half a minute: the collected names
# and the manifest, which PDFs depend on, are the same without it.
NOT_COMPRESSED = ["css", "js", "ttf", "svg", "txt", "map", "md", "json", "png", "ico", "woff", "woff2"]


def _production_static(settings, root) -> None:
    settings.DEBUG = False
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT as ``manage.py collectstatic`` leaves it on a production server (once per module)."""
    from django.conf import settings

    root = tmp_path_factory.mktemp("static_root")
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    with override_settings(
        DEBUG=False, STATIC_ROOT=root, STORAGES=storages, WHITENOISE_SKIP_COMPRESS_EXTENSIONS=NOT_COMPRESSED
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production(settings, collected, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    _production_static(settings, collected)
    return collected


@pytest.fixture
def without_fonts_css(settings, collected, tmp_path):
    """A collected folder that lacks the hashed stylesheet of the fonts, which every PDF links."""
    root = tmp_path / "static_root"
    shutil.copytree(collected, root)
    for stylesheet in (root / "css").glob("fonts.*.css"):
        stylesheet.unlink()
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    _production_static(settings, root)
    return root


@pytest.fixture
def submitted():
    return ApplicationFactory(
        status=ApplicationStatus.SUBMITTED,
        reference="SCSA2565-MOB-001",
        submitted_at=timezone.now(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
    )


def read(pdf: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    return text, fonts


def test_pdf_templates_link_hashed_static_names_in_production(production):
    html = render_to_string("pdf/base.html")

    hashed = sorted(path.name for path in (production / "css").glob("fonts.*.css"))
    assert len(hashed) == 1
    assert f'href="/static/css/{hashed[0]}"' in html
    assert 'href="/static/css/fonts.css"' not in html


def test_receipt_renders_from_collected_static_files_in_production(production, submitted):
    text, fonts = read(render_receipt(submitted.pk, "th"))

    assert "ใบรับสมัคร" in text
    assert "ระบบรถโดยสารอัจฉริยะ" in text
    assert "SCSA2565-MOB-001" in text
    assert fonts and all("Sarabun" in font for font in fonts)


def test_certificate_renders_from_collected_static_files_in_production(
    production, submitted, staff, django_capture_on_commit_callbacks
):
    prize = PrizeFactory(cycle=submitted.cycle, category=submitted.category, name_th="รางวัลดีเด่น")

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.generate_certificates(pairs=[(prize, submitted)], languages=["th"], by=staff, label="ผลิต")

    document = batch.documents.get()
    assert (document.status, document.error, document.attempts) == (DocumentStatus.DONE, "", 1)
    text, fonts = read(document.file.read())
    assert letters("รางวัลดีเด่น") in letters(text)
    assert "ระบบรถโดยสารอัจฉริยะ" in text
    assert fonts and all("Sarabun" in font for font in fonts)


def test_receipt_email_sent_with_its_pdf_in_production(production, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = emails.queue_email(
            kind="submission_confirmation",
            to="applicant@example.com",
            language="th",
            template="test",
            context={},
            attachments=[receipt_attachment(submitted)],
        )

    email.refresh_from_db()
    assert (email.status, email.last_error) == (OutboundEmail.Status.SENT, "")
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == ("receipt-SCSA2565-MOB-001.pdf", "application/pdf")
    text, fonts = read(content)
    assert "ใบรับสมัคร" in text
    assert fonts and all("Sarabun" in font for font in fonts)


def test_pdf_in_production_refuses_paths_outside_the_collected_folder(production):
    page = '<!doctype html><html><body><img src="/static/../../../../etc/passwd" alt=""></body></html>'

    with pytest.raises(PDFRenderingError, match="^Error fetching ") as error:
        html_to_pdf(page)

    assert isinstance(error.value.__cause__, FatalURLFetchingError)
    assert isinstance(error.value.__cause__.__cause__, ValueError)


def test_document_whose_static_file_cannot_be_fetched_ends_failed_with_its_error(
    without_fonts_css, submitted, staff, django_capture_on_commit_callbacks
):
    prize = PrizeFactory(cycle=submitted.cycle, category=submitted.category)

    with django_capture_on_commit_callbacks(execute=True):
        batch = services.generate_certificates(pairs=[(prize, submitted)], languages=["th"], by=staff, label="ผลิต")

    document = batch.documents.get()
    assert (document.status, document.attempts, document.file.name) == (DocumentStatus.FAILED, 1, "")
    assert document.error.startswith("core.pdf.PDFRenderingError: Error fetching")
    assert "\ncaused by: ValueError: no static file at /static/css/fonts." in document.error
    assert document.lease_until is None
    assert document.finished_at is not None


def test_failed_document_is_rendered_again_by_staff_once_the_file_is_back(
    without_fonts_css, collected, settings, submitted, staff, django_capture_on_commit_callbacks
):
    prize = PrizeFactory(cycle=submitted.cycle, category=submitted.category)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.generate_certificates(pairs=[(prize, submitted)], languages=["th"], by=staff, label="ผลิต")
    settings.STATIC_ROOT = collected

    with django_capture_on_commit_callbacks(execute=True):
        retried = services.retry_documents(documents=Document.objects.filter(batch=batch), by=staff)

    document = batch.documents.get()
    assert retried == 1
    assert (document.status, document.error, document.attempts) == (DocumentStatus.DONE, "", 2)
    assert document.kind == DocumentKind.CERTIFICATE


def test_email_whose_attachment_cannot_be_rendered_ends_failed_with_its_error(without_fonts_css, submitted):
    email = emails.queue_email(
        kind="submission_confirmation",
        to="applicant@example.com",
        language="th",
        template="test",
        context={},
        attachments=[receipt_attachment(submitted)],
    )

    delivered = emails.deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (delivered, email.status, email.attempts, mail.outbox) == (False, OutboundEmail.Status.FAILED, 1, [])
    assert email.last_error.startswith("core.pdf.PDFRenderingError: Error fetching")
    assert "\ncaused by: ValueError: no static file at /static/css/fonts." in email.last_error
