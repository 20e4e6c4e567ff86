"""The showcase's part of the public-page cache (core/pagecache.py): staff featuring, hiding or
ordering a solution changes the showcase's pages, and those of every edition that link to them."""

from core import pagecache

from .models import Solution


def _changed(instance) -> None:
    pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_changed, [Solution])
