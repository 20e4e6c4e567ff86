"""The demo loaded for many tests: ``seed_demo`` takes seconds (tens of seconds on a loaded two-core
machine), reading its data milliseconds.

Two ways to have it:

- ``load_demo()`` commits it, for tests whose server runs in another thread (the browser tests);
- ``seeded_demo()`` keeps it for a module (or a package) of tests that only read it, each test in its
  own savepoint, and takes it away after them.

seed_demo runs once per run and per starting point: the database as seed_demo left it, and the
private files it wrote, are copied aside and copied back, the files into the storage the test uses,
when a later test starts from the same point. The database is copied with SQLite's backup API (the
embedded defaults of ``make test``) or, on PostgreSQL (CI), every table's rows with ``COPY`` in
binary, put back in one transaction after a ``TRUNCATE`` of every table, the sequences then set past
the highest id as ``loaddata`` sets them.

Under ``make test`` (pytest-xdist) the copy is also written to the run's shared folder
(tests/isolation.py), under a lock and a name made of the starting point: the first worker that needs
the demo seeds it, and the others, whose databases are migrated alike, copy it from there rather than
seed it again (about 5 s of CPU each on SQLite, 11 on PostgreSQL).
"""

import fcntl
import hashlib
import io
import os
import pickle
import shutil
import sqlite3
import tempfile
from contextlib import closing, contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path


@dataclass
class _Copy:
    database: sqlite3.Connection | dict[str, bytes]  # SQLite's backup, or each PostgreSQL table's rows
    files: Path | None
    printed: str = ""  # what seed_demo wrote to its output when it made this


# What seed_demo left, by what it started from (``_starting_point``).
_SEEDED: dict[tuple, _Copy] = {}
# The seeding the database was last given by ``load_demo``.
_loaded: list[_Copy] = []


def load_demo() -> None:
    """seed_demo, committed, in the state the autouse fixtures of tests/conftest.py give each test (the
    caller's): from the copy of an earlier run from the same start when there is one.

    What seed_demo hands over after its commit is dropped, as a seeding rolled back at the end
    (PostgreSQL's ``seeded_demo``) never runs it: the demo's e-mails stay queued, unsent, and the two
    PDFs each receipt e-mail carries are not rendered. No test reads the demo's (receipts and their
    PDFs are tested on their own, tests/submissions/test_receipts.py), and so the module tests and the
    browser tests share one copy."""
    from django.core.management import call_command
    from django.db import connection, transaction

    start = _starting_point()
    connection.ensure_connection()
    if start in _SEEDED:
        _restore(_SEEDED[start])
    else:
        with _shared_copy(start) as shared:
            if shared is not None and shared.exists():
                _SEEDED[start] = shared.read()
                _restore(_SEEDED[start])
            else:
                before, printed = _files(), StringIO()
                with transaction.atomic():
                    call_command("seed_demo", stdout=printed)
                    connection.run_on_commit.clear()
                _SEEDED[start] = _copy(files=_files() - before, printed=printed.getvalue())
                if shared is not None:
                    shared.write(_SEEDED[start])
    _loaded[:] = [_SEEDED[start]]


def printed_by_seed_demo() -> str:
    """What ``seed_demo`` printed when it made the demo the database now holds (``load_demo``; the
    ``demo`` fixture): the command's own output, from the same start, without running it again."""
    if not _loaded:
        raise RuntimeError("no demo was loaded: ask for the demo fixture first")
    return _loaded[0].printed


