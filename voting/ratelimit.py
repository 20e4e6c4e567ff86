"""Rate limits of the Popular Vote, counted in Redis (fixed one-minute windows, one round trip for
one request or a whole batch of votes).

Redis is a guard here, never a gate: when it does not answer, the request is allowed, a warning is
logged, and Redis is left alone for a few seconds so that no request waits on a dead server. The
database's unique constraint still holds every vote to one per voter and period.
"""

import logging
import time
from collections import Counter

import redis
from django.conf import settings
from django.core.cache import cache
from redis.commands.core import Script

from core.backoff import Backoff

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 60
BACKOFF_SECONDS = 5.0
_clients: dict[str, redis.Redis] = {}
_scripts: dict[tuple[int, str], Script] = {}
_backoff = Backoff(lambda: BACKOFF_SECONDS, "rate limits are off", logger)


def _client() -> redis.Redis | None:
    url = settings.VOTE_RATE_LIMIT_REDIS_URL
    if not url:
        return None
    if url not in _clients:
        _clients[url] = redis.Redis.from_url(url, socket_timeout=0.25, socket_connect_timeout=0.25)
    return _clients[url]


def redis_is_resting() -> bool:
    return _backoff.active()


def mark_redis_down(error: Exception) -> None:
    _backoff.failed(error, "Redis")


def reset() -> None:
    """Forget that Redis was down (tests that start and stop their own Redis use it)."""
    _backoff.reset()
    _clients.clear()
    _scripts.clear()


def allow(name: str, key: str, limit: int) -> bool:
    """Count one request against ``limit`` per minute for ``name``/``key``; False once it is over."""
    return allow_many(name, [key], limit)[0]


def allow_many(name: str, keys: list[str], limit: int) -> list[bool]:
    """``allow`` for several requests at once (a batch of votes), in one round trip to Redis: the
    requests of one key are numbered in order, and those past ``limit`` this minute are refused."""
    window = int(time.time() // WINDOW_SECONDS)
    wanted = Counter(keys)
    buckets = {key: f"vote:rl:{name}:{key}:{window}" for key in wanted}
    client = _client()
    if client is None:
        # No Redis configured (the embedded development set-up): the process-memory cache counts.
        totals = {}
        for key, n in wanted.items():
            cache.add(buckets[key], 0, WINDOW_SECONDS)
            totals[key] = cache.incr(buckets[key], n)
    elif redis_is_resting():
        return [True] * len(keys)
    else:
        try:
            totals = _count_in_redis(client, buckets, wanted)
        except redis.RedisError as error:
            mark_redis_down(error)
            return [True] * len(keys)
    # The first of this batch's requests for a key is number total - n + 1 of the minute.
    seen = Counter()
    allowed = []
    for key in keys:
        seen[key] += 1
        allowed.append(totals[key] - wanted[key] + seen[key] <= limit)
    return allowed


def _count_in_redis(client: redis.Redis, buckets: dict[str, str], wanted: Counter) -> dict[str, int]:
    """One script call: INCRBY each bucket and give it a lifetime a little longer than its minute
    (COUNT_BATCH). The bucket's name holds its minute, so renewing its lifetime never extends a
    window."""
    keys = [buckets[key] for key in wanted]
    totals = _script(client, COUNT_BATCH)(keys=keys, args=[*wanted.values(), WINDOW_SECONDS + 5])
    return dict(zip(wanted, totals, strict=True))


# KEYS: the buckets; ARGV: how many to add to each, in the same order, then their lifetime. One
# command and one answer per bucket, where a pipeline packs and parses two of each.
COUNT_BATCH = """
local totals = {}
for i, key in ipairs(KEYS) do
    totals[i] = redis.call('INCRBY', key, ARGV[i])
    redis.call('EXPIRE', key, ARGV[#KEYS + 1])
end
return totals
"""


def recent_total(name: str, key: str, *, minutes: int, add: int = 0) -> int:
    """How many requests ``name``/``key`` made in the last ``minutes`` one-minute windows, after
    counting ``add`` more in this one (0: only look). One round trip; 0 when Redis does not answer
    (a guard, never a gate)."""
    buckets, lifetime = _recent_buckets(name, key, minutes)
    client = _client()
    if client is None:
        if add:
            cache.add(buckets[0], 0, lifetime)
            cache.incr(buckets[0], add)
        return sum(cache.get_many(buckets).values())
    return recent_total_and_get(name, key, minutes=minutes, add=add, also_get=None)[0]


def recent_total_and_get(
    name: str, key: str, *, minutes: int, add: int, also_get: str | None
) -> tuple[int, bytes | None]:
    """``recent_total`` and, in the same round trip, a plain GET of ``also_get`` (a key of the same
    Redis, as it is stored there). Needs a configured Redis (``_client()``); when it does not
    answer, (0, None), as each would give alone."""
    client = _client()
    if client is None or redis_is_resting():
        return 0, None
    buckets, lifetime = _recent_buckets(name, key, minutes)
    extra = [] if also_get is None else [also_get]
    try:
        total, value = _script(client, RECENT_TOTAL)(keys=[*buckets, *extra], args=[add, lifetime, minutes])
    except redis.RedisError as error:
        mark_redis_down(error)
        return 0, None
    return total, value


# One script rather than a pipeline of INCRBY, EXPIRE and an MGET of every bucket: the sum is made
# in Redis, so the answer is two values instead of one per minute, and the request's own CPU (which
# its threads share under the interpreter lock) spends about half as much on packing and parsing.
# The bucket names are passed as keys, as Redis asks of a script's keys.
RECENT_TOTAL = """
local minutes, add = tonumber(ARGV[3]), tonumber(ARGV[1])
local value = false
if #KEYS > minutes then value = redis.call('GET', KEYS[minutes + 1]) end
if add > 0 then
    redis.call('INCRBY', KEYS[1], add)
    redis.call('EXPIRE', KEYS[1], ARGV[2])
end
local total = 0
for _, count in ipairs(redis.call('MGET', unpack(KEYS, 1, minutes))) do
    if count then total = total + tonumber(count) end
end
return {total, value}
"""


def _script(client: redis.Redis, source: str) -> Script:
    """``source`` registered with ``client`` once per process: called, it sends EVALSHA, and loads
    the script first when Redis does not know it (after a restart)."""
    found = _scripts.get((id(client), source))
    if found is None:
        found = _scripts.setdefault((id(client), source), client.register_script(source))
    return found


def _recent_buckets(name: str, key: str, minutes: int) -> tuple[list[str], int]:
    """The buckets of the last ``minutes`` windows, this one first, and the lifetime of this one."""
    window = int(time.time() // WINDOW_SECONDS)
    buckets = [f"vote:rl:{name}:{key}:{window - back}" for back in range(minutes)]
    return buckets, minutes * WINDOW_SECONDS + 5
