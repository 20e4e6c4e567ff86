"""The static files the site serves, found on disk: in production the collected folder (``STATIC_ROOT``),
where the manifest storage keeps the hashed copies (``css/fonts.<hash>.css``) that templates link; in
development the source folders, through Django's finders. PDFs (core/pdf_engine.py) and the sharing
images (core/og_image.py) read their fonts and stylesheets through here."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation


def static_roots() -> list[Path]:
    """The folders static files are read from: the source folders and the collected one."""
    roots = [Path(folder).resolve() for folder in settings.STATICFILES_DIRS]
    return [*roots, Path(settings.STATIC_ROOT).resolve()]


def _collected(name: str) -> str | None:
    """The file at ``name`` in the collected folder, where a manifest storage keeps the hashed copies."""
    try:
        path = Path(staticfiles_storage.path(name))
    except SuspiciousFileOperation:
        return None
    return str(path) if path.is_file() else None


def find_static(name: str) -> str | None:
    """The file the site serves at ``STATIC_URL + name``. With a manifest storage (production) that
    is the collected folder, as whitenoise serves it: hashed names exist nowhere else. Otherwise
    (development) the finders search the source folders, so a stale ``STATIC_ROOT`` is never read."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return _collected(name)
    return finders.find(name)
