"""WeasyPrint's side of core.pdf, imported on the first PDF a process renders: WeasyPrint and Pango
take about a second and tens of megabytes to load, which a web process (it never renders a PDF) or a
management command does not pay at start.

Fonts and stylesheets come through ``StaticFilesFetcher`` (core/static_files.py); the text layer
through ``core.pdf_text.true_text_layer``."""

import ssl
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from weasyprint import HTML
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
        path = unquote(urlparse(url).path)
        if path.startswith(settings.STATIC_URL):
            found = find_static(path.removeprefix(settings.STATIC_URL))
            if not found:
                raise ValueError(f"no static file at {path}")
            path = found
        real = Path(path).resolve()
        if not any(real.is_relative_to(root) for root in static_roots()):
            raise ValueError(f"refusing to read {url}: not a static file")
        return super().fetch(real.as_uri(), headers)


def write_pdf(html: str, *, variant: str) -> bytes:
    """``html`` as PDF bytes of ``variant``, with the true text layer."""
    # The base URL only anchors relative links; every fetch goes through StaticFilesFetcher.
    with true_text_layer():
        document = HTML(string=html, base_url="file:///", url_fetcher=StaticFilesFetcher())
        return document.write_pdf(pdf_variant=variant)
