import os

import pytest
from django.db import connection

from config.celery import app as celery_app

pytestmark = pytest.mark.django_db

DEAD_PORT_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1: connections are refused


@pytest.fixture
def broker_url():
    """Point the Celery app at another broker for one test, then restore it."""
    previous = celery_app.conf.broker_url

    def _set(url):
        celery_app.conf.broker_url = url

    yield _set
    celery_app.conf.broker_url = previous


def test_healthz_all_parts_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"},
        "failing": [],
    }
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_names_failing_broker(client, broker_url):
    broker_url(DEAD_PORT_URL)
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 503
    assert body["failing"] == ["broker"]
    assert body["checks"]["broker"].startswith("error: ")


def test_healthz_names_failing_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD_PORT_URL,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_healthz_names_failing_storage(client, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": blocker}},
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["storage"]


@pytest.mark.redis
def test_healthz_on_redis_cache_and_broker(client, settings, broker_url):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
    broker_url(os.environ["REDIS_URL"])
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["failing"] == []


@pytest.mark.postgres
def test_healthz_on_postgresql(client):
    response = client.get("/healthz")
    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000
    assert response.json()["checks"]["database"] == "ok"
