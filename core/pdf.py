"""The one place that turns a template and its context into PDF bytes.

Fonts and stylesheets come from the static files on disk (core/static_files.py), the same files the
site serves at ``STATIC_URL``: in production the collected folder (``STATIC_ROOT``), where the
manifest storage keeps the hashed copies (``css/fonts.<hash>.css``) that templates link; in
development the source folders, through Django's finders. WeasyPrint never fetches over HTTP (a sync
web worker would deadlock fetching from itself) and never reads a file outside the static folders,
whatever URL a rendered document contains; a resource it may not have stops the rendering instead of
printing without it (a missing font would otherwise silently print boxes). Rendering happens in
workers (receipts, score sheets, certificates), never in a request.

Every rendering goes through ``core.pdf_text.true_text_layer``: WeasyPrint 70 alone writes a text
layer in which Thai reads wrong (copy, search, screen readers); see that module. Every PDF is tagged
(its structure, with the language of ``<html lang>``): documents as PDF/UA-1, official letters as
PDF/A-3a (``variant=PDF_A``), which an archive or e-saraban system keeps. WeasyPrint itself loads on
the first PDF a process renders (core/pdf_engine.py), not when this module is imported.

WeasyPrint stops a rendering with ``FatalURLFetchingError``, a ``BaseException`` that Django's
request handling and ``except Exception`` let through (documents once stayed "rendering" for ever):
``html_to_pdf`` raises it again as ``PDFRenderingError``, an ordinary exception. Jobs still catch
every failure as core/failures.py says.
"""

from django.template.loader import render_to_string
from django.utils import translation

# WeasyPrint's variants: both tagged, with the document's language and every font embedded.
PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3a"


class PDFRenderingError(Exception):
    """A PDF could not be rendered: a file it needs is missing or may not be read (see its cause)."""


def html_to_pdf(html: str, *, variant: str = PDF_UA) -> bytes:
    """``html`` as a PDF of ``variant`` whose text reads as written (core/pdf_text.py)."""
    from .pdf_engine import FatalURLFetchingError, write_pdf

    try:
        return write_pdf(html, variant=variant)
    except FatalURLFetchingError as error:
        raise PDFRenderingError(str(error)) from error


def render_pdf(*, template: str, context: dict, language: str, variant: str = PDF_UA) -> bytes:
    """Render ``template`` in ``language`` (Thai documents use Buddhist-era dates) to PDF bytes."""
    with translation.override(language):
        html = render_to_string(template, context)
    return html_to_pdf(html, variant=variant)
