"""The one place that turns a template and its context into PDF bytes.

Fonts and stylesheets come from the static files on disk through ``StaticFilesFetcher``, the same
files the site serves at ``STATIC_URL``: in production the collected folder (``STATIC_ROOT``), where
the manifest storage keeps the hashed copies (``css/fonts.<hash>.css``) that templates link; in
development the source folders, through Django's finders. WeasyPrint never fetches over HTTP (a sync
web worker would deadlock fetching from itself) and never reads a file outside the static folders,
whatever URL a rendered document contains; a resource it may not have stops the rendering instead of
printing without it (a missing font would otherwise silently print boxes). Rendering happens in
workers (receipts, score sheets, certificates), never in a request.

Every rendering goes through ``core.pdf_text.true_text_layer``: WeasyPrint 70 alone writes a text
layer in which Thai reads wrong (copy, search, screen readers); see that module. Every PDF is tagged
(its structure, with the language of ``<html lang>``): documents as PDF/UA-1, official letters as
PDF/A-3a (``variant=PDF_A``), which an archive or e-saraban system keeps.

WeasyPrint stops a rendering with ``FatalURLFetchingError``, a ``BaseException`` that Django's
request handling and ``except Exception`` let through (documents once stayed "rendering" for ever):
``html_to_pdf`` raises it again as ``PDFRenderingError``, an ordinary exception. Jobs still catch
every failure as core/failures.py says.
"""

from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .pdf_text import true_text_layer

# WeasyPrint's variants: both tagged, with the document's language and every font embedded.
PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3a"


class PDFRenderingError(Exception):
    """A PDF could not be rendered: a file it needs is missing or may not be read (see its cause)."""


def _static_roots() -> list[Path]:
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


class StaticFilesFetcher(URLFetcher):
    """Resolves ``/static/...`` as the site serves it (``find_static``); refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlparse(url).path)
        if path.startswith(settings.STATIC_URL):
            found = find_static(path.removeprefix(settings.STATIC_URL))
            if not found:
                raise ValueError(f"no static file at {path}")
            path = found
        real = Path(path).resolve()
        if not any(real.is_relative_to(root) for root in _static_roots()):
            raise ValueError(f"refusing to read {url}: not a static file")
        return super().fetch(real.as_uri(), headers)


def html_to_pdf(html: str, *, variant: str = PDF_UA) -> bytes:
    """``html`` as a PDF of ``variant`` whose text reads as written (core/pdf_text.py)."""
    # The base URL only anchors relative links; every fetch goes through StaticFilesFetcher.
    try:
        with true_text_layer():
            document = HTML(string=html, base_url="file:///", url_fetcher=StaticFilesFetcher())
            return document.write_pdf(pdf_variant=variant)
    except FatalURLFetchingError as error:
        raise PDFRenderingError(str(error)) from error


def render_pdf(*, template: str, context: dict, language: str, variant: str = PDF_UA) -> bytes:
    """Render ``template`` in ``language`` (Thai documents use Buddhist-era dates) to PDF bytes."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html, variant=variant)
