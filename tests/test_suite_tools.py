"""The suite's own tools keep what they copy honest: the migrated test database kept between runs
(tests/migrated.py) is made again when anything its data migrations read changes, and the seeded demo
one worker shares with the others (tests/seeding.py) is the one it seeded."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from submissions.models import Organisation
from tests import isolation, migrated, seeding
from tests.factories import OrganisationFactory


def test_the_kept_migrated_database_depends_on_the_modules_its_data_migrations_import():
    base = Path(settings.BASE_DIR)

    imports = migrated._project_imports(base / "submissions" / "migrations" / "0001_initial.py", base)

    # load_provinces imports the 77 provinces inside its function: a changed province is a new key.
    assert base / "submissions" / "provinces.py" in imports


# Committed, as load_demo leaves the demo: SQLite's backup cannot write into a database inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_a_worker_that_finds_the_demo_in_the_shared_folder_gets_the_seeding_workers_rows_files_and_output(
    monkeypatch, tmp_path
):
    # Arrange: a run of several workers (xdist sets PYTEST_XDIST_WORKER), its shared folder, and a
    # database and a private file standing in for what seed_demo left.
    monkeypatch.setenv(isolation.SHARED_ENV, str(tmp_path))
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    organisation = OrganisationFactory(name="สำนักงานทดสอบ")
    default_storage.save("demo/evidence.txt", ContentFile(b"seeded"))
    start = seeding._starting_point()
    with seeding._shared_copy(start) as shared:
        assert not shared.exists()
        shared.write(seeding._copy(files={Path("demo/evidence.txt")}, printed="Seeded the demo."))

    # Act: what another worker finds, after this one's rows and file are gone.
    Organisation.objects.all().delete()
    default_storage.delete("demo/evidence.txt")
    with seeding._shared_copy(start) as shared:
        assert shared.exists()
        copy = shared.read()
    seeding._restore(copy)

    # Assert
    assert Organisation.objects.get().name == organisation.name
    assert default_storage.open("demo/evidence.txt").read() == b"seeded"
    assert copy.printed == "Seeded the demo."


def test_a_process_alone_keeps_its_demo_to_itself(monkeypatch, tmp_path):
    monkeypatch.setenv(isolation.SHARED_ENV, str(tmp_path))
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)

    with seeding._shared_copy(("counts", "day", "site")) as shared:
        assert shared is None
    assert list(tmp_path.iterdir()) == []
