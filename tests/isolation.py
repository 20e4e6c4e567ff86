"""Each test process works in a corner of its own: a plain ``pytest`` run, and each of the workers that
``make test`` starts (pytest-xdist, one per core and one more), which run side by side.

What a process would otherwise share with the others, or with the developer's ``make run``:

- files: a temporary folder stands in for ``var/`` (``VAR_DIR``): private files (``MEDIA_ROOT``), the
  e-mails a real worker writes (``var/mail``), the text messages (``var/sms``), the file-system
  broker's folders (``var/celery``) and beat's schedule. ``VAR_DIR`` is exported too, so the Celery
  workers and ``manage.py`` processes a test starts use the same folder. It is removed when the process ends.
- Redis (when ``REDIS_URL`` is set): the first process uses the database the URL names (15 in the
  README and in CI), worker ``gwN`` the one N below it (gw1: 14), so clearing the cache between
  tests (which empties the whole Redis database) never clears another worker's cache or queue.
- The test database: pytest-django already gives each xdist worker its own (``_gw0`` appended to the
  SQLite file's or PostgreSQL database's name).

One folder is shared on purpose (``shared_folder``): the process that starts the run (a plain run, or
xdist's controller before it starts its workers) makes it, every process of the run finds it through
the environment, and it goes when that process ends. The seeded demo is kept there
(tests/seeding.py), so that one worker seeds it and the others copy it.

Settings are read before this runs (pytest-django loads them first), so the values derived from
``VAR_DIR`` and ``REDIS_URL`` are put right here, in the settings and in the environment.
"""

import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

VAR_PREFIX = "awards-test-var-"
SHARED_PREFIX = "awards-test-run-"
SHARED_ENV = "AWARDS_TEST_RUN_DIR"
# The shared folder, when this process made it (it alone removes it).
_made: list[Path] = []


def worker_number() -> int:
    """0 for a plain run and xdist's first worker (gw0), N for worker gwN."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    return int(worker.removeprefix("gw")) if worker.startswith("gw") else 0


def isolate() -> None:
    var = Path(tempfile.mkdtemp(prefix=VAR_PREFIX))
    _use_var_dir(var)
    if os.environ.get("REDIS_URL"):
        _use_redis_database(os.environ["REDIS_URL"])
    else:
        _use_file_broker(var / "celery")


def clean_up() -> None:
    var = os.environ.get("VAR_DIR", "")
    if VAR_PREFIX in var:
        shutil.rmtree(var, ignore_errors=True)
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)


def share_run_folder() -> None:
    """In the process that starts the run: the folder its processes share, unless a run that started
    this one (a test that runs pytest) already gave one."""
    if not os.environ.get(SHARED_ENV):
        folder = Path(tempfile.mkdtemp(prefix=SHARED_PREFIX))
        os.environ[SHARED_ENV] = str(folder)
        _made.append(folder)


def shared_folder() -> Path | None:
    """The folder every process of this run shares, when several run side by side (xdist's workers)."""
    folder = os.environ.get(SHARED_ENV, "")
    return Path(folder) if folder and os.environ.get("PYTEST_XDIST_WORKER") else None


def _use_var_dir(var: Path) -> None:
    from django.conf import settings

    os.environ["VAR_DIR"] = str(var)
    settings.MEDIA_ROOT = var / "media"
    settings.MEDIA_ROOT.mkdir()
    default = settings.STORAGES["default"]
    if default["BACKEND"] == "django.core.files.storage.FileSystemStorage":
        options = {**default.get("OPTIONS", {}), "location": settings.MEDIA_ROOT}
        settings.STORAGES = {**settings.STORAGES, "default": {**default, "OPTIONS": options}}
    settings.CELERY_BEAT_SCHEDULE_FILENAME = str(var / "celerybeat-schedule")
    settings.SMS = {**settings.SMS, "FILE_PATH": str(var / "sms")}


def redis_url_for_worker(url: str, number: int) -> str:
    """The same server, the database ``number`` below the one the URL names."""
    parts = urlsplit(url)
    base = int(parts.path.strip("/") or 0)
    if number > base:
        raise RuntimeError(f"{url} leaves no Redis database for test worker gw{number}: name a higher one (15)")
    return urlunsplit(parts._replace(path=f"/{base - number}"))


def _use_redis_database(url: str) -> None:
    from django.conf import settings

    from config.celery import app

    ours = redis_url_for_worker(url, worker_number())
    os.environ["REDIS_URL"] = ours
    settings.REDIS_URL = ours
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": ours}}
    settings.CELERY_BROKER_URL = ours
    app.conf.broker_url = ours
    if url == settings.VOTE_RATE_LIMIT_REDIS_URL:
        settings.VOTE_RATE_LIMIT_REDIS_URL = ours


def _use_file_broker(folder: Path) -> None:
    """The suite's real workers (tests/worker.py) and the tasks it queues share a file-system broker
    folder of their own, never the developer's var/celery, whose messages belong to the development
    database (a test worker would otherwise take them, against the test database)."""
    from django.conf import settings

    from config.celery import app

    for name in ("queue", "processed", "control"):
        (folder / name).mkdir(parents=True)
    options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
    }
    settings.CELERY_BROKER_DIR, settings.CELERY_BROKER_TRANSPORT_OPTIONS = folder, options
    app.conf.broker_transport_options = options
    os.environ["CELERY_BROKER_DIR"] = str(folder)  # the workers' environment (tests/worker.py)
