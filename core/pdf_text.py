"""A true text layer in the PDFs WeasyPrint draws: what a PDF reads as (copy, search, screen
readers, indexing) is the text that was written, Thai included.

WeasyPrint 70 gives each glyph of a font one text for the whole document, the characters of its
first appearance (``font.to_unicode`` in ``weasyprint/draw/text.py``), and writes that map as the
font's ToUnicode CMap. Thai breaks the rule. The shaper (HarfBuzz) draws SARA AM (ำ) as two glyphs,
NIKHAHIT and SARA AA, in one cluster: the glyph of SARA AA then reads "ำ" everywhere once ำ came
first ("สำนักงาน" reads "สำนักงำน"), or ำ reads "า" when า came first; a tone mark drawn together
with NIKHAHIT as one glyph (the ้ of น้ำ) goes the same way. PDF's remedy for glyphs that do not read
as their text is a marked-content span that carries the text: ``/Span <</ActualText …>> BDC … EMC``.

``install()`` wraps WeasyPrint's ``draw_first_line`` once per process. Inside ``true_text_layer()``
(every rendering of core.pdf), after WeasyPrint has drawn a line:

1. each glyph that first appeared in the line is given the reading it keeps everywhere: the
   character the font's cmap draws with it; a glyph the cmap does not name (a ligature, a tone mark
   drawn with NIKHAHIT) reads as what its cluster's text leaves once the cluster's other glyphs are
   read, in compatibility decomposition if need be (so ำ reads NIKHAHIT + SARA AA, its NFKD form).
   Readers that ignore ActualText (pypdf) read that: the NFKD form of the text.
2. a letter (a cluster with the marks that follow it) goes inside an ActualText span with its text
   when its glyphs, read so, do not spell it, or when the shaper moved one of its marks off the pen
   (right, up or down, or left at its end): pdftotext orders characters by where they are drawn, and
   read a moved mark after the next letter, on a line of its own, or after a space (``spans``). The
   TJ arrays WeasyPrint wrote are cut at the span's edges; nothing moves on the page. pdftotext,
   what search and indexing tools use, then reads the text exactly as written. The code points
   written are never changed.

It reads Pango's glyph strings as ``draw_first_line`` does and the content stream as that function
writes it, which is why WeasyPrint is pinned (requirements.txt) and ``install()`` refuses another
version: before moving the pin, check this module against the new ``draw_first_line`` (or drop it,
once WeasyPrint gives each cluster its own text) and run tests/core/test_pdf_text.py. A line it cannot
match glyph for glyph stays as WeasyPrint drew it, with a warning in the log.
"""

import contextvars
import io
import logging
import re
import sys
import unicodedata
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

import weasyprint
from fontTools.ttLib import TTFont
from weasyprint.draw import text as weasyprint_text
from weasyprint.text.ffi import ffi, pango

SUPPORTED_WEASYPRINT = "70.0"

logger = logging.getLogger(__name__)

_active = contextvars.ContextVar("true_text_layer", default=False)
_original_draw_first_line = None
_GLYPH_CODES = re.compile(rb"<([0-9a-f]*)>")


@dataclass(eq=False, slots=True)
class Cluster:
    """Glyphs the shaper drew for one piece of text (Pango's log_clusters), in drawing order.

    ``moved``: the shaper moved one of them right of its pen position or up or down (a mark's
    offset); ``short``: its last glyph was moved left, so it ends before its pen position does."""

    font: object
    text: str
    glyphs: list[int] = field(default_factory=list)
    moved: bool = False
    short: bool = False
    left_to_right: bool = True

    def reading(self) -> str:
        to_unicode = self.font.to_unicode
        return "".join([to_unicode.get(glyph, "") for glyph in self.glyphs])

    def joins(self, other: "Cluster") -> bool:
        return self.font is other.font and self.left_to_right and other.left_to_right

    def absorb(self, other: "Cluster") -> None:
        self.text += other.text
        self.glyphs += other.glyphs
        self.moved = self.moved or other.moved
        self.short = other.short if other.glyphs else self.short


class StreamMismatch(Exception):
    """The content stream does not hold the line's glyphs in the order Pango gives them."""


def install() -> None:
    """Wrap WeasyPrint's ``draw_first_line`` (once); it acts only inside ``true_text_layer()``."""
    global _original_draw_first_line
    if _original_draw_first_line is not None:
        return
    if weasyprint.__version__ != SUPPORTED_WEASYPRINT:
        raise RuntimeError(
            f"core.pdf_text was written against WeasyPrint {SUPPORTED_WEASYPRINT}, not {weasyprint.__version__}: "
            "check it against weasyprint/draw/text.py and run tests/core/test_pdf_text.py before moving the pin"
        )
    _original_draw_first_line = weasyprint_text.draw_first_line
    weasyprint_text.draw_first_line = _draw_first_line


@contextmanager
def true_text_layer():
    """PDFs drawn in this block (this thread or task) get a true text layer."""
    install()
    token = _active.set(True)
    try:
        yield
    finally:
        _active.reset(token)


