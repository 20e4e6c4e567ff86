"""The checks behind the health endpoints.

Three endpoints, three questions (core/views.py):

- ``/healthz/live``: does the process answer? No I/O at all.
- ``/healthz/ready``: may this instance take traffic? Only the database decides: votes, log-ins and
  drafts keep working with Redis or object storage down, so the load balancer must not remove every
  instance at once when one of those blips.
- ``/healthz``: the state of every part, for people and monitoring, within ``DEADLINE_SECONDS``.

Each check of ``/healthz`` runs in its own thread with a deadline, so a frozen object store or Redis
cannot hold the request. A check still running from an earlier request is waited for again rather
than started twice, so a frozen service costs one thread per part, not one per request. Failures
are reported by exception class name only, never with hosts or credentials.

Workers and beat are judged by two timestamps kept in the shared cache (``record_heartbeat``):
``beat`` when beat last queued the outbox sweep (config/celery.py), ``workers`` when a worker last
ran it (core/tasks.py). The sweep runs every minute on the default queue, so both are at most a
minute or two old on a healthy site; a dead beat leaves both stale, a dead worker only ``workers``.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, wait
from datetime import datetime

from celery import current_app
from django.core.cache import cache, close_caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

# /healthz answers within this many seconds whatever hangs (the load balancer's own timeout is 3 s).
DEADLINE_SECONDS = 2.5
# Beat queues the outbox sweep every minute: three missed minutes mean beat or the workers are gone.
HEARTBEAT_STALE_SECONDS = 180
HEARTBEAT_KEYS = {"beat": "health:beat", "workers": "health:workers"}
logger = logging.getLogger(__name__)


class Stale(Exception):
    """A heartbeat is older than ``HEARTBEAT_STALE_SECONDS``."""


class NeverSeen(Exception):
    """No heartbeat is recorded (a fresh cache, or beat and the workers never ran)."""


def record_heartbeat(part: str) -> None:
    """Note that ``part`` ("beat" or "workers") is alive now. A cache that is down loses the note,
    which the next /healthz shows as a stale heartbeat: never an error for the caller."""
    try:
        cache.set(HEARTBEAT_KEYS[part], timezone.now().isoformat(), timeout=7 * 24 * 3600)
    except Exception as error:  # noqa: BLE001 - a heartbeat must never break the task or beat that records it
        logger.warning("the %s heartbeat was not recorded (%s)", part, type(error).__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise LookupError("value not stored")
    cache.delete(key)


def check_broker() -> None:
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def check_storage() -> None:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)


def _heartbeat_check(part: str) -> Callable[[], dict]:
    def check() -> dict:
        seen = cache.get(HEARTBEAT_KEYS[part])
        if seen is None:
            raise NeverSeen
        age = round((timezone.now() - datetime.fromisoformat(seen)).total_seconds())
        if age > HEARTBEAT_STALE_SECONDS:
            raise Stale(seen)
        return {"last_seen": seen, "age_seconds": age}

    return check


CHECKS: dict[str, Callable] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "storage": check_storage,
    "workers": _heartbeat_check("workers"),
    "beat": _heartbeat_check("beat"),
}

_running: dict[str, Future] = {}
_running_lock = threading.Lock()


def _run(check: Callable, future: Future) -> None:
    started = time.monotonic()
    try:
        details = check() or {}
        outcome = {"status": "ok", **details}
    except BaseException as error:  # noqa: BLE001 - every failure is reported, by class name only
        outcome = {"status": "error", "error": type(error).__name__}
        if isinstance(error, Stale):
            outcome["last_seen"] = str(error)
    finally:
        # The thread ends here: its own database and cache connections must not outlive it.
        connections.close_all()
        close_caches()
    outcome["latency_ms"] = round((time.monotonic() - started) * 1000)
    future.set_result(outcome)


def _start(name: str, check: Callable) -> Future:
    with _running_lock:
        future = _running.get(name)
        if future is None or future.done():
            future = Future()
            future.started = time.monotonic()
            _running[name] = future
            threading.Thread(target=_run, args=(check, future), name=f"healthz-{name}", daemon=True).start()
    return future


def health_report(deadline: float = DEADLINE_SECONDS) -> dict:
    """Every part's state and latency. ``status`` is "ok" (all up), "degraded" (the database answers,
    something else does not: the site still serves) or "fail" (the database does not answer)."""
    futures = {name: _start(name, check) for name, check in CHECKS.items()}
    wait(futures.values(), timeout=deadline)
    now = time.monotonic()
    checks = {
        name: future.result()
        if future.done()
        else {"status": "timeout", "latency_ms": round((now - future.started) * 1000)}
        for name, future in futures.items()
    }
    failing = [name for name, outcome in checks.items() if outcome["status"] != "ok"]
    status = "fail" if "database" in failing else "degraded" if failing else "ok"
    return {"status": status, "checks": checks, "failing": failing}


def database_ready() -> dict:
    """The readiness answer: the database only, checked in the request's own thread."""
    started = time.monotonic()
    try:
        check_database()
    except Exception as error:  # noqa: BLE001 - reported by class name only
        outcome = {"status": "error", "error": type(error).__name__}
    else:
        outcome = {"status": "ok"}
    outcome["latency_ms"] = round((time.monotonic() - started) * 1000)
    return outcome
