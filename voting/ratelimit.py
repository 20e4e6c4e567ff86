"""Rate limits of the Popular Vote, counted in Redis (fixed one-minute windows, one round trip).

Redis is a guard here, never a gate: when it does not answer, the request is allowed, a warning is
logged, and Redis is left alone for a few seconds so that no request waits on a dead server. The
database's unique constraint still holds every vote to one per voter and period.
"""

import logging
import time

import redis
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
BACKOFF_SECONDS = 5.0
_clients: dict[str, redis.Redis] = {}
_down_until = 0.0


def _client() -> redis.Redis | None:
    url = settings.VOTE_RATE_LIMIT_REDIS_URL
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
    return _clients[url]


# INCR and, for a new bucket, EXPIRE in one command (one round trip, atomic).
COUNT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""
_scripts: dict[int, object] = {}


def _counter(client: redis.Redis):
    if id(client) not in _scripts:
        _scripts[id(client)] = client.register_script(COUNT_SCRIPT)
    return _scripts[id(client)]


def redis_is_resting() -> bool:
    return time.monotonic() < _down_until


def mark_redis_down(error: Exception) -> None:
    global _down_until
    _down_until = time.monotonic() + BACKOFF_SECONDS
    logger.warning("Redis did not answer (%s): rate limits are off for %.0f s", error, BACKOFF_SECONDS)


def reset() -> None:
    """Forget that Redis was down (tests that start and stop their own Redis use it)."""
    global _down_until
    _down_until = 0.0
    _clients.clear()
    _scripts.clear()


def allow(name: str, key: str, limit: int) -> bool:
    """Count one request against ``limit`` per minute for ``name``/``key``; False once it is over."""
    bucket = f"vote:rl:{name}:{key}:{int(time.time() // WINDOW_SECONDS)}"
    client = _client()
    if client is None:
        # No Redis configured (the embedded development set-up): the process-memory cache counts.
        cache.add(bucket, 0, WINDOW_SECONDS)
        return cache.incr(bucket) <= limit
    if redis_is_resting():
        return True
    try:
        count = _counter(client)(keys=[bucket], args=[WINDOW_SECONDS + 5])
    except redis.RedisError as error:
        mark_redis_down(error)
        return True
    return count <= limit
