"""Pictures and PDFs for the demo, drawn locally with Pillow (nothing is downloaded).

Every picture is deterministic from the project's title: the same title always gives the same
bytes, and two titles give different colours, compositions and icons, so that a gallery of demo
projects looks like a gallery of different projects. The PDF is one page, a project brief with
the title and summary in Sarabun, written by Pillow's PDF writer (a real PDF that the applicants'
content checks accept).
"""

import hashlib
import io
import random

from PIL import Image, ImageDraw

from core.og_image import font, wrap_text

# Palettes (background, second colour, ink) that read well with white text and icons.
PALETTES = [
    ((14, 84, 140), (36, 150, 206), (255, 255, 255)),
    ((16, 112, 84), (96, 186, 120), (255, 255, 255)),
    ((150, 52, 36), (236, 128, 62), (255, 255, 255)),
    ((78, 46, 130), (160, 110, 220), (255, 255, 255)),
    ((20, 60, 70), (40, 170, 170), (255, 255, 255)),
    ((120, 84, 12), (240, 186, 40), (255, 255, 255)),
    ((40, 48, 60), (120, 140, 160), (255, 255, 255)),
    ((150, 30, 90), (230, 100, 150), (255, 255, 255)),
]
# Which icon a title gets: the first theme whose word appears in it (else one chosen by the hash).
ICON_WORDS = [
    ("drop", ("น้ำ", "ฝน")),
    ("bulb", ("ไฟ", "ส่องสว่าง", "พลังงาน", "โซลาร์")),
    ("bin", ("ขยะ", "รีไซเคิล")),
    ("cross", ("คลินิก", "โรงพยาบาล", "สุขภาพ", "ผู้สูงอายุ", "กู้ชีพ", "ฉุกเฉิน")),
    ("bus", ("รถ", "จราจร", "จักรยาน", "จอด", "ถนน")),
    ("document", ("คำร้อง", "ใบอนุญาต", "ยื่น", "เอกสาร", "ภาษี")),
    ("leaf", ("ฝุ่น", "ต้นไม้", "อากาศ", "สิ่งแวดล้อม")),
]
ICONS = ["drop", "bulb", "bin", "cross", "bus", "document", "leaf", "pin"]


def _rng(title: str, purpose: str) -> random.Random:
    return random.Random(hashlib.sha256(f"{purpose}:{title}".encode()).digest())


def icon_of(title: str) -> str:
    for icon, words in ICON_WORDS:
        if any(word in title for word in words):
            return icon
    return ICONS[_rng(title, "icon").randrange(len(ICONS))]


