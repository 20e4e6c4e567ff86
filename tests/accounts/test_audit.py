from django.test import RequestFactory

from accounts.audit import record_event
from accounts.models import AuditEvent


def test_an_event_keeps_who_what_target_and_address(staff, applicant):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")

    event = record_event(actor=staff, action="export.scores", target=applicant, detail={"rows": 3}, request=request)

    event.refresh_from_db()
    assert (event.actor, event.actor_email, event.action) == (staff, staff.email, "export.scores")
    assert (event.target_type, event.target_id) == ("accounts.user", str(applicant.pk))
    assert event.target_repr == str(applicant)
    assert event.detail == {"rows": 3}
    assert event.ip_address == "203.0.113.9"


def test_the_email_survives_when_the_account_is_deleted(staff):
    record_event(actor=staff, action="vote.void")
    email = staff.email
    staff.delete()

    event = AuditEvent.objects.get()
    assert event.actor is None
    assert event.actor_email == email


def test_staff_read_the_log_in_admin_but_cannot_change_it(client, staff, login_as):
    record_event(actor=staff, action="decision.finalise")
    login_as(staff)

    listing = client.get("/admin/accounts/auditevent/")
    event = AuditEvent.objects.get(action="decision.finalise")
    change = client.post(f"/admin/accounts/auditevent/{event.pk}/change/", {"action": "forged"})

    assert listing.status_code == 200
    assert "decision.finalise" in listing.content.decode()
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    assert change.status_code == 403
    event.refresh_from_db()
    assert event.action == "decision.finalise"
