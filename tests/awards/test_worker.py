"""One test goes through a real Celery worker process and the configured broker (the file-system
broker by default, Redis under CI), with the database the test itself uses."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from awards import emails
from awards.models import OutboundEmail


def worker_environment() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "awards.settings"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


@pytest.fixture
def celery_worker_process(transactional_db):
    command = [
        sys.executable, "-m", "celery", "-A", "awards", "worker", "--pool", "solo", "--queues", "default,mail,pdf",
        "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "INFO",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


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