def _icon(draw: ImageDraw.ImageDraw, kind: str, cx: int, cy: int, r: int, ink) -> None:
    """A simple icon in a circle of radius ``r`` around (cx, cy), drawn with lines and shapes."""
    w = max(3, r // 8)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=ink, width=w)
    s = r * 0.55
    if kind == "drop":
        draw.polygon([(cx, cy - s), (cx - s * 0.6, cy + s * 0.2), (cx + s * 0.6, cy + s * 0.2)], fill=ink)
        draw.ellipse((cx - s * 0.6, cy - s * 0.2, cx + s * 0.6, cy + s * 0.8), fill=ink)
    elif kind == "bulb":
        draw.ellipse((cx - s * 0.6, cy - s, cx + s * 0.6, cy + s * 0.2), fill=ink)
        draw.rectangle((cx - s * 0.3, cy + s * 0.2, cx + s * 0.3, cy + s * 0.7), fill=ink)
    elif kind == "bin":
        draw.rectangle((cx - s * 0.7, cy - s * 0.75, cx + s * 0.7, cy - s * 0.55), fill=ink)
        draw.polygon([(cx - s * 0.55, cy - s * 0.45), (cx + s * 0.55, cy - s * 0.45), (cx + s * 0.4, cy + s * 0.8),
                      (cx - s * 0.4, cy + s * 0.8)], fill=ink)  # fmt: skip
    elif kind == "cross":
        draw.rectangle((cx - s * 0.25, cy - s * 0.8, cx + s * 0.25, cy + s * 0.8), fill=ink)
        draw.rectangle((cx - s * 0.8, cy - s * 0.25, cx + s * 0.8, cy + s * 0.25), fill=ink)
    elif kind == "bus":
        draw.rounded_rectangle((cx - s * 0.8, cy - s * 0.7, cx + s * 0.8, cy + s * 0.5), radius=int(s * 0.2), fill=ink)
        for dx in (-0.45, 0.45):
            draw.ellipse((cx + s * dx - s * 0.2, cy + s * 0.4, cx + s * dx + s * 0.2, cy + s * 0.8), fill=ink)
    elif kind == "document":
        draw.rectangle((cx - s * 0.6, cy - s * 0.8, cx + s * 0.6, cy + s * 0.8), outline=ink, width=w)
        for dy in (-0.4, 0, 0.4):
            draw.line((cx - s * 0.35, cy + s * dy, cx + s * 0.35, cy + s * dy), fill=ink, width=w)
    elif kind == "leaf":
        draw.ellipse((cx - s * 0.5, cy - s * 0.9, cx + s * 0.5, cy + s * 0.5), fill=ink)
        draw.line((cx, cy - s * 0.3, cx, cy + s * 0.9), fill=ink, width=w)
    else:
        draw.ellipse((cx - s * 0.5, cy - s * 0.9, cx + s * 0.5, cy + s * 0.1), fill=ink)
        draw.polygon([(cx - s * 0.45, cy - s * 0.2), (cx + s * 0.45, cy - s * 0.2), (cx, cy + s * 0.9)], fill=ink)


def _background(title: str, purpose: str, size: tuple[int, int]) -> tuple[Image.Image, random.Random, tuple]:
    rng = _rng(title, purpose)
    back, second, ink = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", size, back)
    draw = ImageDraw.Draw(image)
    width, height = size
    composition = rng.randrange(3)
    if composition == 0:  # circles of the second colour
        for _ in range(6):
            r = rng.randint(height // 8, height // 2)
            x, y = rng.randint(0, width), rng.randint(0, height)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=second)
    elif composition == 1:  # diagonal bands
        step = rng.randint(50, 90)
        for x in range(-height, width, step * 2):
            draw.polygon([(x, height), (x + step, height), (x + step + height, 0), (x + height, 0)], fill=second)
    else:  # a city skyline
        x = 0
        while x < width:
            w, h = rng.randint(30, 80), rng.randint(height // 5, height * 2 // 3)
            draw.rectangle((x, height - h, x + w - 6, height), fill=second)
            x += w
    return image, rng, ink


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def cover_png(title: str) -> bytes:
    """A 640 × 360 cover: a composition and colours from the title, the theme's icon on top."""
    image, rng, ink = _background(title, "cover", (640, 360))
    draw = ImageDraw.Draw(image)
    _icon(draw, icon_of(title), rng.randint(200, 440), rng.randint(140, 220), 70, ink)
    return _png(image)


def photo_png(title: str) -> bytes:
    """An image attachment (480 × 320): another composition of the title, with the title written."""
    image, _rng_, ink = _background(title, "photo", (480, 320))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 230, 480, 320), fill=(0, 0, 0))
    for number, line in enumerate(wrap_text(draw, title, font("SemiBold", 24), 440, 2)):
        draw.text((20, 240 + number * 34), line, font=font("SemiBold", 24), fill=ink)
    _icon(draw, icon_of(title), 240, 110, 60, ink)
    return _png(image)


def brief_pdf(*, title: str, subtitle: str, summary: str) -> bytes:
    """A one-page project brief (A5 at 72 dpi): the title, a subtitle and the summary."""
    page = Image.new("RGB", (420, 595), (255, 255, 255))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 420, 12), fill=PALETTES[_rng(title, "cover").randrange(len(PALETTES))][0])
    y = 40
    for line in wrap_text(draw, title, font("Bold", 20), 360, 3):
        draw.text((30, y), line, font=font("Bold", 20), fill=(20, 20, 20))
        y += 30
    draw.text((30, y + 6), subtitle, font=font("Regular", 14), fill=(90, 90, 90))
    y += 50
    for line in wrap_text(draw, summary, font("Regular", 14), 360, 14):
        draw.text((30, y), line, font=font("Regular", 14), fill=(30, 30, 30))
        y += 24
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=72, title=title)
    return buffer.getvalue()
