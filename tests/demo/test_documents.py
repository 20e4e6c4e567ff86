"""The demo: staff can print score sheets and certificates for the judging demo edition."""

from accounts.models import User
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
    assert application.cycle.signatory_name_th
    with django_capture_on_commit_callbacks(execute=True):
        sheet = services.request_document(kind=DocumentKind.SCORE_SHEET, language="th", by=staff, assignment=assignment)
        prize = application.cycle.prizes.get(category=application.category)
        batch = services.generate_certificates(pairs=[(prize, application)], languages=["th"], by=staff, label="demo")
    sheet.refresh_from_db()
    assert sheet.status == DocumentStatus.DONE
    assert batch.documents.get().status == DocumentStatus.DONE
