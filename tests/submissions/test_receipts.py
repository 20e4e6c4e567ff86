"""The submission receipt: rendered by the worker when the confirmation e-mail is sent, read back
with pypdf (Thai text, Sarabun embedded, the SHA-256 of every file)."""

import hashlib
import io

import pytest
from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from core.models import OutboundEmail
from submissions.emails import send_submission_confirmation
from submissions.receipts import render_receipt
from submissions.services import applications as services
from tests.factories import MembershipFactory, UserFactory

from .helpers import THAI_NAME, add
from .test_applications import complete, make_cycle, make_organisation
from .test_filetypes import minimal_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def submitted(applicant, django_capture_on_commit_callbacks):
    cycle = make_cycle()
    organisation = make_organisation(applicant)
    application = services.start_application(
        organisation=organisation,
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
        by=applicant,
    )
    add(application, applicant, name=THAI_NAME)
    complete(application, applicant)
    with django_capture_on_commit_callbacks(execute=True):
        return services.submit_application(application=application, by=applicant)


def read(pdf: bytes) -> tuple[str, set[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    return text, fonts


def test_receipt_in_thai_has_reference_buddhist_era_and_file_hashes(submitted):
    text, fonts = read(render_receipt(submitted.pk, "th"))
    local = timezone.localtime(submitted.submitted_at)
    flat = text.replace("\n", "")

    assert "ใบรับสมัคร" in text
    assert submitted.reference in text
    assert str(local.year + 543) in text
    assert submitted.organisation.name in text
    assert "ระบบรถโดยสารอัจฉริยะ" in text
    assert THAI_NAME in flat
    assert hashlib.sha256(minimal_pdf()).hexdigest() in flat
    assert fonts and all("Sarabun" in font for font in fonts)


def test_receipt_in_english(submitted):
    text, _fonts = read(render_receipt(submitted.pk, "en"))
    local = timezone.localtime(submitted.submitted_at)
    assert "Submission receipt" in text
    assert f"{local.day} {local:%B} {local.year}" in text


def test_confirmation_email_carries_the_receipt(submitted):
    email = OutboundEmail.objects.get(kind="submission_confirmation")
    assert (email.status, email.attachments[0]["filename"]) == ("sent", f"receipt-{submitted.reference}.pdf")
    filename, content, mimetype = mail.outbox[0].attachments[0]
    assert (filename, mimetype) == (f"receipt-{submitted.reference}.pdf", "application/pdf")
    assert submitted.reference in read(content)[0]


def test_confirmation_receipt_in_each_members_language(submitted, django_capture_on_commit_callbacks):
    english = UserFactory(language="en")
    MembershipFactory(user=english, organisation=submitted.organisation)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        send_submission_confirmation(application=submitted)

    receipts = {m.to[0]: read(m.attachments[0][1])[0] for m in mail.outbox}
    assert "ใบรับสมัคร" in receipts["applicant@example.com"]
    assert "Submission receipt" in receipts[english.email]
