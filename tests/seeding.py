"""The demo loaded once for many tests: ``seed_demo`` takes seconds, reading its data milliseconds."""

from contextlib import contextmanager


@contextmanager
def seeded_demo(django_db_blocker):
    """Run seed_demo inside a transaction that stays open while the block runs and is rolled back
    after it. Tests that use the database meanwhile each run in a savepoint inside it (pytest-django's
    ``db``), so what one test changes is gone for the next while the demo stays."""
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import translation

    from config.celery import app

    # As the autouse fixtures of tests/conftest.py set up every test: Thai, tasks run eagerly, an
    # empty cache.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    cache.clear()
    try:
        with django_db_blocker.unblock(), transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            call_command("seed_demo", verbosity=0)
            # Only the tests that ask for the database (``demo`` does) may touch it meanwhile.
            with django_db_blocker.block():
                yield
            transaction.set_rollback(True)
    finally:
        app.conf.task_always_eager = previous
