"""Judging's part of the public-page cache (core/pagecache.py): a decision (a winner recorded,
withdrawn or corrected) is on the results, the showcase and the edition's pages, so it is a new
version of every public page at once."""

from core import pagecache

from .models import Decision


def _changed(instance) -> None:
    pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_changed, [Decision])
