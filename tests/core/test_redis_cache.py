"""The Redis cache backend keeps one client per connection pool and is otherwise Django's own: it
stores, reads and deletes through a real Redis, from several threads at once, and a dead Redis still
fails fast with the timeout set in OPTIONS."""

import os
import threading

import pytest
import redis
from django.core.cache.backends.redis import RedisCacheClient

from core.redis_cache import Cache


def _cache(location: str, **options) -> Cache:
    return Cache(location, {"KEY_PREFIX": "test-redis-cache", "OPTIONS": options})


@pytest.mark.redis
def test_one_client_serves_every_call_and_the_values_are_real():
    cache = _cache(os.environ["REDIS_URL"])
    cache.set("answer", {"th": "สี่สิบสอง"}, 30)

    assert cache.get("answer") == {"th": "สี่สิบสอง"}
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    assert isinstance(cache._cache, RedisCacheClient)
    cache.delete("answer")
    assert cache.get("answer", "gone") == "gone"


@pytest.mark.redis
def test_threads_share_the_client_without_mixing_their_replies():
    cache, errors = _cache(os.environ["REDIS_URL"]), []

    def work(n: int) -> None:
        for i in range(50):
            cache.set(f"t{n}", (n, i), 30)
            if cache.get(f"t{n}") != (n, i):
                errors.append((n, i))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len({id(cache._cache.get_client()) for _ in range(3)}) == 1


def test_a_redis_that_is_down_fails_within_the_timeout():
    cache = _cache("redis://127.0.0.1:1/0", socket_connect_timeout=0.2, socket_timeout=0.2)
    with pytest.raises(redis.ConnectionError):
        cache.get("anything")
