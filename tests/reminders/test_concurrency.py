"""Two beat processes (or a rerun racing the first) never send a reminder twice: sweeps in threads
with their own PostgreSQL connections, started together."""

import threading

import pytest
from django.db import connection

from core.models import OutboundEmail
from reminders.models import Reminder
from reminders.services import sweep

from ..factories import MembershipFactory
from .conftest import DAY, old_draft

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_sweeps_send_each_reminder_once(deadline):
    drafts = [old_draft(deadline=deadline) for _ in range(20)]
    for draft in drafts:
        MembershipFactory(organisation=draft.organisation)
    barrier, errors = threading.Barrier(4), []

    def run():
        try:
            barrier.wait(timeout=10)
            sweep(at=deadline - 2 * DAY)
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Reminder.objects.count() == 20
    assert OutboundEmail.objects.filter(kind="draft_3d").count() == 20
    assert OutboundEmail.objects.values("to").distinct().count() == 20
