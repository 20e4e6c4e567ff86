import io

import pytest
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

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
