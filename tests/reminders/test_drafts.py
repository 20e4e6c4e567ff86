from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from awards import services as award_services
from awards.enums import MilestoneKind
from awards.models import Milestone
from core.models import OutboundEmail
from reminders.enums import ReminderKind
from reminders.models import Reminder
from reminders.services import sweep
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.services.applications import grant_extension

from ..factories import MembershipFactory, UserFactory
from .conftest import DAY, old_draft

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


def ledger():
    return sorted((r.recipient.email, r.kind, r.deadline) for r in Reminder.objects.select_related("recipient"))


def kinds_sent():
    return [email.kind for email in OutboundEmail.objects.order_by("pk")]


def test_draft_reminders_sent_at_each_stage_once(draft, deadline, django_capture_on_commit_callbacks):
    for at in [
        deadline - 8 * DAY,
        deadline - 6 * DAY,
        deadline - 5 * DAY,
        deadline - 2 * DAY,
        deadline - 20 * HOUR,
        deadline - 2 * HOUR,
        deadline - HOUR,
        deadline + HOUR,
    ]:
        with django_capture_on_commit_callbacks(execute=True):
            sweep(at=at)

    assert kinds_sent() == ["draft_7d", "draft_3d", "draft_1d", "draft_3h"]
    assert ledger() == [
        ("applicant@example.com", kind, deadline) for kind in ["draft_1d", "draft_3d", "draft_3h", "draft_7d"]
    ]
    assert len(mail.outbox) == 4


def test_sweep_run_twice_sends_each_reminder_once(draft, deadline):
    first = sweep(at=deadline - 2 * DAY)
    second = sweep(at=deadline - 2 * DAY)

    assert (first["draft_reminders"], second["draft_reminders"]) == (1, 0)
    assert kinds_sent() == ["draft_3d"]


def test_late_sweep_sends_only_the_nearest_stage(draft, deadline):
    # The sweep was down for days: it does not send the 7-day, 3-day and 1-day reminders at once.
    sweep(at=deadline - 2 * HOUR)
    assert kinds_sent() == ["draft_3h"]


def test_draft_started_after_a_stage_waits_for_the_next(applicant, deadline):
    organisation = MembershipFactory(user=applicant).organisation
    application = old_draft(deadline=deadline, organisation=organisation)
    Application.objects.filter(pk=application.pk).update(created_at=deadline - 2 * DAY)

    sweep(at=deadline - 2 * DAY + HOUR)
    sweep(at=deadline - 20 * HOUR)
    assert kinds_sent() == ["draft_1d"]


def test_submitted_and_withdrawn_applications_get_no_reminder(draft, deadline):
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.SUBMITTED)
    sweep(at=deadline - 2 * DAY)
    Application.objects.filter(pk=draft.pk).update(status=ApplicationStatus.WITHDRAWN)
    sweep(at=deadline - 20 * HOUR)
    assert kinds_sent() == []


def test_every_member_reminded_in_own_language_with_buddhist_era(draft, deadline):
    MembershipFactory(
        user=UserFactory(email="colleague@example.com", full_name="Jane Doe", language="en"),
        organisation=draft.organisation,
    )
    local = timezone.localtime(deadline)
    sweep(at=deadline - 2 * DAY)

    thai = OutboundEmail.objects.get(to="applicant@example.com")
    english = OutboundEmail.objects.get(to="colleague@example.com")
    assert str(local.year + 543) in thai.subject
    assert thai.subject.startswith("แจ้งเตือน")
    assert english.subject == f"Reminder: applications close on {local.day} {local:%B} {local.year} at {local:%H:%M}"
    assert draft.title_th in english.body_text
    assert f"/en/my/applications/{draft.pk}/" in english.body_text


def test_one_reminder_lists_every_draft_with_the_same_deadline(draft, deadline):
    second = old_draft(deadline=deadline, organisation=draft.organisation, cycle=draft.cycle, title_th="โครงการที่สอง")
    sweep(at=deadline - 2 * DAY)

    email = OutboundEmail.objects.get()
    assert (draft.title_th in email.body_text, second.title_th in email.body_text) == (True, True)


def test_extension_announced_once_and_reminders_follow_the_new_deadline(draft, deadline, staff):
    sweep(at=deadline - 2 * DAY)
    milestone = Milestone.objects.get(cycle=draft.cycle, kind=MilestoneKind.SUBMISSION_DEADLINE)
    new_deadline = deadline + 20 * DAY
    award_services.extend_milestone(milestone=milestone, new_at=new_deadline, reason_th="ขยายเวลา", by=staff)

    sweep()
    sweep()
    sweep(at=deadline - 20 * HOUR)  # the old 1-day reminder is no longer due
    sweep(at=new_deadline - 6 * DAY)

    assert kinds_sent() == ["draft_3d", "deadline_extended", "draft_7d"]
    assert ledger() == [
        ("applicant@example.com", "deadline_extended", new_deadline),
        ("applicant@example.com", "draft_3d", deadline),
        ("applicant@example.com", "draft_7d", new_deadline),
    ]
    announcement = OutboundEmail.objects.get(kind=ReminderKind.DEADLINE_EXTENDED)
    assert "ขยายเวลา" in announcement.body_text


def test_extension_not_announced_to_drafts_started_after_it(applicant, staff):
    organisation = MembershipFactory(user=applicant).organisation
    application = old_draft(deadline=timezone.now() + 2 * DAY, organisation=organisation)
    milestone = Milestone.objects.get(cycle=application.cycle)
    award_services.extend_milestone(milestone=milestone, new_at=timezone.now() + 30 * DAY, by=staff)
    Application.objects.filter(pk=application.pk).update(created_at=timezone.now() + HOUR)

    sweep(at=timezone.now() + 2 * HOUR)
    assert kinds_sent() == []


def test_personal_extension_moves_the_reminders(draft, deadline, staff):
    personal = deadline + 10 * DAY
    grant_extension(application=draft, until=personal, reason="น้ำท่วม", by=staff)

    sweep(at=deadline - 2 * DAY)  # no longer 3 days before this application's deadline
    sweep(at=personal - 2 * DAY)
    assert kinds_sent() == ["draft_3d"]
    assert ledger() == [("applicant@example.com", "draft_3d", personal)]
