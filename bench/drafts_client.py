"""The applicants of bench/drafts.py: the PDF they upload, their log-in, the loop each client thread
runs (autosaves with growing Thai text, uploads and deletes of attachments) and the latencies and
errors they record."""

import html
import random
import re
import threading
import time

from drafts_http import NETWORK_ERRORS, Client

PASSWORD = "bench-drafts-Pw-2026"
MAX_ITERATIONS = 100_000  # per client thread, on top of the time limit
ATTACHMENT_LIMIT = 10  # settings.ATTACHMENT_MAX_COUNT's default; we delete one at LIMIT - 1
ERRORS_SHOWN = 15

THAI_SENTENCES = [
    "ระบบติดตามรถโดยสารประจำทางแบบเรียลไทม์ช่วยให้ประชาชนวางแผนการเดินทางได้แม่นยำขึ้น",
    "เทศบาลติดตั้งเซนเซอร์วัดคุณภาพอากาศ ๔๒ จุดทั่วเมืองและเผยแพร่ข้อมูลผ่านแอปพลิเคชัน",
    "ผู้สูงอายุกว่า ๑,๒๐๐ คนได้รับการแจ้งเตือนนัดหมายแพทย์ผ่านไลน์โดยอัตโนมัติ",
    "ข้อมูลจากกล้องอัจฉริยะช่วยลดเวลารอสัญญาณไฟจราจรบริเวณทางแยกหลักลงร้อยละ ๑๘",
    "ภาคเอกชนและมหาวิทยาลัยในพื้นที่ร่วมออกแบบบริการตั้งแต่ขั้นตอนสำรวจความต้องการ",
    "แผนการดูแลระบบในอนาคตใช้งบประมาณของเทศบาลร่วมกับรายได้จากค่าบริการข้อมูล",
    "ความพึงพอใจของผู้ใช้บริการเพิ่มขึ้นจากร้อยละ ๖๑ เป็นร้อยละ ๘๗ ภายในหนึ่งปี",
    "อุปสรรคสำคัญคือสัญญาณอินเทอร์เน็ตในชุมชนรอบนอก ซึ่งแก้ไขด้วยเครือข่ายไร้สายสาธารณะ",
]

VERSION_OOB = re.compile(rb'value="(\d+)" hx-swap-oob')
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def version_input(key: str) -> re.Pattern:
    """The hidden input holding the version the form loaded of question ``key`` (``<key>__version``)."""
    return re.compile(rb'<input[^>]*name="' + key.encode() + rb'__version"[^>]*value="(\d+)"')


def textarea(key: str) -> re.Pattern:
    return re.compile(rb'<textarea[^>]*name="' + key.encode() + rb'"[^>]*>(.*?)</textarea>', re.DOTALL)


DELETE_LINK = re.compile(rb"/attachments/(\d+)/delete/")
FIELD_ERROR = re.compile(rb'class="[^"]*(?:invalid-feedback|alert-danger|text-danger)[^"]*"[^>]*>(.*?)</', re.DOTALL)


