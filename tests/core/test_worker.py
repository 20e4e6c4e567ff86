"""One test goes through a real Celery worker process and the configured broker (the file-system
broker by default, Redis under CI), with the database the test itself uses."""

import time

import pytest

from core import emails
from core.models import OutboundEmail
from tests.worker import start_worker


@pytest.fixture
def celery_worker_process(transactional_db):
    process = start_worker()
    yield process
    # The test is over and nothing waits on the worker: kill it, as Celery's warm (and even its cold)
    # shutdown takes about four seconds here.
    process.kill()
    process.wait(timeout=10)


@pytest.mark.worker
def test_email_sent_by_real_worker(celery_worker_process, staff):
    email = emails.send_test_email(user=staff)  # autocommit: queued to the broker at once

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status == OutboundEmail.Status.SENT or celery_worker_process.poll() is not None:
            break
        time.sleep(0.2)

    if email.status != OutboundEmail.Status.SENT:
        celery_worker_process.terminate()
        output = celery_worker_process.communicate(timeout=10)[0]
        pytest.fail(f"the worker did not send the e-mail (status {email.status}); its output:\n{output[-3000:]}")
    assert email.attempts == 1
