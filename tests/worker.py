"""A real Celery worker process for the tests that go through the broker: it works on the configured
broker (the file-system broker by default, Redis under CI) against the test's own database."""

import os
import subprocess
import sys

from django.conf import settings
from django.db import connection


def worker_environment() -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{db['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    return env


def start_worker() -> subprocess.Popen:
    """One solo worker on every queue, in a session of its own (a test may kill it with its children)."""
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "--pool",
        "solo",
        "--queues",
        "default,mail,pdf",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        "--loglevel",
        "INFO",
    ]
    return subprocess.Popen(
        command,
        cwd=settings.BASE_DIR,
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
