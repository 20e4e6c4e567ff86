"""Django's Redis cache with one client per connection pool, built once per process.

Django's ``RedisCacheClient.get_client()`` builds a new ``redis.Redis`` around its pool on every
cache call; building one costs about as much as the round trip to Redis itself (measured with
``bench/redis_client.py``). A ``redis.Redis`` is safe to share between threads (each command takes
a connection from the pool), so this backend keeps the first one it built for each pool and reuses
it. Everything else (pools, serialisation, timeouts, the pid check after a fork) is Django's and
redis-py's own."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClients(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients.setdefault(index, self._client(connection_pool=self._get_connection_pool(index)))
        return client


class Cache(RedisCache):
    """``BACKEND = "core.redis_cache.Cache"``: Django's RedisCache, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients
