"""The checks behind /healthz: each returns None when its part is up, else a short reason."""

import uuid

from celery import current_app
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection


def _reason(error: Exception) -> str:
    # The class name tells an operator what failed without printing hosts or credentials.
    return type(error).__name__


def check_database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return _reason(error)
    return None


def check_cache() -> str | None:
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=10)
        if cache.get(key) != value:
            return "value not stored"
        cache.delete(key)
    except Exception as error:
        return _reason(error)
    return None


def check_broker() -> str | None:
    try:
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return _reason(error)
    return None


def check_storage() -> str | None:
    try:
        name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        default_storage.delete(name)
    except Exception as error:
        return _reason(error)
    return None


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "storage": check_storage}


def health_report() -> dict:
    results = {name: check() for name, check in CHECKS.items()}
    failing = [name for name, reason in results.items() if reason]
    return {
        "status": "fail" if failing else "ok",
        "checks": {name: (f"error: {reason}" if reason else "ok") for name, reason in results.items()},
        "failing": failing,
    }