def _draw_first_line(stream, textbox, *args, **kwargs):
    if not _active.get():
        return _original_draw_first_line(stream, textbox, *args, **kwargs)
    start = len(stream.stream)
    mapped = {id(font): len(font.to_unicode) for font in stream._fonts.values()}
    emojis = _original_draw_first_line(stream, textbox, *args, **kwargs)
    # ASCII is drawn one glyph a letter, never moved: WeasyPrint's readings are already right.
    if len(stream.stream) > start and not textbox.pango_layout.text.isascii():
        clusters = line_clusters(stream, textbox)
        _read_new_glyphs(clusters, mapped)
        _mark_actual_text(stream, start, clusters)
    return emojis


def line_clusters(stream, textbox) -> list[Cluster]:
    """The clusters of the line ``draw_first_line`` has just drawn, with their fonts and texts."""
    line, _index = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    clusters, fonts = [], {}
    run = line.runs
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        font_key = int(ffi.cast("uintptr_t", item.analysis.font))
        if font_key not in fonts:
            fonts[font_key] = stream.add_font(item.analysis.font)[0]
        font, offset, left_to_right = fonts[font_key], item.offset, item.analysis.level % 2 == 0
        starts = ffi.unpack(glyphs.log_clusters, glyphs.num_glyphs)
        bounds = sorted(set(starts))
        ends = dict(zip(bounds, [*bounds[1:], item.length], strict=True))
        cluster, previous = None, None
        for start, glyph, x_offset, y_offset in zip(starts, *_glyph_infos(glyphs), strict=True):
            if start != previous:
                text = utf8[offset + start : offset + ends[start]].decode()
                cluster, previous = Cluster(font=font, text=text, left_to_right=left_to_right), start
                clusters.append(cluster)
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue  # drawn as a move, no glyph
            if glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                glyph = font.get_unused_glyph_id(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG)
            cluster.glyphs.append(glyph)
            cluster.moved = cluster.moved or x_offset > 0 or y_offset != 0
            cluster.short = x_offset < 0
    return clusters


