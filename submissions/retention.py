"""Retention of a cycle's applications (PDPA): what each app removes when a cycle's retention ends.

The applications are this app's, but the apps above it hold data about them (judges' scores,
documents, votes) and know which applications are winners. Each of those apps says so in its own
``retention.py`` (found at start-up by ``SubmissionsConfig.ready``), with a ``@keeper`` returning the
ids of the applications it keeps as a public record (winners) and a ``@purger`` removing its rows
for the cycle through a ``Purge``. ``submissions.services.retention`` runs them, top floor first, then
purges the applications themselves.

Rows go with one DELETE per table (``Purge.delete``): no signals, so django-simple-history does not
copy what is being deleted into its history, and the number of queries does not grow with the number
of applications. The history of those rows is deleted as well (``Purge.delete_history``). Stored files
are collected while their rows still exist and deleted once the purge has committed.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from awards.models import Cycle

_keepers: list[Callable[[Cycle], Iterable[int]]] = []
_purgers: list[Callable[["Purge"], None]] = []


def keeper(function):
    """Register ``function(cycle)`` -> ids of the applications an app keeps as a public record."""
    _keepers.append(function)
    return function


def purger(function):
    """Register ``function(purge)``, which removes an app's data about the purged cycle."""
    _purgers.append(function)
    return function


def kept_applications(cycle: Cycle) -> frozenset[int]:
    return frozenset(pk for keep in _keepers for pk in keep(cycle))


def purgers() -> list[Callable[["Purge"], None]]:
    """The purgers from the top floor down (the reverse of INSTALLED_APPS, which lists the apps from the
    ground up): each removes its rows while the rows it reaches them through (assignments, rounds'
    applications) still exist."""
    return list(reversed(_purgers))


@dataclass
class Purge:
    """One cycle's purge in progress: the applications kept, and what has been removed so far."""

    cycle: Cycle
    kept: frozenset[int]
    deleted: Counter = field(default_factory=Counter)
    anonymised: Counter = field(default_factory=Counter)
    history: int = 0
    files: list[tuple[object, str]] = field(default_factory=list)

    def delete(self, queryset: QuerySet, *, counted: bool = True) -> int:
        """Delete the rows in one statement (no signals, no cascade: delete the rows that point at
        them first, or in the same transaction, as foreign keys are checked at commit)."""
        rows = queryset._raw_delete(queryset.db)
        if counted and rows:
            self.deleted[queryset.model._meta.label_lower] += rows
        return rows

    def delete_history(self, queryset: QuerySet) -> int:
        rows = queryset._raw_delete(queryset.db)
        self.history += rows
        return rows

    def anonymise(self, queryset: QuerySet, **blanks) -> int:
        rows = queryset.update(**blanks)
        if rows:
            self.anonymised[queryset.model._meta.label_lower] += rows
        return rows

    def forget_files(self, queryset: QuerySet, field_name: str) -> None:
        """Note the stored files of ``field_name`` of these rows, to delete once the purge commits."""
        storage = queryset.model._meta.get_field(field_name).storage
        names = queryset.exclude(**{field_name: ""}).values_list(field_name, flat=True)
        self.files += [(storage, name) for name in names if name]

    def counts(self) -> dict:
        """What is recorded on the cycle and in the audit log."""
        return {
            "deleted": dict(sorted(self.deleted.items())),
            "anonymised": dict(sorted(self.anonymised.items())),
            "files": len(self.files),
            "history": self.history,
        }
