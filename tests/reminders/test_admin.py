import pytest
from django.urls import reverse

from reminders.models import Reminder
from reminders.services import sweep

from .conftest import DAY

pytestmark = pytest.mark.django_db


def test_staff_see_reminders_sent_and_when_read_only(login_as, staff, draft, deadline):
    sweep(at=deadline - 2 * DAY)
    reminder = Reminder.objects.get()
    client = login_as(staff)

    listing = client.get(reverse("admin:reminders_reminder_changelist"))
    detail = client.get(reverse("admin:reminders_reminder_change", args=[reminder.pk]))

    assert listing.status_code == 200
    assert "applicant@example.com" in listing.content.decode()
    assert detail.status_code == 200
    assert detail.context["has_change_permission"] is False
    assert client.post(reverse("admin:reminders_reminder_delete", args=[reminder.pk])).status_code == 403
    assert Reminder.objects.count() == 1
