"""Open Graph pictures: a 1200 × 630 PNG with a small heading, a large title and a footer line,
drawn with Pillow in Sarabun (the font the project ships), so that a link shared in LINE, Facebook
or X shows a readable card without any outside service. Thai is shaped by Pillow's raqm layout when
it is installed (tone marks above their consonants); the basic layout is the fallback.

Pure: no database, no storage. The caller decides where the bytes are kept.
"""

import io
import unicodedata
from functools import cache

from django.contrib.staticfiles import finders
from PIL import Image, ImageDraw, ImageFont, features

from .static_files import find_static

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
BACKGROUND = (14, 42, 71)
ACCENT = (242, 169, 0)
TEXT = (255, 255, 255)
MUTED = (190, 205, 222)


@cache
def font(weight: str, size: int) -> ImageFont.FreeTypeFont:
    """Sarabun at ``size``: the collected copy the site serves, or the project's own before
    ``collectstatic`` has run (a production ``seed_demo`` on a new machine draws its pictures first)."""
    name = f"fonts/sarabun/Sarabun-{weight}.ttf"
    path = find_static(name) or finders.find(name)
    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(path, size, layout_engine=layout)


def wrap_text(draw: ImageDraw.ImageDraw, text: str, font, width: int, max_lines: int) -> list[str]:
    """Lines no wider than ``width``: broken at the last space that fits, and inside a word (Thai
    has no spaces between words) only when no space fits; the last line ends with an ellipsis when
    the text is cut. Each line's length is found by halving, a few measurements per line."""
    clusters, lines = _clusters(text), []
    while clusters and len(lines) <= max_lines:
        fits = _longest_fit(draw, clusters, font, width)
        if fits < len(clusters):
            space = max((k for k in range(1, fits) if clusters[k] == " "), default=0)
            fits = space or fits
        lines.append("".join(clusters[:fits]).strip())
        clusters = clusters[fits:]
        while clusters and clusters[0] == " ":
            clusters = clusters[1:]
    if len(lines) > max_lines or (clusters and len(lines) == max_lines):
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip()[:-1] + "…"
    return lines


def _longest_fit(draw: ImageDraw.ImageDraw, clusters: list[str], font, width: int) -> int:
    """How many clusters from the start fit in ``width`` (at least one, so that text always moves on)."""
    low, high = 1, len(clusters)
    while low < high:
        middle = (low + high + 1) // 2
        if draw.textlength("".join(clusters[:middle]), font=font) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _clusters(text: str) -> list[str]:
    """Each character with the marks written on it (Thai vowels above and below, tone marks), so
    that a line is never broken between a consonant and its marks."""
    clusters: list[str] = []
    for char in text:
        if clusters and unicodedata.category(char) == "Mn":
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def og_png(*, heading: str, title: str, footer: str) -> bytes:
    """The card as PNG bytes: ``heading`` (the award) in the accent colour, ``title`` (the project)
    on up to three lines, ``footer`` (the edition) at the bottom."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 18, HEIGHT), fill=ACCENT)
    inner = WIDTH - 2 * MARGIN
    y = MARGIN
    for line in wrap_text(draw, heading, font("SemiBold", 40), inner, 2):
        draw.text((MARGIN, y), line, font=font("SemiBold", 40), fill=ACCENT)
        y += 58
    y += 24
    for line in wrap_text(draw, title, font("Bold", 64), inner, 3):
        draw.text((MARGIN, y), line, font=font("Bold", 64), fill=TEXT)
        y += 92
    for line in wrap_text(draw, footer, font("Regular", 32), inner, 1):
        draw.text((MARGIN, HEIGHT - MARGIN - 40), line, font=font("Regular", 32), fill=MUTED)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
