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
    client = _client()
    if client is None:
        buckets, lifetime = _recent_buckets(name, key, minutes)
        if add:
            cache.add(buckets[0], 0, lifetime)
            cache.incr(buckets[0], add)
        return sum(cache.get_many(buckets).values())
    return recent_totals_and_get(name, {key: add}, minutes=minutes, also_get=None)[0][key]


def recent_totals_and_get(
    name: str, adds: dict[str, int], *, minutes: int, also_get: str | None
) -> tuple[dict[str, int], bytes | None]:
    """``recent_total`` of each key of ``adds`` after counting its ``adds[key]`` more, and, in the
    same round trip, a plain GET of ``also_get`` (a key of the same Redis, as it is stored there).
    Needs a configured Redis (``_client()``); when it does not answer, every total is 0 and the value
    None, as each call would give alone."""
    client = _client()
    if client is None or redis_is_resting():
        return dict.fromkeys(adds, 0), None
    window = int(time.time() // WINDOW_SECONDS)
    buckets = [bucket for key in adds for bucket in _recent_buckets(name, key, minutes, window)[0]]
    extra = [] if also_get is None else [also_get]
    try:
        *totals, value = _script(client, RECENT_TOTALS)(
            keys=[*buckets, *extra], args=[minutes, _lifetime(minutes), *adds.values()]
        )
    except redis.RedisError as error:
        mark_redis_down(error)
        return dict.fromkeys(adds, 0), None
    return dict(zip(adds, totals, strict=True)), value


# One script rather than a pipeline of INCRBY, EXPIRE and an MGET of every bucket: the sums are made
# in Redis, so the answer is one value per counted key (and the one read) instead of one per minute,
# and the request's own CPU (which its threads share under the interpreter lock) spends about half as
# much on packing and parsing. KEYS: each counted key's buckets (ARGV[1] of them, this minute's
# first), then the key to read, if any; ARGV: the number of minutes, this minute's bucket's lifetime,
# then what to add to each counted key, in the order of KEYS. Returns each key's total, then the value
# read (false: none, or none asked). The bucket names are passed as keys, as Redis asks of a script's
# keys.
RECENT_TOTALS = """
local minutes, lifetime = tonumber(ARGV[1]), ARGV[2]
local counted = #ARGV - 2
local value = false
if #KEYS > counted * minutes then value = redis.call('GET', KEYS[#KEYS]) end
local answer = {}
for i = 1, counted do
    local first, add = (i - 1) * minutes + 1, tonumber(ARGV[i + 2])
    if add > 0 then
        redis.call('INCRBY', KEYS[first], add)
        redis.call('EXPIRE', KEYS[first], lifetime)
    end
    local total = 0
    for _, count in ipairs(redis.call('MGET', unpack(KEYS, first, first + minutes - 1))) do
        if count then total = total + tonumber(count) end
    end
    answer[i] = total
end
answer[counted + 1] = value
return answer
"""


def _script(client: redis.Redis, source: str) -> Script:
    """``source`` registered with ``client`` once per process: called, it sends EVALSHA, and loads
    the script first when Redis does not know it (after a restart)."""
    found = _scripts.get((id(client), source))
    if found is None:
        found = _scripts.setdefault((id(client), source), client.register_script(source))
    return found


def _recent_buckets(name: str, key: str, minutes: int, window: int | None = None) -> tuple[list[str], int]:
    """The buckets of the last ``minutes`` windows before ``window`` (this minute's by default), that
    one first, and the lifetime of that one."""
    if window is None:
        window = int(time.time() // WINDOW_SECONDS)
    buckets = [f"vote:rl:{name}:{key}:{window - back}" for back in range(minutes)]
    return buckets, _lifetime(minutes)


def _lifetime(minutes: int) -> int:
    """A bucket's lifetime: a little longer than the ``minutes`` it is counted in."""
    return minutes * WINDOW_SECONDS + 5