_INFO_SIZE = ffi.sizeof("PangoGlyphInfo")
_GEOMETRY = ffi.offsetof("PangoGlyphInfo", "geometry")
_INFO_FIELDS = [  # (first 32-bit word, words per glyph) of glyph id, x offset, y offset
    (ffi.offsetof("PangoGlyphInfo", "glyph") // 4, _INFO_SIZE // 4),
    ((_GEOMETRY + ffi.offsetof("PangoGlyphGeometry", "x_offset")) // 4, _INFO_SIZE // 4),
    ((_GEOMETRY + ffi.offsetof("PangoGlyphGeometry", "y_offset")) // 4, _INFO_SIZE // 4),
]


def _glyph_infos(glyphs) -> list[list[int]]:
    """Glyph ids, x offsets and y offsets of a Pango glyph string, read at once (32-bit fields)."""
    words = memoryview(ffi.buffer(glyphs.glyphs, glyphs.num_glyphs * _INFO_SIZE)).cast("i")
    return [words[first::step].tolist() for first, step in _INFO_FIELDS]


def graphemes(clusters: list[Cluster]) -> list[Cluster]:
    """The clusters joined into letters with their marks: a cluster whose text starts with a
    combining mark joins the one before (within one left-to-right run of one font), in place."""
    joined = []
    for cluster in clusters:
        if joined and _is_mark(cluster.text[:1]) and joined[-1].joins(cluster):
            joined[-1].absorb(cluster)
        else:
            joined.append(cluster)
    return joined


@lru_cache(maxsize=1024)
def _is_mark(character: str) -> bool:
    return unicodedata.category(character).startswith("M") if character else False


def spans(clusters: list[Cluster]) -> tuple[list[Cluster], set[Cluster]]:
    """The line's letters, and those that need an ActualText span: a letter whose glyphs do not
    read as its text, or whose marks the shaper moved. pdftotext orders characters by where they
    are drawn: a mark moved right of the pen reads after the next letter, one moved up or down on a
    line of its own. A span reads as one piece, as wide as its glyphs, so a span that ends on a mark
    moved left (it would end short of the next letter, read as a space) takes the next letter in."""
    letters, wrapped = [], set()
    for letter in graphemes(clusters):
        previous = letters[-1] if letters else None
        if previous in wrapped and previous.short and previous.joins(letter):
            previous.absorb(letter)
            continue
        letters.append(letter)
        if letter.glyphs and (letter.moved or letter.short or letter.reading() != letter.text):
            wrapped.add(letter)
    return letters, wrapped


@lru_cache(maxsize=16)
def _cmap_characters(content: bytes, index: int) -> dict[int, tuple[str, ...]]:
    """Glyph id → the characters the font's cmap draws with that glyph."""
    font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
    glyph_ids = font.getReverseGlyphMap()
    characters = {}
    for codepoint, name in sorted(font.getBestCmap().items()):
        characters.setdefault(glyph_ids[name], []).append(chr(codepoint))
    return {glyph: tuple(chars) for glyph, chars in characters.items()}


def _read_new_glyphs(clusters: list[Cluster], mapped: dict[int, int]) -> None:
    """Give each glyph WeasyPrint mapped for the first time in this line its one reading (see 1. above).

    WeasyPrint only ever adds to ``to_unicode``, so the glyphs it added are the last keys."""
    fresh = {}
    for font in {id(cluster.font): cluster.font for cluster in clusters}.values():
        added = len(font.to_unicode) - mapped.get(id(font), 0)
        fresh[id(font)] = set(islice(reversed(font.to_unicode), added))
    if not any(fresh.values()):
        return
    for cluster in clusters:
        new = fresh[id(cluster.font)]
        unnamed = [glyph for glyph in cluster.glyphs if glyph in new]
        if not unnamed:
            continue
        characters = _cmap_characters(cluster.font.file_content, cluster.font.index)
        for glyph in [glyph for glyph in unnamed if glyph in characters]:
            named = characters[glyph]
            cluster.font.to_unicode[glyph] = next((c for c in named if c in cluster.text), named[0])
            unnamed.remove(glyph)
        if len(unnamed) == 1:
            others = [cluster.font.to_unicode.get(glyph, "") for glyph in cluster.glyphs if glyph != unnamed[0]]
            rest = _text_left(cluster.text, others)
            if rest:
                cluster.font.to_unicode[unnamed[0]] = rest
        new.difference_update(cluster.glyphs)


def _text_left(text: str, readings: list[str]) -> str | None:
    """``text`` without each of ``readings`` (as written, else decomposed), or None if one is missing."""
    for form in (text, unicodedata.normalize("NFKD", text)):
        rest = form
        for reading in readings:
            if reading not in rest:
                break
            rest = rest.replace(reading, "", 1)
        else:
            return rest
    return None


def _mark_actual_text(stream, start: int, clusters: list[Cluster]) -> None:
    clusters, wrapped = spans(clusters)
    if not wrapped:
        return
    try:
        if any(cluster.font.bitmap for cluster in clusters):
            raise StreamMismatch("bitmap fonts write one-byte glyph codes")
        stream.stream[start:] = rewrite_text_items(stream.stream[start:], clusters, wrapped)
    except StreamMismatch as error:
        logger.warning("PDF text layer left as drawn for %r: %s", "".join(c.text for c in clusters), error)


def rewrite_text_items(items: list, clusters: list[Cluster], wrapped: set[Cluster]) -> list:
    """``items`` (content-stream operations of one line) with each cluster of ``wrapped`` in an
    ActualText span: the TJ arrays that hold its glyphs are cut at its edges (the glyph strings
    WeasyPrint writes there, ``<0012003a…>``, are cut between two glyph codes)."""
    codes = array("H", [glyph for cluster in clusters for glyph in cluster.glyphs])
    if sys.byteorder == "little":
        codes.byteswap()
    expected = codes.tobytes().hex().encode()  # as WeasyPrint writes them: four hex digits a glyph
    marks, position = {}, 0  # glyph position → operations that go before that glyph
    for cluster in clusters:
        if cluster in wrapped and cluster.glyphs:
            marks.setdefault(position, []).append(_begin_actual_text(cluster.text))
            marks.setdefault(position + len(cluster.glyphs), []).insert(0, b"EMC")
        position += len(cluster.glyphs)
    edges, out, position, edge = sorted(marks), [], 0, 0
    for item in items:
        if not (isinstance(item, bytes) and item.startswith(b"[") and item.endswith(b"] TJ")):
            out.append(item)
            continue
        cuts = []
        for match in _GLYPH_CODES.finditer(item):
            codes = match.group(1)
            count = len(codes) // 4
            if codes != expected[4 * position : 4 * (position + count)]:
                raise StreamMismatch(f"glyphs {codes!r} at {position} are not Pango's")
            while edge < len(edges) and edges[edge] < position + count:
                cuts.append((match.start(1) + 4 * (edges[edge] - position), marks[edges[edge]]))
                edge += 1
            position += count
        out += _cut_array(item, cuts)
    if 4 * position != len(expected):
        raise StreamMismatch(f"{len(expected) // 4 - position} of Pango's glyphs not found in the stream")
    for end in edges[edge:]:
        out += marks[end]  # the last span ends with the line
    return out


def _cut_array(item: bytes, cuts: list[tuple[int, list]]) -> list:
    """The TJ array ``item`` cut at byte offsets inside its glyph strings, with operations between."""
    if not cuts:
        return [item]
    out, start = [], 1
    for number, (cut, operations) in enumerate([*cuts, (len(item) - 4, [])]):
        body = (b"<" if number else b"") + item[start:cut] + (b">" if cut != len(item) - 4 else b"")
        body = body.removeprefix(b"<>").removesuffix(b"<>")
        if body:
            out.append(b"[" + body + b"] TJ")
        out += operations
        start = cut
    return out


def _begin_actual_text(text: str) -> bytes:
    utf16 = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return b"/Span <</ActualText <" + utf16.encode() + b">>> BDC"
