"""The shared cache, read and written so that a Redis outage costs nothing but the cache itself."""

import functools
import logging
from collections import Counter
from collections.abc import Sequence

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


def get_and_count_many(
    key: str, *, name: str, counted: Sequence[str], minutes: int, add: int
) -> tuple[object, list[int]]:
    """``get(key)`` and, for each request of ``counted`` (the key each counts under, repeated for
    requests of one key), ``ratelimit.recent_total(name, that key, minutes=minutes, add=add)`` as if
    the requests had counted one after the other, in their order: the total each would have seen
    alone. One round trip to Redis when the rate limits' Redis is the cache's, else one call each.

    Why one call on the limits' raw client: the vote makes both for every request, and a round trip is
    a wait after which the request's thread must take the interpreter lock back from the process's
    other threads, besides the CPU of Django's cache machinery around its own call; the vote's group
    commit makes this call once for a whole batch of requests (``services.votes.decide_votes``). The
    script (``ratelimit.RECENT_TOTALS``) reads the key as well, under the name the cache gives it
    (``make_and_validate_key``), and the value is decoded with the cache's own serializer, so it is the
    one ``cache.get`` returns. Failures keep both guards' rule: Redis resting or not answering gives
    None and totals of 0, as each call would alone, and the next requests leave Redis alone for a few
    seconds; the limits' client waits 0.25 s where the cache's waits 2 s, so a Redis slower than that
    gives no value, and the database answers, as with the cache down."""
    raw_key = _raw_key(key)
    if raw_key is None:
        return get(key), [ratelimit.recent_total(name, each, minutes=minutes, add=add) for each in counted]
    adds = Counter(counted)
    totals, raw = ratelimit.recent_totals_and_get(
        name, {each: n * add for each, n in adds.items()}, minutes=minutes, also_get=raw_key
    )
    # Numbered in order: a request's total is its key's total less what the later requests added.
    later: Counter[str] = Counter()
    numbered = [0] * len(counted)
    for index in range(len(counted) - 1, -1, -1):
        numbered[index] = max(totals[counted[index]] - later[counted[index]], 0)
        later[counted[index]] += add
    return (None if raw is None else _SERIALIZER.loads(raw)), numbered


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
