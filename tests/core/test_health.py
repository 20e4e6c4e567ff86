"""The health endpoints: /healthz/live (the process), /healthz/ready (the database: the load
balancer's check) and /healthz (every part, within 3 s, 503 only without the database)."""

import os
import threading
import time
from datetime import datetime

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from config.celery import app as celery_app
from core import health

pytestmark = pytest.mark.django_db

DEAD_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused
PARTS = ["database", "cache", "broker", "storage", "workers", "beat"]


class FrozenStorage(FileSystemStorage):
    """A stand-in for an object store that stopped answering: every save hangs, far past any deadline
    of /healthz, until the test is over (``_no_check_left_running`` thaws it)."""

    thawed = threading.Event()

    def _save(self, name, content):
        FrozenStorage.thawed.wait(timeout=30)
        return super()._save(name, content)


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test, then restore it."""
    previous = celery_app.conf.broker_url

    def _set(url):
        celery_app.conf.broker_url = url

    yield _set
    celery_app.conf.broker_url = previous


@pytest.fixture
def heartbeats():
    health.record_heartbeat("beat")
    health.record_heartbeat("workers")


@pytest.fixture(autouse=True)
def _no_check_left_running():
    # A check that timed out in one test must not answer for the next one.
    FrozenStorage.thawed.clear()
    yield
    FrozenStorage.thawed.set()
    for future in list(health._running.values()):
        future.result(timeout=10)
    health._running.clear()


def test_healthz_all_parts_up(client, heartbeats):
    before = timezone.now()
    response = client.get("/healthz")
    after = timezone.now()
    body = response.json()

    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert list(body["checks"]) == PARTS
    assert {name: check["status"] for name, check in body["checks"].items()} == dict.fromkeys(PARTS, "ok")
    assert all(isinstance(check["latency_ms"], int) for check in body["checks"].values())
    # Whole seconds since the heartbeat, as of some moment while the request ran (a loaded machine
    # may take more than half a second to answer).
    seen = datetime.fromisoformat(body["checks"]["workers"]["last_seen"])
    ages = range(round((before - seen).total_seconds()), round((after - seen).total_seconds()) + 1)
    assert body["checks"]["workers"]["age_seconds"] in ages
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_without_heartbeats_names_workers_and_beat_and_stays_200(client):
    response = client.get("/healthz")
    body = response.json()

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["failing"] == ["workers", "beat"]
    assert body["checks"]["beat"]["error"] == "NeverSeen"


def test_healthz_names_a_stale_heartbeat(client, heartbeats, settings):
    from django.core.cache import cache

    cache.set(health.HEARTBEAT_KEYS["beat"], "2026-01-01T00:00:00+00:00")

    body = client.get("/healthz").json()

    assert body["failing"] == ["beat"]
    assert body["checks"]["beat"]["status"] == "error"
    assert body["checks"]["beat"]["error"] == "Stale"
    assert body["checks"]["beat"]["last_seen"] == "2026-01-01T00:00:00+00:00"


def test_healthz_names_failing_broker_and_stays_200(client, broker_url, heartbeats):
    broker_url(DEAD_PORT_URL)

    response = client.get("/healthz")
    body = response.json()

    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"]["status"] == "error"
    assert body["checks"]["broker"]["error"] == "OperationalError"


def test_healthz_names_failing_cache_and_stays_200(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://:hunter2-secret@127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    response = client.get("/healthz")
    body = response.json()

    assert response.status_code == 200
    # The heartbeats live in the cache: with the cache down they cannot be read either.
    assert body["failing"] == ["cache", "workers", "beat"]
    assert body["checks"]["cache"]["error"] == "ConnectionError"
    # Only class names: never the host, the port or the password of the service.
    assert "hunter2" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_healthz_names_failing_storage_and_stays_200(client, settings, tmp_path, heartbeats):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker}},
    }

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"]["error"] == "NotADirectoryError"


def test_healthz_answers_within_3_seconds_with_storage_frozen(client, settings, tmp_path, heartbeats):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.core.test_health.FrozenStorage", "OPTIONS": {"location": tmp_path}},
    }

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert elapsed < 3
    assert response.status_code == 200
    assert response.json()["failing"] == ["storage"]
    assert response.json()["checks"]["storage"]["status"] == "timeout"
    assert response.json()["checks"]["storage"]["latency_ms"] >= 2500


def test_healthz_shares_a_check_still_running_instead_of_starting_another(client, settings, tmp_path, heartbeats):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.core.test_health.FrozenStorage", "OPTIONS": {"location": tmp_path}},
    }
    first = health.health_report(deadline=0.2)

    second = health.health_report(deadline=0.2)

    assert first["checks"]["storage"]["status"] == "timeout"
    assert second["checks"]["storage"]["status"] == "timeout"
    assert second["checks"]["storage"]["latency_ms"] >= 400
    assert sum(thread.name == "healthz-storage" for thread in threading.enumerate()) == 1


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse():
        raise ConnectionRefusedError("postgres://awards:secret@db.internal:5432")

    monkeypatch.setitem(health.CHECKS, "database", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["database"]["error"] == "ConnectionRefusedError"
    assert "secret" not in response.content.decode()


def test_live_answers_without_any_service(client, settings, broker_url, django_assert_num_queries):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_PORT_URL}}
    broker_url(DEAD_PORT_URL)

    with django_assert_num_queries(0):
        response = client.get("/healthz/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_checks_the_database_only(client, settings, broker_url):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": DEAD_PORT_URL}}
    broker_url(DEAD_PORT_URL)

    response = client.get("/healthz/ready")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert list(response.json()["checks"]) == ["database"]
    assert "no-cache" in response.headers["Cache-Control"]


def test_ready_is_503_without_the_database(client, monkeypatch):
    def refuse():
        raise ConnectionRefusedError("db.internal")

    monkeypatch.setattr(health, "check_database", refuse)

    response = client.get("/healthz/ready")

    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "checks": {"database": {"status": "error", "error": "ConnectionRefusedError", "latency_ms": 0}},
    }


@pytest.mark.redis
def test_healthz_on_redis_cache_and_broker(client, settings, broker_url, heartbeats):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    broker_url(os.environ["REDIS_URL"])
    health.record_heartbeat("beat")
    health.record_heartbeat("workers")

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["failing"] == []


@pytest.mark.postgres
def test_healthz_on_postgresql(client, heartbeats):
    response = client.get("/healthz")
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000
    assert response.json()["checks"]["database"]["status"] == "ok"


def test_beat_queueing_the_outbox_sweep_is_beats_heartbeat(settings):
    from django.core.cache import cache

    from config.celery import _beat_heartbeat

    _beat_heartbeat(sender="core.tasks.retry_unsent_emails")

    assert cache.get(health.HEARTBEAT_KEYS["beat"]) is not None


def test_the_outbox_sweep_is_the_workers_heartbeat():
    from django.core.cache import cache

    from core.tasks import retry_unsent_emails

    retry_unsent_emails.delay()

    assert cache.get(health.HEARTBEAT_KEYS["workers"]) is not None


def test_health_endpoints_answer_plain_http_where_production_redirects_to_https(db):
    # A load balancer probes an instance directly over HTTP: a 301 to HTTPS would read as down.
    with override_settings(SECURE_SSL_REDIRECT=True):
        client = Client()
        answers = {path: client.get(path).status_code for path in ["/healthz/live", "/healthz/ready", "/", "/2022/"]}

    assert answers == {"/healthz/live": 200, "/healthz/ready": 200, "/": 301, "/2022/": 301}
