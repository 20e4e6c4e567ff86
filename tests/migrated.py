"""The migrated test database, kept between runs (SQLite, the embedded defaults of ``make test``).

Applying every migration to a new SQLite database takes about twenty seconds on a two-core machine, in
every test process. The first process that migrates saves the result in ``var/test-databases/``, under
a key made of what the result depends on: Django's and SQLite's versions and the text of every
migration of every installed app, with the project's modules those migrations import (the provinces a
data migration loads). A later process with the same key copies that file where its own test database
goes and has Django keep it (``keepdb``); Django's ``migrate`` then finds nothing to apply (it still
checks every migration against the database and sends ``post_migrate``), and the copy is removed
after the session as Django would remove a database it made. Any change to a migration changes
the key. PostgreSQL (CI) always migrates.
"""

import ast
import hashlib
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from functools import cache
from pathlib import Path

_preloaded: list[Path] = []


def _folder() -> Path:
    from django.conf import settings

    return Path(settings.BASE_DIR) / "var" / "test-databases"


@cache
def _saved_copy() -> Path:
    """Where the copy for the current migrations is kept (its key read once per process)."""
    return _folder() / f"migrated-{key()}.sqlite3"


def _test_database() -> Path | None:
    """The default connection's test database file, when it is an SQLite file."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return None
    name = connection.creation._get_test_db_name()
    return None if connection.creation.is_in_memory_db(name) else Path(name)


def key() -> str:
    import django
    from django.apps import apps
    from django.conf import settings

    base = Path(settings.BASE_DIR).resolve()
    digest = hashlib.sha256(f"{django.get_version()} {sqlite3.sqlite_version}".encode())
    inputs: set[Path] = set()
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")):
            inputs.add(path)
            if path.resolve().is_relative_to(base):
                inputs |= _project_imports(path, base)
    for path in sorted(inputs):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def _project_imports(path: Path, base: Path) -> set[Path]:
    """The project's own modules that a migration imports (at its top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_bytes())):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            module = base.joinpath(*name.split("."))
            for candidate in (module.with_suffix(".py"), module / "__init__.py"):
                if candidate.is_file():
                    found.add(candidate)
    return found


def preload() -> None:
    """Before Django creates the test database: put the saved copy where it will be, if there is one
    (``preloaded()``: Django must then keep that database, ``keepdb``, rather than make a new one)."""
    target = _test_database()
    if target is None or not _saved_copy().exists():
        return
    _remove(target)
    shutil.copyfile(_saved_copy(), target)
    _preloaded.append(target)


def preloaded() -> bool:
    return bool(_preloaded)


def save() -> None:
    """After Django has migrated the test database: keep a copy for the next process (written whole,
    then renamed, so that two processes migrating at once never leave half a file)."""
    from django.db import connection

    saved = _saved_copy()
    if preloaded() or _test_database() is None or saved.exists():
        return
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("migrated-*.sqlite3"):
        old.unlink(missing_ok=True)
    handle, partial = tempfile.mkstemp(dir=folder, suffix=".partial")
    os.close(handle)
    connection.ensure_connection()
    with closing(sqlite3.connect(partial)) as copy:
        connection.connection.backup(copy)
    os.replace(partial, saved)


def remove_preloaded() -> None:
    """After the session: the database Django was told to keep goes, as one it made would."""
    from django.db import connections

    connections.close_all()
    while _preloaded:
        _remove(_preloaded.pop())


def _remove(database: Path) -> None:
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        path.unlink(missing_ok=True)
