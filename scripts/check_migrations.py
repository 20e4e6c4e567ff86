"""Fail when the migrations are not linear or not up to date (run by .ci/run and `make check-migrations`).

Two rules, because parallel branches each add a migration and a merge migration hides the clash:
- every app has exactly one leaf migration (two leaves means two branches numbered in parallel:
  rebase and renumber, or regenerate; never commit a merge migration);
- ``makemigrations --check`` finds no model change without its migration.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def main() -> int:
    import django
    from django.core.management import call_command
    from django.db.migrations.loader import MigrationLoader

    django.setup()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    leaves = loader.graph.leaf_nodes()
    problems = []
    for app in sorted({app for app, _name in leaves}):
        names = sorted(name for leaf_app, name in leaves if leaf_app == app)
        if len(names) > 1:
            problems.append(f"{app} has {len(names)} leaf migrations ({', '.join(names)}): rebase and renumber")
        merges = [
            key
            for key, migration in loader.disk_migrations.items()
            if key[0] == app and len([dep for dep in migration.dependencies if dep[0] == app]) > 1
        ]
        problems += [f"{app}.{name} is a merge migration: rebase and renumber instead" for _app, name in merges]
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    try:
        call_command("makemigrations", check=True, dry_run=True, verbosity=1)
    except SystemExit as exit_:
        if exit_.code:
            print("models changed without a migration: run manage.py makemigrations", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
