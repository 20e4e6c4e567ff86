"""The demo: staff can print score sheets and certificates for the judging demo edition, whose
certificates carry the demo's emblem, partners' logos and a signed signatory."""

import io

from pypdf import PdfReader

from accounts.models import User
from awards.models import Cycle
from demo.documents import DEMO_SLUGS
from documents import services
from documents.enums import DocumentKind, DocumentStatus
from judging.enums import ScorecardStatus
from judging.models import Assignment


def test_demo_has_submitted_scorecards_and_a_signatory_to_print(demo, django_capture_on_commit_callbacks):
    chair = User.objects.get(email="chair@example.com")
    staff = User.objects.get(email="staff@example.com")
    assignment = Assignment.objects.filter(round__cycle__slug="demo-judging", judge=chair).first()
    application = assignment.application

    assert assignment.scorecard.status == ScorecardStatus.SUBMITTED
    design = application.cycle.certificate_design
    signatory = design.signatories.get()
    assert signatory.position_th == "ผู้อำนวยการใหญ่สำนักงานส่งเสริมเศรษฐกิจดิจิทัล"
    assert design.emblem and signatory.signature and design.logos.count() == 2
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.request_document(kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment)
        prize = application.cycle.prizes.get(category=application.category)
        batch = services.generate_certificates(pairs=[(prize, application)], languages=["th"], by=staff, label="demo")
    sheet.refresh_from_db()
    assert sheet.status == DocumentStatus.DONE
    certificate = batch.documents.get()
    assert certificate.status == DocumentStatus.DONE
    with certificate.file.open("rb") as pdf:
        page = PdfReader(io.BytesIO(pdf.read())).pages[0]
    # The emblem, two partners' logos, the signature and the QR code.
    assert len(page.images) == 5
    assert "(นายสมชาย ใจดี)" in page.extract_text()


def test_every_demo_edition_has_a_certificate_design(demo):
    assert sorted(Cycle.objects.filter(certificate_design__isnull=False).values_list("slug", flat=True)) == sorted(
        DEMO_SLUGS
    )
