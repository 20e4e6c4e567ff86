"""The documents' part of the public-page cache (core/pagecache.py): an edition's certificate design
holds the emblem every public page shows in its header (documents.context_processors.organiser)."""

from core import pagecache

from .models import CertificateDesign


def _changed(instance) -> None:
    pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_changed, [CertificateDesign])
