from datetime import timedelta

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from awards.models import Cycle, Rubric
from core.models import OutboundEmail
from tests.i18n import thai

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(demo):
    # seed_demo makes staff@example.com (the staff persona's address): its staff member is the persona.
    return User.objects.get(email="staff@example.com")


def test_every_admin_list_opens_for_staff(login_as, staff, demo):
    client = login_as(staff)
    for model in admin.site._registry:
        if not staff.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}"):
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_every_demo_object_opens_in_admin(login_as, staff, demo):
    client = login_as(staff)
    for obj in [*Cycle.objects.all(), *Rubric.objects.all()]:
        url = reverse(f"admin:awards_{obj._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, url


def test_rubric_admin_warns_staff_about_dimension_two(login_as, staff, demo):
    rubric = Rubric.objects.get(cycle__slug="2022")
    response = login_as(staff).get(reverse("admin:awards_rubric_change", args=[rubric.pk]))
    warnings = [str(m) for m in response.context["messages"]]
    assert len(warnings) == 1
    assert "25" in warnings[0] and "30" in warnings[0]


def test_outbox_list_offers_test_email_button(login_as, staff, demo):
    html = login_as(staff).get(reverse("admin:core_outboundemail_changelist")).content.decode()
    assert reverse("admin:core_outboundemail_send_test") in html


def test_deadline_extension_earlier_date_refused_in_form(login_as, staff, demo):
    deadline = Cycle.objects.get(slug="demo").milestones.get(kind="submission_deadline")
    earlier = deadline.starts_at.astimezone() - timedelta(days=1)
    response = login_as(staff).post(
        reverse("admin:awards_deadlineextension_add"),
        {"milestone": deadline.pk, "new_at_0": earlier.strftime("%Y-%m-%d"), "new_at_1": earlier.strftime("%H:%M:%S")},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_at"] == [thai("An extension must move the date later.")]
    assert deadline.extensions.count() == 0


def test_deadline_extension_through_admin_moves_deadline(login_as, staff, demo):
    deadline = Cycle.objects.get(slug="demo").milestones.get(kind="submission_deadline")
    new_at = deadline.starts_at.astimezone().replace(microsecond=0) + timedelta(days=7)
    response = login_as(staff).post(
        reverse("admin:awards_deadlineextension_add"),
        {
            "milestone": deadline.pk,
            "new_at_0": new_at.strftime("%Y-%m-%d"),
            "new_at_1": new_at.strftime("%H:%M:%S"),
            "reason_th": "ขยายเวลา",
            "reason_en": "Extended",
        },
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.starts_at == new_at
    assert deadline.extensions.get().created_by == staff


def test_outbox_test_email_action(login_as, staff, demo, django_capture_on_commit_callbacks):
    client = login_as(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:core_outboundemail_send_test"))
    assert response.status_code == 302
    sent = OutboundEmail.objects.filter(kind="test").values_list("to", "status")
    assert list(sent) == [("staff@example.com", "sent")]


def test_every_demo_edition_can_be_saved_by_staff_as_it_is(demo):
    for cycle in Cycle.objects.all():
        cycle.full_clean()
