"""PDPA: a person downloads their data and asks for deletion; deletion anonymises them but keeps
applications and scores consistent; retention periods are enforced by a periodic task."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.audit import record_event
from accounts.enums import ConsentPurpose
from accounts.models import AuditEvent, Consent, User
from accounts.services import apply_retention, record_consent
from judging.models import DiscussionMessage, Scorecard
from judging.services import scoring
from submissions.models import Application, Invitation
from tests.factories import (
    ApplicationFactory,
    AuditEventFactory,
    EmailAddressFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)
from tests.judging.test_views import answered, assign, criteria_of, declare, make_round

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


@pytest.fixture
def applicant_with_data(applicant):
    record_consent(user=applicant, purpose=ConsentPurpose.ACCOUNT, notice_version="2026-11")
    membership = MembershipFactory(user=applicant, role="owner")
    membership.organisation.contact_name = applicant.full_name
    membership.organisation.save()
    ApplicationFactory(organisation=membership.organisation, created_by=applicant, title_th="ของฉัน")
    ApplicationFactory(title_th="ของคนอื่น")
    InvitationFactory(organisation=membership.organisation, email=applicant.email)
    return applicant


def download(client) -> dict:
    response = client.get(reverse("accounts:personal_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    return json.loads(response.content)


# Export


def test_account_page_offers_the_download_deletion_and_two_factor(applicant, login_as):
    response = login_as(applicant).get(reverse("accounts:account"))

    page = response.content.decode()
    assert response.status_code == 200
    for name in ("accounts:personal_data", "accounts:erase", "mfa_index"):
        assert reverse(name) in page


def test_download_holds_account_consents_membership_own_applications_and_events(applicant_with_data, login_as):
    client = login_as(applicant_with_data)

    data = download(client)

    assert data["account"]["email"] == applicant_with_data.email
    assert data["account"]["full_name"] == "สมชาย ใจดี"
    assert [c["purpose"] for c in data["consents"]] == ["account"]
    assert [m["role"] for m in data["memberships"]] == ["owner"]
    assert [a["title_th"] for a in data["applications"]] == ["ของฉัน"]
    assert len(data["invitations"]) == 1
    assert [e["action"] for e in data["audit_events"]] == ["auth.login"]
    assert AuditEvent.objects.filter(action="pdpa.export", actor=applicant_with_data).count() == 1


def test_download_of_a_judge_holds_declarations_and_assignments_never_secrets(judge, login_as):
    round_ = make_round()
    assignment = assign(round_, judge)
    declare(judge, round_.cycle)
    DiscussionMessage.objects.create(round=round_, application=assignment.application, author=judge, body="เห็นด้วย")

    data = download(login_as(judge))

    assert [d["cycle"] for d in data["declarations_of_interests"]] == [round_.cycle.slug]
    assert len(data["judging_assignments"]) == 1
    assert [m["text"] for m in data["panel_discussion_messages"]] == ["เห็นด้วย"]
    assert data["account"]["two_factor"] == ["totp"]
    assert "secret" not in json.dumps(data)


def test_download_needs_a_log_in(client):
    response = client.get(reverse("accounts:personal_data"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


# Erasure


def test_deletion_anonymises_the_person_and_keeps_their_applications(client, applicant_with_data, login_as):
    client = login_as(applicant_with_data)
    pk = applicant_with_data.pk
    record_event(actor=applicant_with_data, action="export.scores")

    response = client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})

    user = User.objects.get(pk=pk)
    application = Application.objects.get(title_th="ของฉัน")
    assert response.status_code == 302
    assert (user.email, user.full_name, user.is_active) == (f"erased-{pk}@erased.invalid", "", False)
    assert not user.has_usable_password()
    assert application.created_by == user
    assert application.organisation.contact_name == ""
    assert Invitation.objects.get().email == user.email
    assert Consent.objects.get(user=user).withdrawn_at is not None
    assert not AuditEvent.objects.filter(actor_email="applicant@example.com").exists()
    assert AuditEvent.objects.filter(action="pdpa.erase", target_id=str(pk)).count() == 1
    assert "_auth_user_id" not in client.session
    assert client.post("/accounts/login/", {"login": "applicant@example.com", "password": PASSWORD}).status_code == 200


def test_deletion_of_a_judge_keeps_their_scores(judge, login_as):
    round_ = make_round()
    assignment = assign(round_, judge)
    declare(judge, round_.cycle)
    answered(assignment)
    scorecard = scoring.scorecard_for(assignment=assignment)
    scoring.record_score(scorecard=scorecard, criterion=criteria_of(round_)[0], steps=2, by=judge)
    client = login_as(judge)

    client.post(reverse("accounts:erase"), {"password": PASSWORD, "confirm": "on"})

    kept = Scorecard.objects.get(pk=scorecard.pk)
    assert kept.assignment.judge_id == judge.pk
    assert [s.steps for s in kept.scores.all()] == [2]
    assert User.objects.get(pk=judge.pk).email == f"erased-{judge.pk}@erased.invalid"


def test_deletion_refused_without_the_right_password(applicant, login_as):
    response = login_as(applicant).post(reverse("accounts:erase"), {"password": "wrong", "confirm": "on"})

    assert response.status_code == 200
    assert 'data-testid="error-summary"' in response.content.decode()
    assert User.objects.get(pk=applicant.pk).email == "applicant@example.com"


# Retention


def test_retention_deletes_old_unverified_accounts_and_blanks_old_addresses(settings):
    settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS = 30
    settings.RETENTION_AUDIT_IP_DAYS = 180
    now = timezone.now()
    old_unverified = UserFactory(date_joined=now - timedelta(days=31))
    EmailAddressFactory(user=old_unverified, verified=False)
    new_unverified = UserFactory(date_joined=now - timedelta(days=29))
    old_verified = UserFactory(date_joined=now - timedelta(days=400))
    EmailAddressFactory(user=old_verified)
    old_event = AuditEventFactory(ip_address="203.0.113.1", at=now - timedelta(days=181))
    new_event = AuditEventFactory(ip_address="203.0.113.2", at=now - timedelta(days=179))

    result = apply_retention(now=now)

    assert set(User.objects.values_list("pk", flat=True)) == {new_unverified.pk, old_verified.pk}
    assert (result["deleted_accounts"], result["blanked_ips"]) == (1, 1)
    old_event.refresh_from_db()
    new_event.refresh_from_db()
    assert (old_event.ip_address, new_event.ip_address) == (None, "203.0.113.2")


def test_retention_runs_nightly_from_the_one_beat_schedule():
    from accounts.tasks import apply_retention as task
    from config.celery import app

    entry = app.conf.beat_schedule["apply-retention"]
    result = task.delay().get()

    assert entry["task"] == "accounts.tasks.apply_retention"
    assert set(result) == {"deleted_accounts", "blanked_ips", "dropped_login_records"}
