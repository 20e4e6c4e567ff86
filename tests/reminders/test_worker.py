"""A real Celery worker killed in the middle of the sweep: nothing is sent twice and nothing is lost.

The sweep runs in a worker process on the configured broker (the file-system broker by default,
Redis under CI) against the test's own database. The worker is killed with SIGKILL as soon as the
first reminders are claimed; a second worker and the next sweep (beat's next tick) finish the job.
"""

import os
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from core.tasks import retry_unsent_emails
from reminders.models import Reminder
from reminders.tasks import sweep_reminders
from tests.worker import start_worker

from ..factories import MembershipFactory
from .conftest import DAY, old_draft

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
DRAFTS = 80


def wait_for(condition, *, seconds: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


@pytest.fixture
def workers():
    started = []
    yield lambda: started.append(start_worker()) or started[-1]
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def output_of(process) -> str:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    return process.communicate(timeout=10)[0][-3000:]


def test_sweep_in_worker_killed_midway_sends_every_reminder_once(workers):
    drafts = [old_draft(deadline=timezone.now() + 2 * DAY) for _ in range(DRAFTS)]
    for draft in drafts:
        MembershipFactory(organisation=draft.organisation)
    first = workers()

    sweep_reminders.delay()  # autocommit: straight to the broker
    started = wait_for(lambda: Reminder.objects.exists(), seconds=60)
    os.killpg(first.pid, signal.SIGKILL)  # mid-task: no chance to finish or clean up
    first.wait(timeout=10)
    claimed_when_killed = Reminder.objects.count()
    assert started, f"the worker never started the sweep; its output:\n{output_of(first)}"

    second = workers()
    sweep_reminders.delay()  # beat's next tick
    claimed = wait_for(lambda: Reminder.objects.count() >= DRAFTS, seconds=60)
    assert claimed, f"the second sweep did not claim every reminder; its output:\n{output_of(second)}"
    # The killed worker may have committed a claim without publishing its e-mail's task: five
    # minutes later beat's retry task re-queues what is still queued (a message sent twice is
    # claimed once).
    OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    retry_unsent_emails.delay()
    done = wait_for(
        lambda: OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count() >= DRAFTS, seconds=120
    )
    assert done, f"the second worker did not finish; its output:\n{output_of(second)}"

    assert 0 < claimed_when_killed < DRAFTS
    assert Reminder.objects.count() == DRAFTS
    assert OutboundEmail.objects.filter(kind="draft_3d").count() == DRAFTS
    assert OutboundEmail.objects.values("to").distinct().count() == DRAFTS
    assert set(OutboundEmail.objects.values_list("attempts", flat=True)) == {1}
