"""A web process prepares, before its first request, what its threads would otherwise all build at
once in a burst (core/warmup.py): the translation catalogues and URL tables of both languages, the
validators' patterns, the Thai dictionary and Celery's registry; and it does so without reaching a
service, so that a worker starts while the broker and the cache are down."""

import gc
import subprocess
import sys

from django.conf import settings
from django.core.validators import EmailValidator, URLValidator
from django.urls import get_resolver
from django.utils.functional import empty
from django.utils.translation import trans_real

from core.warmup import warm_up
from tests.test_settings import GOOD_KEY, PRODUCTION


def test_warm_up_builds_what_the_first_requests_would():
    # As a fresh process has them: nothing built yet (earlier tests of this process built them).
    patterns = [EmailValidator.user_regex, EmailValidator.domain_regex, URLValidator.regex]
    for pattern in patterns:
        pattern._wrapped = empty
    get_resolver()._reverse_dict.clear()
    trans_real._translations.pop("en", None)

    try:
        warm_up()
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # this test process goes on making and dropping objects

    assert frozen > 100_000  # start-up's objects, out of the collector's full passes
    assert all(pattern._wrapped is not empty for pattern in patterns)
    assert {"th", "en"} <= set(get_resolver()._reverse_dict)
    assert {"th", "en"} <= set(trans_real._translations)


def test_a_web_process_warms_up_with_every_service_down():
    # Closed ports for the database, the cache and the broker: importing the WSGI application
    # (which warms the process up) must neither wait on them nor fail.
    down = {
        **PRODUCTION,
        "SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": "postgres://awards@127.0.0.1:1/awards",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "LOG_LEVEL": "INFO",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=settings.BASE_DIR,
        env=down,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert "web process warmed up" in result.stdout + result.stderr
    assert "objects kept out of the garbage collector's full passes" in result.stdout + result.stderr
