import pytest

from ..seeding import seeded_demo


@pytest.fixture(scope="package")
def _seeded_demo(django_db_setup, django_db_blocker):
    """seed_demo once for every module of this package: all their tests read the demo (``demo``)."""
    with seeded_demo(django_db_blocker):
        yield