def make_pdf(size: int) -> bytes:
    """A valid one-page PDF 1.4 of exactly `size` bytes: the padding is comment lines inside the page's
    content stream, so every byte belongs to the document and the cross-reference offsets are right."""
    noise = random.Random(2026)
    drawing = b"BT /F1 24 Tf 72 760 Td (Smart City Solution Awards: supporting document) Tj ET\n"

    def padding(length: int) -> bytes:
        lines, left = [], length
        while left >= 80:
            lines.append(b"%" + noise.randbytes(39).hex().encode() + b"\n")
            left -= 80
        if left >= 2:
            lines.append(b"%" + b"0" * (left - 2) + b"\n")
        elif left == 1:
            lines.append(b"\n")
        return b"".join(lines)

    def build(pad: int) -> bytes:
        content = drawing + padding(pad)
        objects = [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
        return bytes(out)

    pad = size - len(build(0))
    for _attempt in range(5):  # the digits of /Length and startxref can shift the total by a byte or two
        noise.seed(2026)
        document = build(pad)
        if len(document) == size:
            return document
        pad += size - len(document)
    raise RuntimeError(f"could not build a PDF of exactly {size} bytes")


class Applicant:
    def __init__(self, index: int, email: str, application: int, sections: list[list]):
        self.index, self.email, self.application = index, email, application
        # Per section position: its long answer's length limit and key (bench/drafts_setup.py).
        self.limits = {position: max_chars for position, _key, max_chars in sections}
        self.keys = {position: key for position, key, _max_chars in sections}
        self.client: Client | None = None
        self.texts: dict[int, str] = {}  # last text the server answered 200 for
        self.versions: dict[int, int] = {}
        self.unsure: dict[int, list[str]] = {}  # texts sent without an answer (may or may not be saved)
        self.resync: set[int] = set()  # sections to reload before the next save
        self.saves = 0
        self.uploads_ok = self.deletes_ok = 0
        self.uploads_unsure = self.deletes_unsure = 0
        self.attachment_ids: list[int] | None = None  # from the last list page; None = not seen yet

    @property
    def address(self) -> str:
        return f"127.0.{1 + self.index // 250}.{1 + self.index % 250}"

    @property
    def base(self) -> str:
        return f"/my/applications/{self.application}"


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: dict[str, list[tuple[float, float]]] = {}
        self.counts: dict[str, int] = {}
        self.errors: list[str] = []
        self.error_count = 0
        self.conflicts = 0

    def record(self, kind: str, started: float, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append((started, seconds))
            self.counts[kind] = self.counts.get(kind, 0) + 1

    def error(self, what: str) -> None:
        with self.lock:
            self.error_count += 1
            if len(self.errors) < ERRORS_SHOWN:
                self.errors.append(what)

    def conflict(self) -> None:
        with self.lock:
            self.conflicts += 1

    def window(self, kind: str, since: float) -> list[float]:
        with self.lock:
            return sorted(seconds for started, seconds in self.latencies.get(kind, []) if started >= since)


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    rank = max(1, int(-(-p * len(values) // 100)))  # nearest rank
    return values[min(rank, len(values)) - 1]


def snippet(body: bytes) -> str:
    found = [html.unescape(m.decode("utf-8", "replace")).strip() for m in FIELD_ERROR.findall(body)]
    text = " | ".join(f for f in found if f) or body[:200].decode("utf-8", "replace")
    return re.sub(r"\s+", " ", text)[:200]


class Load:
    """The client side: log-in, then the loop each applicant thread runs."""

    def __init__(self, args, port: int, pdf: bytes, stats: Stats):
        self.args, self.port, self.pdf, self.stats = args, port, pdf, stats
        self.stop = threading.Event()
        self.end_at = 0.0

    def login(self, applicant: Applicant) -> bool:
        # Each applicant comes from its own loopback address, as 200 people at home do: allauth allows
        # 30 log-ins a minute per address, and django-axes counts failures per address.
        source = "127.0.0.1" if self.args.single_ip else applicant.address
        client = Client(self.port, self.args.timeout, source)
        try:
            status, _headers, body, _seconds = client.get("/accounts/login/")
            match = CSRF_INPUT.search(body)
            if status != 200 or not match:
                self.stats.error(f"{applicant.email}: log-in page answered {status}")
                return False
            started = time.monotonic()
            status, _headers, body, seconds = client.post_form(
                "/accounts/login/",
                {"csrfmiddlewaretoken": match.group(1).decode(), "login": applicant.email, "password": PASSWORD},
            )
            self.stats.record("login", started, seconds)
        except NETWORK_ERRORS as error:
            self.stats.error(f"{applicant.email}: log-in failed: {error!r}")
            return False
        if status != 302 or "sessionid" not in client.cookies:
            self.stats.error(f"{applicant.email}: log-in answered {status}: {snippet(body)}")
            return False
        applicant.client = client
        return True

    def run(self, applicant: Applicant) -> None:
        rnd = random.Random(applicant.index)
        every = self.args.upload_every
        offset = rnd.randrange(every) if every else 0  # so that uploads do not all come at once
        for iteration in range(MAX_ITERATIONS):
            if self.stop.is_set() or time.monotonic() >= self.end_at:
                return
            if every and (iteration + offset) % every == every - 1:
                self.upload(applicant)
            else:
                self.save(applicant, rnd)
            if self.args.think:
                self.stop.wait(rnd.uniform(0.5, 1.5) * self.args.think)

    def timed(self, kind: str, what: str, send, *, count_failure: bool = True) -> tuple[int, bytes] | None:
        """Make one request with `send` and record its latency under `kind`; return (status, body), or
        None after a network error, counted as an error named by `what`. A failed save, upload or delete
        counts in the latencies too (up to the failure); a failed page load does not."""
        started = time.monotonic()
        try:
            status, _headers, body, seconds = send()
        except NETWORK_ERRORS as error:
            if count_failure:
                self.stats.record(kind, started, time.monotonic() - started)
            self.stats.error(f"{what}: {error!r}")
            return None
        self.stats.record(kind, started, seconds)
        return status, body

    # Autosave ----------------------------------------------------------------------------------------

    def next_text(self, applicant: Applicant, section: int, rnd: random.Random) -> str:
        applicant.saves += 1
        sentence = rnd.choice(THAI_SENTENCES)
        addition = f"{sentence} (ร่างที่ {applicant.saves})"
        text = applicant.texts.get(section, "")
        grown = f"{text} {addition}" if text else addition
        if len(grown) > applicant.limits[section] - 50:
            grown = f"เขียนใหม่ครั้งที่ {applicant.saves}: {sentence}"
        return grown

    def save(self, applicant: Applicant, rnd: random.Random) -> None:
        section = rnd.choice(sorted(applicant.limits))
        path = f"{applicant.base}/sections/{section}/"
        client = applicant.client
        if section in applicant.resync and not self.reload_section(applicant, section):
            return
        text = self.next_text(applicant, section, rnd)
        key = applicant.keys[section]
        fields = {
            "csrfmiddlewaretoken": client.csrf,
            key: text,
            f"{key}__version": str(applicant.versions.get(section, 0)),
        }
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": client.origin + path,
            "HX-Target": "save-status",
            "HX-Trigger": f"id_{key}",
        }
        what = f"save {applicant.email} section {section}"
        answer = self.timed("save", what, lambda: client.post_form(path, fields, headers))
        if answer is None:
            applicant.unsure.setdefault(section, []).append(text)
            applicant.resync.add(section)
            return
        status, body = answer
        match = VERSION_OOB.search(body) if status == 200 else None
        if match:
            applicant.texts[section] = text
            applicant.versions[section] = int(match.group(1))
        elif status == 409:
            self.stats.conflict()
            applicant.resync.add(section)
        else:
            # A 200 without a new version is the form refusing the text; anything else is the server's.
            self.stats.error(f"{what}: {status} {snippet(body)}")
            if status >= 500:
                applicant.unsure.setdefault(section, []).append(text)
            applicant.resync.add(section)

    def reload_section(self, applicant: Applicant, section: int) -> bool:
        """After a conflict or an error: take the server's text and version, as reloading the page does."""
        what = f"reload {applicant.email} section {section}"
        path = f"{applicant.base}/sections/{section}/"
        answer = self.timed("reload", what, lambda: applicant.client.get(path), count_failure=False)
        if answer is None:
            return False
        status, body = answer
        key = applicant.keys[section]
        text, version = textarea(key).search(body), version_input(key).search(body)
        if status != 200 or not text or not version:
            self.stats.error(f"{what}: {status} {snippet(body)}")
            return False
        value = html.unescape(text.group(1).decode())
        applicant.texts[section] = value[1:] if value.startswith("\n") else value
        applicant.versions[section] = int(version.group(1))
        applicant.unsure.pop(section, None)
        applicant.resync.discard(section)
        return True

    # Attachments -------------------------------------------------------------------------------------

    def list_page(self, applicant: Applicant) -> bool:
        """The attachments page, as the browser loads it after each upload or delete (redirect)."""
        what = f"list {applicant.email}"
        path = f"{applicant.base}/attachments/"
        answer = self.timed("list", what, lambda: applicant.client.get(path), count_failure=False)
        if answer is None:
            return False
        status, body = answer
        if status != 200:
            self.stats.error(f"{what}: {status} {snippet(body)}")
            return False
        applicant.attachment_ids = list(dict.fromkeys(int(pk) for pk in DELETE_LINK.findall(body)))
        return True

    def upload(self, applicant: Applicant) -> None:
        client = applicant.client
        known = applicant.attachment_ids
        expected = applicant.uploads_ok - applicant.deletes_ok
        if expected >= ATTACHMENT_LIMIT - 1 or (known is not None and len(known) >= ATTACHMENT_LIMIT - 1):
            if not applicant.attachment_ids and not self.list_page(applicant):
                return
            if applicant.attachment_ids and not self.delete(applicant, applicant.attachment_ids[0]):
                return
        number = applicant.uploads_ok + applicant.uploads_unsure + 1
        what = f"upload {applicant.email}"
        answer = self.timed(
            "upload",
            what,
            lambda: client.post_file(
                f"{applicant.base}/attachments/",
                {"csrfmiddlewaretoken": client.csrf},
                "file",
                f"เอกสารประกอบการสมัคร-{number}.pdf",
                self.pdf,
                "application/pdf",
            ),
        )
        if answer is None:
            applicant.uploads_unsure += 1
            return
        status, body = answer
        if status == 302:
            applicant.uploads_ok += 1
            self.list_page(applicant)
        else:
            # 200 is the form shown again with the refusal (full, closed, not a PDF): an upload that failed.
            self.stats.error(f"{what}: {status} {snippet(body)}")
            if status >= 500:
                applicant.uploads_unsure += 1

    def delete(self, applicant: Applicant, attachment: int) -> bool:
        client = applicant.client
        path = f"{applicant.base}/attachments/{attachment}/delete/"
        what = f"delete {applicant.email}"
        answer = self.timed("delete", what, lambda: client.post_form(path, {"csrfmiddlewaretoken": client.csrf}))
        if answer is None:
            applicant.deletes_unsure += 1
            applicant.attachment_ids = None
            return False
        status, body = answer
        if status != 302:
            self.stats.error(f"{what}: {status} {snippet(body)}")
            if status >= 500:
                applicant.deletes_unsure += 1
            applicant.attachment_ids = None
            return False
        applicant.deletes_ok += 1
        return self.list_page(applicant)
