"""The shared cache, read and written so that a Redis outage costs nothing but the cache itself."""

import logging

from django.core.cache import cache

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
