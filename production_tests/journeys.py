"""What people do on the site, over HTTP: the steps the tests share."""

import html
import io
import re
import struct
import time
import zipfile
import zlib

import polib
from pypdf import PdfReader

from .mailbox import Mailbox
from .processes import ROOT
from .web import Browser, Response

POLL = "demo-vote"  # the demo's Popular Vote (seed_demo)
CODE = re.compile(r"\b(\d{6})\b")
# A minimal but real PDF: the platform recognises files by their content, not by their name.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


# A minimal but real Word document (an Office package with its main part): a kind no browser shows
# itself, so it is always a download.
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_DOCX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_DOCX_MAIN}"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
        "</Relationships>"
    ),
    "word/document.xml": (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>งบประมาณโครงการ</w:t></w:r></w:p></w:body></w:document>"
    ),
}


def png_bytes() -> bytes:
    """A real 1 x 1 picture in PNG (one red pixel)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in _DOCX_PARTS.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-"), content[:40]
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def first_finalist(browser: Browser) -> int:
    gallery = browser.get(f"/vote/{POLL}/")
    assert gallery.status == 200, gallery.status
    return int(re.search(rf'href="/vote/{POLL}/(\d+)/"', gallery.text).group(1))


def request_code(browser: Browser, email: str, finalist: int) -> Response:
    """Step 1 of verification: the address and consent; the answer is the page where the code is typed."""
    page = browser.get(f"/vote/{POLL}/verify/?next={finalist}")
    return browser.submit(page.form(field="email"), {"email": email, "consent": True})


def request_sms_code(browser: Browser, phone: str, finalist: int) -> Response:
    """Step 1 by SMS: the mobile number and consent; the answer is the page where the code is typed."""
    page = browser.get(f"/vote/{POLL}/verify/?proof=sms&next={finalist}")
    return browser.submit(page.form(field="phone"), {"phone": phone, "consent": True})


SENT = {
    "email": "We have sent a 6-digit code to your e-mail address. It works once.",
    "sms": "We have sent a 6-digit code by SMS to your mobile number. It works once.",
}


def assert_code_page(page: Response, *, sent_by: str = "email") -> None:
    assert page.status == 200, page.status
    assert f"/vote/{POLL}/code/" in page.url, page.url
    assert thai(SENT[sent_by]) in html.unescape(page.text)
    page.form(field="code")  # the page where the code is typed


def code_from(mailbox: Mailbox, email: str, *, timeout: float = 60) -> str:
    message = mailbox.wait_for(email, timeout=timeout)[-1]
    return CODE.search(message["Subject"]).group(1)


def enter_code(browser: Browser, code: str, finalist: int) -> Response:
    page = browser.get(f"/vote/{POLL}/code/?next={finalist}")
    verified = browser.submit(page.form(field="code"), {"code": code})
    assert verified.status == 200 and verified.url.startswith(f"/vote/{POLL}/{finalist}/"), verified.url
    return verified


def vote(browser: Browser, finalist: int, *, page: Response | None = None, timeout: float = 60) -> Response:
    """Cast a vote from the finalist's page (its form may be sent two seconds after the page was shown)."""
    page = page or browser.get(f"/vote/{POLL}/{finalist}/")
    form = page.form(action=f"/vote/{POLL}/{finalist}/vote/")
    time.sleep(2.1)
    return browser.submit(form, timeout=timeout)


def votes_for(sql, finalist: int) -> int:
    return sql("SELECT count(*) FROM voting_vote WHERE application_id = %s", finalist)[0][0]


def thai(msgid: str) -> str:
    """The Thai the platform shows for ``msgid`` (its catalogue; this process runs no Django)."""
    entry = polib.pofile(str(ROOT / "locale" / "th" / "LC_MESSAGES" / "django.po")).find(msgid)
    assert entry is not None and entry.msgstr, msgid
    return entry.msgstr
