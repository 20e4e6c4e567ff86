"""The text layer of core.pdf's PDFs (core/pdf_text.py): read back with poppler's pdftotext, the text
is the text written, Thai included, in whichever order the words come; the pages look the same as
without the workaround; bare WeasyPrint 70 still needs it."""

import io
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from core.pdf import PDF_A, PDF_UA, html_to_pdf
from core.pdf_engine import StaticFilesFetcher
from core.pdf_text import Cluster, StreamMismatch, rewrite_text_items
from tests.poppler import pdffonts, pdfinfo, pdftotext, squashed

# Words whose glyphs do not each read as one letter (SARA AM drawn as NIKHAHIT + SARA AA, a tone mark
# drawn with NIKHAHIT, the ligature ฤๅ), Thai digits, and Thai beside English.
CORPUS = ("น้ำ", "สำนักงาน", "คำ", "ทำ", "กำหนด", "ผู้สูงอายุ", "ฤๅษี", "๑๒๓", "ปี พ.ศ. ๒๕๖๕", "Smart City เมืองอัจฉริยะ")
# Marks the shaper moves off the pen (stacked above a vowel, beside a tall consonant): read by where
# they are drawn, they once came after the next letter, on a line of their own, or after a space.
STACKED = ("ปี่ปั่น", "ฝั่ง", "ญี่ปุ่น", "ผู้อำนวยการ", "องค์กรปกครองส่วนท้องถิ่น", "ฟ้า", "ก๊ก", "ตั๋ว")
# The glyph of SARA AA first alone (นา) or first inside SARA AM (น้ำ): WeasyPrint keeps the first.
ORDERS = {"sara-aa-first": ("นา", "ตา", *CORPUS, *STACKED), "sara-am-first": (*CORPUS, *STACKED, "นา", "ตา")}
STYLES = {
    "regular": "",
    "semibold": "font-weight: 600",
    "bold": "font-weight: 700",
    "italic": "font-style: italic",
    "heading": "font-weight: 700; font-size: 34pt",
}

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/css/fonts.css"><link rel="stylesheet" href="/static/css/pdf.css">
</head><body>{body}</body></html>"""


def page(words, *, lang="th", style="") -> str:
    paragraphs = "".join(f'<p style="{style}">{word}</p>' for word in words)
    # The same words again as one justified paragraph that wraps: clusters split across lines and runs.
    running = f'<p style="text-align: justify; {style}">{" ".join(words * 6)}</p>'
    return PAGE.format(lang=lang, title="คำ", body=paragraphs + running)


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def bare_weasyprint(html: str) -> bytes:
    return HTML(string=html, base_url="file:///", url_fetcher=StaticFilesFetcher()).write_pdf(pdf_variant=PDF_UA)


def raster(pdf: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "in.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "72", "-png", "-singlefile", "in.pdf", "out"], cwd=folder, check=True)
        return (Path(folder) / "out.png").read_bytes()


@pytest.mark.poppler
@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("order", ORDERS)
def test_text_reads_as_written_in_either_order(order, style):
    words = ORDERS[order]

    text = pdftotext(html_to_pdf(page(words, style=STYLES[style])))

    assert lines(text)[: len(words)] == list(words)
    assert squashed(" ".join(words * 6)) in squashed(text)


@pytest.mark.poppler
@pytest.mark.parametrize("order", ORDERS)
def test_bare_weasyprint_misreads_thai_without_the_workaround(order):
    # What the workaround is for: if this fails, WeasyPrint gives each cluster its own text and
    # core/pdf_text.py can go (see its docstring).
    words = ORDERS[order]

    text = pdftotext(bare_weasyprint(page(words)))

    assert lines(text)[: len(words)] != list(words)


@pytest.mark.poppler
def test_the_workaround_leaves_every_pixel_where_it_was():
    html = page(ORDERS["sara-am-first"])

    assert raster(html_to_pdf(html)) == raster(bare_weasyprint(html))


def test_readers_that_ignore_actual_text_read_the_compatibility_decomposition():
    # pypdf reads each glyph's one reading: SARA AM as NIKHAHIT + SARA AA (its NFKD form), never a
    # lone SARA AA or another word's letters.
    words = ("นา", "ตา", *CORPUS)

    text = PdfReader(io.BytesIO(html_to_pdf(page(words)))).pages[0].extract_text()

    assert lines(text)[: len(words)] == [unicodedata.normalize("NFKD", word) for word in words]


@pytest.mark.poppler
@pytest.mark.parametrize(("variant", "lang"), [(PDF_UA, "th"), (PDF_UA, "en"), (PDF_A, "th")])
def test_pdfs_are_tagged_with_their_language_and_embed_sarabun(variant, lang):
    pdf = html_to_pdf(page(CORPUS, lang=lang), variant=variant)

    catalog = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    assert pdfinfo(pdf)["Tagged"] == "yes"
    assert catalog["/Lang"] == lang
    assert [(font["name"].split("+")[1], font["embedded"]) for font in pdffonts(pdf)] == [("Sarabun", "yes")]


def test_letters_are_pdf_a_and_other_documents_pdf_ua():
    ua = PdfReader(io.BytesIO(html_to_pdf(page(CORPUS))))
    archive = PdfReader(io.BytesIO(html_to_pdf(page(CORPUS), variant=PDF_A)))

    assert b'pdfuaid:part="1"' in ua.xmp_metadata.stream.get_data()
    assert b'pdfaid:part="3"' in archive.xmp_metadata.stream.get_data()
    assert b'pdfaid:conformance="A"' in archive.xmp_metadata.stream.get_data()


class FakeFont:
    """A font with the readings WeasyPrint gave its glyphs (only ``to_unicode`` is read here)."""

    def __init__(self, to_unicode):
        self.to_unicode = to_unicode


def test_a_cluster_that_does_not_read_as_its_text_gets_an_actual_text_span():
    font = FakeFont({0x10: "ค", 0x20: "\u0e4d", 0x30: "\u0e32"})
    word = [Cluster(font=font, text="ค", glyphs=[0x10]), Cluster(font=font, text="ำ", glyphs=[0x20, 0x30])]
    items = [b"1 0 0 -1 0 0 Tm", b"[<0010>0<00200030>0] TJ"]

    rewritten = rewrite_text_items(items, word, {word[1]})

    assert rewritten == [
        b"1 0 0 -1 0 0 Tm",
        b"[<0010>0] TJ",
        b"/Span <</ActualText <FEFF0E33>>> BDC",
        b"[<00200030>0] TJ",
        b"EMC",
    ]


def test_a_stream_that_does_not_hold_the_lines_glyphs_is_refused():
    font = FakeFont({0x10: "ค"})
    word = [Cluster(font=font, text="ค", glyphs=[0x10])]

    with pytest.raises(StreamMismatch):
        rewrite_text_items([b"[<0011>] TJ"], word, set(word))
    with pytest.raises(StreamMismatch):
        rewrite_text_items([b"[] TJ"], word, set(word))
