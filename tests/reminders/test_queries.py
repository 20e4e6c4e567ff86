"""The sweep reads what is due in a constant number of queries, however many drafts and reminders
there are (it runs every few minutes over up to thousands of drafts); the ledger's admin list too."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reminders.services import sweep

from ..factories import MembershipFactory
from .conftest import DAY, old_draft

pytestmark = pytest.mark.django_db


def drafts(count, deadline):
    for _ in range(count):
        MembershipFactory(organisation=old_draft(deadline=deadline).organisation)


def queries_of_repeated_sweep(deadline) -> int:
    sweep(at=deadline - 2 * DAY)
    with CaptureQueriesContext(connection) as queries:
        assert sweep(at=deadline - 2 * DAY)["draft_reminders"] == 0
    return len(queries)


def test_sweep_with_nothing_new_due_reads_in_constant_queries(deadline):
    counts = []
    for count in (1, 2):  # 1, then 3 drafts in all
        drafts(count, deadline)
        counts.append(queries_of_repeated_sweep(deadline))
    assert counts[0] == counts[1]


def test_reminder_admin_list_in_constant_queries(login_as, staff, deadline):
    client = login_as(staff)
    url = reverse("admin:reminders_reminder_changelist")
    counts = []
    for count in (1, 2):  # 1, then 3 reminders in all
        drafts(count, deadline)
        sweep(at=deadline - 2 * DAY)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
