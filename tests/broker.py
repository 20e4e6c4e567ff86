"""A broker that refuses connections, as when Redis is down, for the tests of what survives it."""

import pytest


@pytest.fixture
def broker_down():
    """Tasks go to a broker that refuses connections, as when Redis is down (not run in-process)."""
    from config.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = "redis://127.0.0.1:1/0", False
    app._pool, app.amqp._producer_pool = None, None
    yield
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._pool, app.amqp._producer_pool = None, None
