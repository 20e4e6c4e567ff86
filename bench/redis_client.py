"""What one cache call costs with Django's Redis backend and with ours (core.redis_cache), on the
machine's Redis (127.0.0.1:6379, database 0, keys under a prefix of the bench's own, deleted after).

    make bench-cache        # or: .venv/bin/python bench/redis_client.py [--calls 20000]

Prints one line: ``django_get_us=… ours_get_us=… client_build_us=… saved_pct=…`` (microseconds per
call, the median of five rounds)."""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402

LOCATION = "redis://127.0.0.1:6379/0"
settings.configure(USE_TZ=True)

from django.core.cache.backends.redis import RedisCache  # noqa: E402

from core.redis_cache import Cache  # noqa: E402


def per_call_us(function, calls: int) -> float:
    rounds = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        rounds.append((time.perf_counter() - started) / calls * 1e6)
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=20000)
    calls = parser.parse_args().calls
    params = {"KEY_PREFIX": "bench-redis-client", "OPTIONS": {"socket_timeout": 2}}
    django_cache, ours = RedisCache(LOCATION, params), Cache(LOCATION, params)
    django_cache.set("page", b"x" * 2048, 60)
    try:
        django_us = per_call_us(lambda: django_cache.get("page"), calls)
        ours_us = per_call_us(lambda: ours.get("page"), calls)
        build_us = per_call_us(django_cache._cache.get_client, calls)
    finally:
        django_cache.delete("page")
    saved = (django_us - ours_us) / django_us * 100
    print(
        f"django_get_us={django_us:.0f} ours_get_us={ours_us:.0f} client_build_us={build_us:.0f} saved_pct={saved:.0f}"
    )


if __name__ == "__main__":
    main()