@contextmanager
def seeded_demo(django_db_blocker):
    """The demo for the block's duration: tests that use the database meanwhile each run in a savepoint
    (pytest-django's ``db``), so what one test changes is gone for the next while the demo stays; after
    the block the database is as before it."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection, transaction
    from django.utils import translation

    from config.celery import app

    # As the autouse fixtures of tests/conftest.py set up every test: Thai, tasks run eagerly, an
    # empty cache.
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    cache.clear()
    try:
        with django_db_blocker.unblock(), translation.override(settings.LANGUAGE_CODE):
            if connection.vendor == "sqlite":
                connection.ensure_connection()
                before = _copy()
                try:
                    load_demo()
                    with django_db_blocker.block():
                        yield
                finally:
                    _restore(before)
                    before.database.close()
                return
            with transaction.atomic():
                load_demo()
                # Only the tests that ask for the database (``demo`` does) may touch it meanwhile.
                with django_db_blocker.block():
                    yield
                transaction.set_rollback(True)
    finally:
        _loaded.clear()
        app.conf.task_always_eager = previous


def _starting_point() -> tuple:
    """What seed_demo's result depends on beyond its code: the rows already there (what a flush after
    a transactional test leaves, or a test wrote first), the day and the site's address. Not the file
    storage: the files seed_demo wrote are copied into whichever the test uses."""
    from django.apps import apps
    from django.conf import settings
    from django.utils import timezone

    counts = tuple(model.objects.count() for model in apps.get_models(include_auto_created=True))
    return counts, timezone.localdate(), settings.SITE_URL


def _media_root() -> Path | None:
    from django.conf import settings

    location = settings.STORAGES["default"].get("OPTIONS", {}).get("location")
    return Path(location) if location else None


def _files() -> set[Path]:
    media = _media_root()
    if media is None or not media.exists():
        return set()
    return {path.relative_to(media) for path in media.rglob("*") if path.is_file()}


def _copy(*, files: set[Path] = frozenset(), printed: str = "") -> _Copy:
    """The test database as it is now (SQLite's backup, or every PostgreSQL table's rows), and the
    private ``files`` (paths in the storage)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        database = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(database)
    else:
        database = _dump_tables()
    kept = None
    if files:
        media = _media_root()
        # In this process's own folder (tests/isolation.py), removed when the process ends.
        kept = Path(tempfile.mkdtemp(prefix="seeded-files-", dir=os.environ.get("VAR_DIR")))
        for name in files:
            (kept / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(media / name, kept / name)
    return _Copy(database, kept, printed)


def _restore(copy: _Copy) -> None:
    """Put a copy back: every table's rows, and the files a test may have deleted since."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    connection.ensure_connection()
    if isinstance(copy.database, dict):
        _load_tables(copy.database)
    else:
        copy.database.backup(connection.connection)
    # Content types are cached by id in this process; the copy may number them differently.
    ContentType.objects.clear_cache()
    if copy.files is not None:
        shutil.copytree(copy.files, _media_root(), dirs_exist_ok=True)


def _dump_tables() -> dict[str, bytes]:
    """Every table's rows (PostgreSQL), in COPY's binary format."""
    from django.db import connection

    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True, include_views=False):
            rows = io.BytesIO()
            cursor.cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} TO STDOUT WITH (FORMAT binary)", rows)
            tables[table] = rows.getvalue()
    return tables


def _load_tables(tables: dict[str, bytes]) -> None:
    """Replace every table's rows with the dump's (PostgreSQL), in one transaction: Django's foreign
    keys are checked at its commit, so the tables load in any order."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    quoted = ", ".join(connection.ops.quote_name(table) for table in tables)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted}")
        for table, rows in tables.items():
            cursor.cursor.copy_expert(
                f"COPY {connection.ops.quote_name(table)} FROM STDIN WITH (FORMAT binary)", io.BytesIO(rows)
            )
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True)):
            cursor.execute(sql)


@dataclass
class _SharedCopy:
    """A copy in the run's shared folder, by the name of its starting point: the database (an SQLite
    file, or the PostgreSQL tables' rows pickled), the files' folder and seed_demo's output, which is
    written last and so marks a copy written whole."""

    base: Path

    def exists(self) -> bool:
        return self._path("printed.txt").exists()

    def write(self, copy: _Copy) -> None:
        if isinstance(copy.database, sqlite3.Connection):
            with closing(sqlite3.connect(self._path("sqlite3"))) as target:
                copy.database.backup(target)
        else:
            self._path("tables").write_bytes(pickle.dumps(copy.database, protocol=pickle.HIGHEST_PROTOCOL))
        if copy.files is not None:
            shutil.copytree(copy.files, self._path("files"))
        self._path("printed.txt").write_text(copy.printed, encoding="utf-8")

    def read(self) -> _Copy:
        if self._path("sqlite3").exists():
            database = sqlite3.connect(":memory:", check_same_thread=False)
            with closing(sqlite3.connect(self._path("sqlite3"))) as source:
                source.backup(database)
        else:
            database = pickle.loads(self._path("tables").read_bytes())
        files = self._path("files")
        return _Copy(database, files if files.exists() else None, self._path("printed.txt").read_text(encoding="utf-8"))

    def _path(self, suffix: str) -> Path:
        return self.base.with_name(f"{self.base.name}.{suffix}")


@contextmanager
def _shared_copy(start: tuple):
    """The shared copy for ``start``, held under a lock for the block (a worker that needs it while
    another seeds it waits, then reads it); None outside a run of several processes."""
    from django.db import connection

    from . import isolation

    folder = isolation.shared_folder()
    if folder is None:
        yield None
        return
    name = hashlib.sha256(repr((connection.vendor, start)).encode()).hexdigest()[:20]
    with open(folder / f"demo-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield _SharedCopy(folder / f"demo-{name}")
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
