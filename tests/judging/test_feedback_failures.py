"""Feedback to applicants when things go wrong: a PDF whose rendering keeps failing is failed after
``MAX_ATTEMPTS`` and left to staff, who read its error in admin and render it again (audited); a
scorecard submitted again after the feedback milestone renders the application's PDFs again, with
no second e-mail."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent
from awards.enums import MilestoneKind
from core.models import OutboundEmail
from judging.enums import ScorecardStatus
from judging.feedback import application_feedback, releasable_comments
from judging.models import FeedbackDocument, FeedbackNotice, ReleasedComment, Scorecard
from judging.services.feedback import MAX_ATTEMPTS, release_comments, request_due_feedback
from judging.services.scoring import reopen_scorecard, save_scorecard
from tests.factories import MembershipFactory, MilestoneFactory
from tests.judging.scored import criteria_of, scored_category

pytestmark = pytest.mark.django_db

TWO_JUDGES = {
    "A001": {"กรรมการ ก": [8, 6, 10], "กรรมการ ข": [7, 5, 9]},
    "A002": {"กรรมการ ก": [4, 4, 4], "กรรมการ ข": [5, 5, 5]},
}
# A file where the storage needs a directory: every save of a rendered PDF fails, as a full or
# unwritable disk would make it fail.
UNWRITABLE = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": ""}}}


def _past_milestone(cycle):
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.FEEDBACK, starts_at=timezone.now() - timedelta(days=1))


def _stall():
    """Ten minutes and more pass: the sweep takes every unrendered PDF for a lost task."""
    FeedbackDocument.objects.update(requested_at=timezone.now() - timedelta(minutes=11))


def _sweep(callbacks):
    with callbacks(execute=True):
        request_due_feedback()


@pytest.fixture
def unwritable(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    storages = {**settings.STORAGES, "default": {**UNWRITABLE["default"], "OPTIONS": {"location": str(blocker)}}}
    with override_settings(STORAGES=storages):
        yield


def test_a_pdf_that_keeps_failing_is_failed_after_its_attempts_with_its_error(
    applicant, unwritable, django_capture_on_commit_callbacks
):
    _round, _category, applications, _judges = scored_category({"A001": TWO_JUDGES["A001"]})
    application = applications["A001"]
    MembershipFactory(user=applicant, organisation=application.organisation)
    _past_milestone(application.cycle)

    _sweep(django_capture_on_commit_callbacks)  # asks for the PDFs: the first attempt
    for _sweeps in range(MAX_ATTEMPTS + 2):
        _stall()
        _sweep(django_capture_on_commit_callbacks)

    documents = FeedbackDocument.objects.all()
    assert documents.count() == 2
    for document in documents:
        assert document.attempts == MAX_ATTEMPTS
        assert document.failed_at is not None
        assert document.rendered_at is None
        assert "NotADirectoryError" in document.error or "FileExistsError" in document.error
    assert not FeedbackNotice.objects.exists()
    assert not OutboundEmail.objects.filter(kind="feedback_ready").exists()


def test_a_pdf_whose_worker_died_every_attempt_is_failed_by_the_sweep(django_capture_on_commit_callbacks):
    round, _category, applications, _judges = scored_category({"A001": TWO_JUDGES["A001"]})
    application = applications["A001"]
    _past_milestone(application.cycle)
    for language in ("th", "en"):
        FeedbackDocument.objects.create(
            application=application, round=round, language=language, requested_at=timezone.now(), attempts=MAX_ATTEMPTS
        )
    _stall()

    _sweep(django_capture_on_commit_callbacks)

    for document in FeedbackDocument.objects.all():
        assert (document.attempts, document.rendered_at) == (MAX_ATTEMPTS, None)
        assert document.failed_at is not None
        assert "ระบบเบื้องหลังหยุดทำงานระหว่างสร้างไฟล์ PDF" in document.error


def test_staff_see_the_failure_in_admin_and_render_it_again_audited(
    staff, login_as, django_capture_on_commit_callbacks
):
    round, _category, applications, _judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    _past_milestone(application.cycle)
    failed = FeedbackDocument.objects.create(
        application=application,
        round=round,
        language="th",
        requested_at=timezone.now(),
        attempts=MAX_ATTEMPTS,
        failed_at=timezone.now(),
        error="OSError: [Errno 28] No space left on device",
    )
    ReleasedComment.objects.create(
        round=round, application=application, text="สรุปของประธาน", approved_by=staff, approved_at=timezone.now()
    )
    client = login_as(staff)

    listing = client.get(reverse("admin:judging_feedbackdocument_changelist") + "?state=failed").content.decode()
    page = client.get(reverse("admin:judging_feedbackdocument_change", args=[failed.pk])).content.decode()
    comments = client.get(reverse("admin:judging_releasedcomment_changelist"))

    assert "No space left on device" in listing
    assert "ไม่สำเร็จเมื่อ" in page and "No space left on device" in page
    assert comments.status_code == 200 and "สรุปของประธาน" in comments.content.decode()
    assert client.get(reverse("admin:judging_releasedcomment_add")).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            reverse("admin:judging_feedbackdocument_changelist"),
            {"action": "render_again", ACTION_CHECKBOX_NAME: [str(failed.pk)]},
            follow=True,
        )

    assert done.status_code == 200
    failed.refresh_from_db()
    assert (failed.attempts, failed.failed_at, failed.error) == (1, None, "")
    assert failed.rendered_at is not None and failed.file
    event = AuditEvent.objects.get(action="feedback.render_again")
    assert (event.actor, event.target_id) == (staff, str(failed.pk))
    assert "No space left on device" in event.detail["error"]


def test_a_scorecard_submitted_again_after_the_milestone_renders_the_feedback_again_without_a_second_email(
    applicant, staff, django_capture_on_commit_callbacks
):
    round, _category, applications, judges = scored_category(TWO_JUDGES)
    application = applications["A001"]
    MembershipFactory(user=applicant, organisation=application.organisation)
    _past_milestone(application.cycle)
    _sweep(django_capture_on_commit_callbacks)
    before = {
        d.language: (d.rendered_at, d.file.name) for d in FeedbackDocument.objects.filter(application=application)
    }
    assert len(before) == 2 and all(rendered for rendered, _file in before.values())
    assert OutboundEmail.objects.filter(kind="feedback_ready", to=applicant.email).count() == 1
    judge = judges["กรรมการ ข"]
    card = Scorecard.objects.get(assignment__application=application, assignment__judge=judge)

    with django_capture_on_commit_callbacks(execute=True):
        reopen_scorecard(scorecard=card, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        save_scorecard(
            assignment=card.assignment,
            steps={criterion.pk: 10 for criterion in criteria_of(round.rubric)},
            submit=True,
            by=judge,
        )

    card.refresh_from_db()
    assert card.status == ScorecardStatus.SUBMITTED
    assert application_feedback(application).total == 27  # (8 + 6 + 10 + 10 + 10 + 10) / 2, was 22.50
    for document in FeedbackDocument.objects.filter(application=application):
        rendered_at, file = before[document.language]
        assert document.rendered_at > rendered_at
        assert document.file.name != file
    # The other application's PDFs are not touched.
    assert FeedbackDocument.objects.filter(application=applications["A002"], attempts=1).count() == 2
    assert OutboundEmail.objects.filter(kind="feedback_ready", to=applicant.email).count() == 1
    assert FeedbackNotice.objects.filter(application=application).count() == 1


def test_a_scorecard_submitted_before_the_milestone_asks_for_no_feedback(django_capture_on_commit_callbacks):
    round, _category, applications, judges = scored_category({"A001": TWO_JUDGES["A001"]})
    judge = judges["กรรมการ ก"]
    card = Scorecard.objects.get(assignment__judge=judge)
    Scorecard.objects.filter(pk=card.pk).update(status=ScorecardStatus.DRAFT, submitted_at=None)

    with django_capture_on_commit_callbacks(execute=True):
        save_scorecard(
            assignment=card.assignment,
            steps={criterion.pk: 1 for criterion in criteria_of(round.rubric)},
            submit=True,
            by=judge,
        )

    assert not FeedbackDocument.objects.exists()


@pytest.mark.parametrize("changelist", ["feedbackdocument", "releasedcomment"])
def test_the_feedback_lists_in_admin_keep_their_number_of_queries(changelist, chair, staff, login_as):
    url = reverse(f"admin:judging_{changelist}_changelist")
    client = login_as(staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def judged(table):
        round, category, applications, _judges = scored_category(table)
        release_comments(
            round=round, category=category, keys={i.key for i in releasable_comments(round, category)}, by=chair
        )
        for application in applications.values():
            for language in ("th", "en"):
                FeedbackDocument.objects.create(
                    application=application, round=round, language=language, requested_at=timezone.now()
                )

    judged({"A001": TWO_JUDGES["A001"]})
    one = queries()
    judged({f"B{n:03d}": TWO_JUDGES["A001"] for n in range(1, 4)})

    assert queries() == one
