"""The shared cache, read and written so that a Redis outage costs nothing but the cache itself."""

import functools
import logging

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from django.utils.module_loading import import_string

from . import ratelimit

logger = logging.getLogger(__name__)


def get(key: str):
    if ratelimit.redis_is_resting():
        return None
    try:
        return cache.get(key)
    except Exception as error:  # any cache backend error: the database answers instead
        ratelimit.mark_redis_down(error)
        return None


def set(key: str, value, timeout: int) -> None:
    if ratelimit.redis_is_resting():
        return
    try:
        cache.set(key, value, timeout)
    except Exception as error:  # as above
        ratelimit.mark_redis_down(error)


def delete(key: str) -> None:
    if ratelimit.redis_is_resting():
        return
    try:
        cache.delete(key)
    except Exception as error:  # as above
        ratelimit.mark_redis_down(error)


def get_and_count(key: str, *, name: str, counted: str, minutes: int, add: int) -> tuple[object, int]:
    """``get(key)`` and ``ratelimit.recent_total(name, counted, minutes=minutes, add=add)``, in one
    round trip to Redis when the rate limits' Redis is the cache's (as by default: both on
    REDIS_URL), else as those two calls.

    Why one call on the limits' raw client: the vote makes both on every request, and each round
    trip is a wait after which the request thread must take the interpreter lock back from the
    process's other threads, besides the CPU of Django's cache machinery around its own call. The
    escalation's script (``ratelimit.recent_total_and_get``) reads the key as well, under the name
    the cache gives it (``make_and_validate_key``), and the value is decoded with the cache's own
    serializer, so it is the one ``cache.get`` returns. Failures keep both guards' rule: Redis resting
    or not answering gives (None, 0), as each call would alone, and the next requests leave Redis
    alone for a few seconds; the limits' client waits 0.25 s where the cache's waits 2 s, so a Redis
    slower than that gives no value, and the database answers, as with the cache down.

    Why not the group commit's call instead, which counts the per-address limit for a whole batch
    of votes: the escalation's count decides whether a vote must carry a solved challenge, checked
    before the vote joins a batch, and every vote request counts, also those refused before (no
    pass, a form sent too fast); and the version must be read before the batch anyway, since the
    poll it keeps decides whether the vote is written at all. So one round trip a request plus one a
    batch is the fewest that keep those rules."""
    raw_key = _raw_key(key)
    if raw_key is None:
        return get(key), ratelimit.recent_total(name, counted, minutes=minutes, add=add)
    total, raw = ratelimit.recent_total_and_get(name, counted, minutes=minutes, add=add, also_get=raw_key)
    return (None if raw is None else _SERIALIZER.loads(raw)), total


_SERIALIZER = RedisSerializer()


def _raw_key(key: str) -> str | None:
    """The name of ``key`` in the limits' Redis, or None when the shared cache is not there: another
    address, several servers (reads may go to a replica), not Redis, or values serialised otherwise."""
    url, default = settings.VOTE_RATE_LIMIT_REDIS_URL, settings.CACHES.get("default", {})
    if not url or default.get("LOCATION") != url or "serializer" in default.get("OPTIONS", {}):
        return None
    if not _is_redis_cache(default.get("BACKEND", "")):
        return None
    return cache.make_and_validate_key(key)


@functools.cache
def _is_redis_cache(backend: str) -> bool:
    return issubclass(import_string(backend), RedisCache)
