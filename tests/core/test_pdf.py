import io

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from core import pdf_engine
from core.pdf import PDFRenderingError, html_to_pdf

PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<link rel="stylesheet" href="/static/css/fonts.css"><link rel="stylesheet" href="/static/css/pdf.css">
</head><body><h1>ใบประกาศนียบัตร</h1><p>โครงการ The Smart City Solution Awards 2565</p>{extra}</body></html>"""


def fonts_of(pdf: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {str(font["/BaseFont"]) for font in page["/Resources"]["/Font"].values()}


def test_pdf_embeds_sarabun_and_keeps_thai_text():
    pdf = html_to_pdf(PAGE.format(extra=""))
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()

    assert pdf.startswith(b"%PDF-")
    assert "ใบประกาศนียบัตร" in text
    assert "The Smart City Solution Awards 2565" in text
    assert fonts_of(pdf) and all("Sarabun" in font for font in fonts_of(pdf))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "/static/../../../../etc/passwd",
        "http://127.0.0.1:1/x.png",
        "https://127.0.0.1:1/x.png",
        "/static/css/missing.css",
    ],
)
def test_pdf_refuses_anything_but_existing_static_files(url):
    # A document that needs a file it may not have fails loudly rather than print without it.
    with pytest.raises(PDFRenderingError, match="^Error fetching ") as error:
        html_to_pdf(PAGE.format(extra=f'<img src="{url}" alt="">'))
    assert isinstance(error.value.__cause__, FatalURLFetchingError)
    assert isinstance(error.value.__cause__.__cause__, ValueError)


@pytest.mark.parametrize("href", ["file:///etc/passwd", "/static/../../../../etc/passwd", "/static/css/missing.css"])
def test_a_stylesheet_that_is_no_static_file_is_refused_too(href):
    # Links to static stylesheets are parsed once (core/pdf_engine.py); any other stays in the
    # document, and WeasyPrint's fetch refuses it.
    with pytest.raises(PDFRenderingError, match="^Error fetching "):
        html_to_pdf(PAGE.format(extra="").replace("</head>", f'<link rel="stylesheet" href="{href}"></head>'))


def test_stylesheets_are_parsed_once_per_thread_and_file():
    html_to_pdf(PAGE.format(extra=""))
    parsed = dict(pdf_engine._parsed.stylesheets)
    html_to_pdf(PAGE.format(extra="<p>อีกฉบับ</p>"))

    # The thread keeps what earlier documents of the process linked too.
    assert {"fonts.css", "pdf.css"} <= {path.name for path, _mtime in parsed}
    assert pdf_engine._parsed.stylesheets == parsed
    assert all(pdf_engine._parsed.stylesheets[key] is sheet for key, sheet in parsed.items())


def test_pdf_templates_keep_style_in_their_stylesheets():
    # Linked stylesheets reach WeasyPrint as the user's origin (core/pdf_engine.py), which a
    # <style> block or a style attribute would outrank whatever their selectors: none is allowed.
    from django.conf import settings

    templates = [*(settings.BASE_DIR / "templates").glob("**/pdf/*.html")]
    assert len(templates) >= 9
    for template in templates:
        text = template.read_text()
        assert "<style" not in text and " style=" not in text, template
