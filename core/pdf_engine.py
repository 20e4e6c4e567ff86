"""WeasyPrint's side of core.pdf, imported on the first PDF a process renders: WeasyPrint and Pango
take about a second and tens of megabytes to load, which a web process (it never renders a PDF) or a
management command does not pay at start.

Fonts and stylesheets come through ``StaticFilesFetcher`` (core/static_files.py); the text layer
through ``core.pdf_text.true_text_layer``.

A document's stylesheets are read and parsed once per thread and file, not for every PDF: fetching
and parsing them, with the four Sarabun faces their ``@font-face`` rules register, was about an eighth
of a certificate's or a score sheet's CPU. ``write_pdf`` takes each ``<link rel="stylesheet"
href="…">`` of the document out and hands WeasyPrint the parsed copy of that file, in the same
order, with the thread's font configuration. WeasyPrint gives stylesheets handed to it the user's
origin instead of the author's; the documents' templates have no other style (no ``<style>``, no
``style=``), so every rule applies as it did. A link to a file that is not a static file stays in the
document, and WeasyPrint refuses it as before."""

import re
import ssl
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .pdf_text import true_text_layer
from .static_files import find_static, static_roots

__all__ = ["FatalURLFetchingError", "StaticFilesFetcher", "write_pdf"]


class StaticFilesFetcher(URLFetcher):
    """Resolves ``/static/...`` as the site serves it (``find_static``); refuses everything else."""

    def __init__(self):
        # Only file: and data: are fetched, so the HTTPS handler gets a bare client context: without
        # it, urllib builds one that loads the system's CA certificates, 20 ms on every PDF.
        no_https = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True, ssl_context=no_https)

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        return super().fetch(_static_path(url).as_uri(), headers)


def _static_path(url: str) -> Path:
    """The file a document may read at ``url``: ``/static/...`` as the site serves it, or a file in
    the static folders; ValueError for anything else."""
    path = unquote(urlparse(url).path)
    if path.startswith(settings.STATIC_URL):
        found = find_static(path.removeprefix(settings.STATIC_URL))
        if not found:
            raise ValueError(f"no static file at {path}")
        path = found
    real = Path(path).resolve()
    if not any(real.is_relative_to(root) for root in static_roots()):
        raise ValueError(f"refusing to read {url}: not a static file")
    return real


# The links the documents' templates write (templates/pdf/base.html and the documents' heads).
_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


class _Parsed(threading.local):
    """One thread's font configuration and parsed stylesheets (by file and modification time):
    WeasyPrint's objects are not shared between threads."""

    def __init__(self):
        self.font_config = FontConfiguration()
        self.stylesheets: dict[tuple[Path, int], CSS] = {}


_parsed = _Parsed()


def _stylesheet(href: str) -> CSS | None:
    """The parsed stylesheet the site serves at ``href``, or None when it is not a static file."""
    path = unquote(urlparse(href).path)
    if not path.startswith(settings.STATIC_URL) or ".." in path:
        return None
    try:
        real = _static_path(href)
    except ValueError:
        return None
    key = (real, real.stat().st_mtime_ns)
    if key not in _parsed.stylesheets:
        _parsed.stylesheets[key] = CSS(
            url=real.as_uri(), url_fetcher=StaticFilesFetcher(), font_config=_parsed.font_config
        )
    return _parsed.stylesheets[key]


def _take_stylesheets(html: str) -> tuple[str, list[CSS]]:
    """``html`` without the links to static stylesheets, and those stylesheets parsed, in order."""
    stylesheets = []

    def take(link: re.Match) -> str:
        stylesheet = _stylesheet(link[1])
        if stylesheet is None:
            return link[0]
        stylesheets.append(stylesheet)
        return ""

    return _STYLESHEET_LINK.sub(take, html), stylesheets


def write_pdf(html: str, *, variant: str) -> bytes:
    """``html`` as PDF bytes of ``variant``, with the true text layer."""
    html, stylesheets = _take_stylesheets(html)
    # The base URL only anchors relative links; every fetch goes through StaticFilesFetcher.
    with true_text_layer():
        document = HTML(string=html, base_url="file:///", url_fetcher=StaticFilesFetcher())
        return document.write_pdf(pdf_variant=variant, stylesheets=stylesheets, font_config=_parsed.font_config)
