"""The suite's own tools keep what they copy honest: the migrated test database kept between runs
(tests/migrated.py) is made again when anything its data migrations read changes."""

from pathlib import Path

from django.conf import settings

from tests import migrated


def test_the_kept_migrated_database_depends_on_the_modules_its_data_migrations_import():
    base = Path(settings.BASE_DIR)

    imports = migrated._project_imports(base / "submissions" / "migrations" / "0001_initial.py", base)

    # load_provinces imports the 77 provinces inside its function: a changed province is a new key.
    assert base / "submissions" / "provinces.py" in imports
