"""The per-account limit on wrong passwords.

django-axes locks an (e-mail address, IP address) pair; guesses spread over many addresses escape
it. This limit counts wrong passwords per e-mail address from any address: after
``LOGIN_ACCOUNT_FAILURE_LIMIT`` of them within ``LOGIN_ACCOUNT_WINDOW``, log-ins to that address are
refused before any password is checked, until the window (fixed, started by the first failure)
passes by itself. The counter lives in the cache (Redis in production, shared by every process),
keyed by a hash of the address, so that it holds no address in clear and works the same whether or
not an account exists (it reveals nothing). A password reset clears it.
"""

import hashlib
import time
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

PREFIX = "accounts:login-failures"


def _keys(email: str) -> tuple[str, str]:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"{PREFIX}:{digest}:count", f"{PREFIX}:{digest}:since"


def _window() -> int:
    return int(settings.LOGIN_ACCOUNT_WINDOW.total_seconds())


def paused_until(email: str) -> datetime | None:
    """When log-ins to this address may be tried again, or None when they may be tried now."""
    count_key, since_key = _keys(email)
    values = cache.get_many([count_key, since_key])
    since = values.get(since_key)
    if values.get(count_key, 0) < settings.LOGIN_ACCOUNT_FAILURE_LIMIT or since is None:
        return None
    until = since + _window()
    return datetime.fromtimestamp(until, tz=UTC) if until > time.time() else None


def record_failure(email: str) -> int:
    """Count one wrong password for this address; returns the count within the current window.
    ``add`` and ``incr`` are atomic in Redis, so parallel guesses are all counted."""
    count_key, since_key = _keys(email)
    window = _window()
    cache.add(since_key, time.time(), timeout=window)
    cache.add(count_key, 0, timeout=window)
    try:
        return cache.incr(count_key)
    except ValueError:
        # The window ended between add and incr: this failure starts a new one.
        cache.set_many({count_key: 1, since_key: time.time()}, timeout=window)
        return 1


def clear(email: str) -> None:
    cache.delete_many(list(_keys(email)))
