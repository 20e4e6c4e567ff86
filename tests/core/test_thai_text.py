"""|thai_wbr: <wbr> between Thai words, the text escaped and otherwise exactly as written."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from core.templatetags.thai_text import thai_wbr


class _Text(HTMLParser):
    """The text a browser shows (as innerText would give it for inline markup)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


SAMPLES = [
    "การเดินทางและขนส่งอัจฉริยะ (Smart Mobility)",
    "ระบบบริหารจัดการขยะอัจฉริยะ เทศบาลนครนครราชสีมา",
    "รางวัล <ดีเด่น> & \"ขวัญใจ\" 'ประชาชน'",
    "Smart City Solution Awards 2026",
    "  เว้นวรรค  สองที่ ",
    "",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_thai_wbr_text_unchanged(text):
    html = thai_wbr(text)

    assert text_of(html) == text


def test_thai_wbr_breaks_between_thai_words_only():
    html = thai_wbr("การเดินทางและขนส่งอัจฉริยะ")

    assert html == "การ<wbr>เดินทาง<wbr>และ<wbr>ขนส่ง<wbr>อัจฉริยะ"


def test_thai_wbr_no_break_beside_a_space_or_in_english():
    assert thai_wbr("รางวัล ดีเด่น") == "รางวัล ดีเด่น"
    assert thai_wbr("Smart Mobility") == "Smart Mobility"


def test_thai_wbr_escapes_markup():
    html = thai_wbr("<script>alert('ชื่อ')</script> & ผลงาน")

    assert "<script>" not in html
    assert html.replace("<wbr>", "") == "&lt;script&gt;alert(&#x27;ชื่อ&#x27;)&lt;/script&gt; &amp; ผลงาน"


def test_thai_wbr_leaves_safe_markup_alone():
    safe = mark_safe("<b>ผลงานดีเด่น</b>")

    assert thai_wbr(safe) == "<b>ผลงานดีเด่น</b>"


def test_thai_wbr_in_a_template_is_not_escaped_twice():
    template = Template("{% load thai_text %}<h1>{{ title|thai_wbr }}</h1>")

    html = template.render(Context({"title": "ผลงาน & เมืองอัจฉริยะ"}))

    assert html == "<h1>ผลงาน &amp; เมือง<wbr>อัจฉริยะ</h1>"
    assert text_of(html) == "ผลงาน & เมืองอัจฉริยะ"


def test_thai_wbr_none_is_empty():
    assert thai_wbr(None) == ""
