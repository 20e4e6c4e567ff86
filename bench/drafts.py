"""The last hour before a deadline: many applicants autosaving sections and uploading 5 MB PDFs at once.

Serves the app the production way (gunicorn gthread, 2 workers x 4 threads, DJANGO_ENV=production,
DEBUG off, hashed static files) on PostgreSQL and Redis, with a Celery worker, on loopback only; logs
every applicant in, then runs one client thread per applicant for a bounded time. Each thread autosaves
a random section with growing Thai text as htmx does (keeping its own version number), and every N-th
time uploads a 5 MB PDF (deleting the oldest file first when the application already has 9). At the end
it checks that nothing was lost (every section's text in the database is the last text the client got
a 200 for; each application has the files it should) and how much the web workers' memory grew.

    .venv/bin/python bench/drafts.py [--seconds 60] [--applicants 200] [--upload-every 10]
    make bench-drafts

The last line is `save_p99_ms=… upload_p99_ms=… errors=… lost=… worker_rss_growth_mb=…`; the exit
status is 1 when errors or lost are above 0. It uses (and drops again) the database `awards_bench`
on the machine's PostgreSQL (127.0.0.1:5432, user postgres) and Redis database 14; the server, the
worker and the temporary folder are removed at the end, also after a failure or Ctrl-C.
"""

import argparse
import contextlib
import ctypes
import fcntl
import html
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
from http.cookies import CookieError, SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = "awards_bench"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 14
LOCK_FILE = Path(tempfile.gettempdir()) / "awards-bench-drafts.lock"
MiB = 1024 * 1024
PASSWORD = "bench-drafts-Pw-2026"
MAX_ITERATIONS = 100_000  # per client thread, on top of the time limit
ATTACHMENT_LIMIT = 10  # settings.ATTACHMENT_MAX_COUNT's default; we delete one at LIMIT - 1
ERRORS_SHOWN = 15
# Settings the bench decides itself; anything of these in the caller's environment is not passed on.
ENV_NOT_INHERITED = ("AWS_", "DJANGO_", "CELERY_", "EMAIL_", "SECURE_", "AXES_", "ATTACHMENT_", "STORAGE", "DEBUG")

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
VERSION_INPUT = re.compile(rb'<input[^>]*name="version"[^>]*value="(\d+)"')
TEXTAREA = re.compile(rb'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', re.DOTALL)
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
DELETE_LINK = re.compile(rb"/attachments/(\d+)/delete/")
FIELD_ERROR = re.compile(rb'class="[^"]*(?:invalid-feedback|alert-danger|text-danger)[^"]*"[^>]*>(.*?)</', re.DOTALL)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --------------------------------------------------------------------------------------------------
# The PDF every applicant uploads


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


# --------------------------------------------------------------------------------------------------
# HTTP: one connection per request (as a reverse proxy in front of gunicorn does), cookies by hand


class Client:
    def __init__(self, port: int, timeout: float, source: str = "127.0.0.1"):
        self.port, self.timeout, self.source = port, timeout, source
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, parts=(), headers=None):
        """Send the request; return (status, headers, body, seconds). Raises on network errors."""
        started = time.monotonic()
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0)
        )
        try:
            connection.putrequest(method, path, skip_accept_encoding=True)
            connection.putheader("User-Agent", "bench-drafts")
            connection.putheader("Connection", "close")
            if self.cookies:
                connection.putheader("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if method == "POST":
                connection.putheader("Content-Length", str(sum(len(part) for part in parts)))
            connection.endheaders()
            for part in parts:
                connection.send(part)
            response = connection.getresponse()
            body = response.read()
            self._keep_cookies(response.msg.get_all("Set-Cookie") or [])
            return response.status, response.msg, body, time.monotonic() - started
        finally:
            connection.close()

    def _keep_cookies(self, lines: list[str]) -> None:
        for line in lines:
            jar = SimpleCookie()
            try:
                jar.load(line)
            except CookieError:
                continue
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")

    def get(self, path: str, headers=None):
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict, headers=None):
        body = urllib.parse.urlencode(fields).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin, **(headers or {})}
        return self.request("POST", path, parts=(body,), headers=extra)

    def post_file(self, path: str, fields: dict, name: str, filename: str, data: bytes, content_type: str):
        boundary = f"----bench{secrets.token_hex(12)}"
        head = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        )
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        tail = f"\r\n--{boundary}--\r\n".encode()
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": self.origin}
        return self.request("POST", path, parts=(head, data, tail), headers=headers)


# --------------------------------------------------------------------------------------------------
# One applicant


class Applicant:
    def __init__(self, index: int, email: str, application: int, sections: list[list[int]]):
        self.index, self.email, self.application = index, email, application
        self.limits = {position: max_chars for position, max_chars in sections}
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
            status, _h, body, seconds = client.get("/accounts/login/")
            match = CSRF_INPUT.search(body)
            if status != 200 or not match:
                self.stats.error(f"{applicant.email}: log-in page answered {status}")
                return False
            started = time.monotonic()
            status, headers, body, seconds = client.post_form(
                "/accounts/login/",
                {"csrfmiddlewaretoken": match.group(1).decode(), "login": applicant.email, "password": PASSWORD},
            )
            self.stats.record("login", started, seconds)
        except (OSError, http.client.HTTPException) as error:
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
        fields = {
            "csrfmiddlewaretoken": client.csrf,
            "text": text,
            "version": str(applicant.versions.get(section, 0)),
        }
        headers = {
            "HX-Request": "true",
            "HX-Current-URL": client.origin + path,
            "HX-Target": "save-status",
            "HX-Trigger": "id_text",
        }
        started = time.monotonic()
        try:
            status, _h, body, seconds = client.post_form(path, fields, headers)
        except (OSError, http.client.HTTPException) as error:
            self.stats.record("save", started, time.monotonic() - started)
            self.stats.error(f"save {applicant.email} section {section}: {error!r}")
            applicant.unsure.setdefault(section, []).append(text)
            applicant.resync.add(section)
            return
        self.stats.record("save", started, seconds)
        match = VERSION_OOB.search(body) if status == 200 else None
        if match:
            applicant.texts[section] = text
            applicant.versions[section] = int(match.group(1))
        elif status == 409:
            self.stats.conflict()
            applicant.resync.add(section)
        else:
            # A 200 without a new version is the form refusing the text; anything else is the server's.
            self.stats.error(f"save {applicant.email} section {section}: {status} {snippet(body)}")
            if status >= 500:
                applicant.unsure.setdefault(section, []).append(text)
            applicant.resync.add(section)

    def reload_section(self, applicant: Applicant, section: int) -> bool:
        """After a conflict or an error: take the server's text and version, as reloading the page does."""
        started = time.monotonic()
        try:
            status, _h, body, seconds = applicant.client.get(f"{applicant.base}/sections/{section}/")
        except (OSError, http.client.HTTPException) as error:
            self.stats.error(f"reload {applicant.email} section {section}: {error!r}")
            return False
        self.stats.record("reload", started, seconds)
        text, version = TEXTAREA.search(body), VERSION_INPUT.search(body)
        if status != 200 or not text or not version:
            self.stats.error(f"reload {applicant.email} section {section}: {status} {snippet(body)}")
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
        started = time.monotonic()
        try:
            status, _h, body, seconds = applicant.client.get(f"{applicant.base}/attachments/")
        except (OSError, http.client.HTTPException) as error:
            self.stats.error(f"list {applicant.email}: {error!r}")
            return False
        self.stats.record("list", started, seconds)
        if status != 200:
            self.stats.error(f"list {applicant.email}: {status} {snippet(body)}")
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
        started = time.monotonic()
        try:
            status, headers, body, seconds = client.post_file(
                f"{applicant.base}/attachments/",
                {"csrfmiddlewaretoken": client.csrf},
                "file",
                f"เอกสารประกอบการสมัคร-{number}.pdf",
                self.pdf,
                "application/pdf",
            )
        except (OSError, http.client.HTTPException) as error:
            self.stats.record("upload", started, time.monotonic() - started)
            self.stats.error(f"upload {applicant.email}: {error!r}")
            applicant.uploads_unsure += 1
            return
        self.stats.record("upload", started, seconds)
        if status == 302:
            applicant.uploads_ok += 1
            self.list_page(applicant)
        else:
            # 200 is the form shown again with the refusal (full, closed, not a PDF): an upload that failed.
            self.stats.error(f"upload {applicant.email}: {status} {snippet(body)}")
            if status >= 500:
                applicant.uploads_unsure += 1

    def delete(self, applicant: Applicant, attachment: int) -> bool:
        client = applicant.client
        started = time.monotonic()
        try:
            status, headers, body, seconds = client.post_form(
                f"{applicant.base}/attachments/{attachment}/delete/", {"csrfmiddlewaretoken": client.csrf}
            )
        except (OSError, http.client.HTTPException) as error:
            self.stats.record("delete", started, time.monotonic() - started)
            self.stats.error(f"delete {applicant.email}: {error!r}")
            applicant.deletes_unsure += 1
            applicant.attachment_ids = None
            return False
        self.stats.record("delete", started, seconds)
        if status != 302:
            self.stats.error(f"delete {applicant.email}: {status} {snippet(body)}")
            if status >= 500:
                applicant.deletes_unsure += 1
            applicant.attachment_ids = None
            return False
        applicant.deletes_ok += 1
        return self.list_page(applicant)


# --------------------------------------------------------------------------------------------------
# Servers, database and measurements


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _child_setup() -> None:
    """In each server process: its own process group (Ctrl-C reaches only this script, which stops
    them in order) and SIGTERM if this script dies without cleaning up."""
    os.setpgrp()
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads) so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_ticks() -> tuple[int, int]:
    """(busy, iowait) jiffies of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = values[3], values[4]
    return sum(values[:8]) - idle - iowait, iowait


class CpuMeter:
    """CPU seconds used by each part (web workers, PostgreSQL backends, ...) over the measured window.
    Processes are sampled every half second; one that starts in the window counts from zero."""

    def __init__(self):
        self.seen: dict[tuple[str, int], list[float]] = {}
        self.started = False
        self.wall = self.machine = None

    def sample(self, groups: dict[str, list[int]]) -> None:
        for group, pids in groups.items():
            for pid in pids:
                used = cpu_seconds(pid)
                if used is None:
                    continue
                entry = self.seen.setdefault((group, pid), [used if not self.started else 0.0, used])
                entry[1] = used
        if not self.started:
            self.started = True
            self.wall, self.machine = time.monotonic(), machine_ticks()

    def report(self) -> list[str]:
        wall = time.monotonic() - self.wall
        busy, iowait = (now - then for now, then in zip(machine_ticks(), self.machine, strict=True))
        totals: dict[str, float] = {}
        for (group, _pid), (first, last) in self.seen.items():
            totals[group] = totals.get(group, 0.0) + last - first
        cores = os.cpu_count() or 1
        parts = ", ".join(f"{group} {used:.0f} s ({used / wall:.2f} cores)" for group, used in totals.items())
        machine = busy / CLOCK_TICKS
        others = machine - sum(totals.values())
        return [
            f"CPU over {wall:.0f} s on {cores} cores: {parts}",
            f"  whole machine busy {machine / wall:.2f} of {cores} cores (iowait {iowait / CLOCK_TICKS / wall:.2f}); "
            f"other processes (Redis, PostgreSQL's own, other people's work) {max(0.0, others) / wall:.2f} cores",
        ]


def stop_process(process: subprocess.Popen | None, name: str, grace: float) -> None:
    if process is None or process.poll() is not None:
        return
    children = children_of(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log(f"{name} did not stop within {grace:.0f} s: killing it")
        for pid in [process.pid, *children]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(timeout=10)
    # Wait for the workers too (they are the master's children, not ours).
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)


def pg_connect(dbname: str):
    import psycopg2

    connection = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=dbname, connect_timeout=5)
    connection.autocommit = True
    return connection


class Bench:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="bench-drafts-"))
        self.gunicorn: subprocess.Popen | None = None
        self.celery: subprocess.Popen | None = None
        self.database_created = False
        self.threads: list[threading.Thread] = []
        self.load: Load | None = None
        self.timings: dict[str, float] = {}
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_NOT_INHERITED)},
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(self.work / "var"),
            "DATABASE_URL": f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}",
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": "bench-drafts",
            "STORAGE": "local",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    # Set-up ------------------------------------------------------------------------------------------

    def phase(self, name: str, started: float) -> None:
        self.timings[name] = time.monotonic() - started
        log(f"{name}: {self.timings[name]:.1f} s")

    def manage(self, *command: str, timeout: float = 600) -> None:
        subprocess.run(
            [str(BIN / "python"), *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def set_up(self) -> list[Applicant]:
        started = time.monotonic()
        with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
        self.database_created = True
        self.flush_redis()
        self.manage("manage.py", "migrate", "--noinput", "-v0")
        self.manage("manage.py", "seed_demo", "-v0")
        self.manage("manage.py", "collectstatic", "--noinput", "-v0")
        self.phase("database, migrations, demo, static files", started)

        started = time.monotonic()
        out = self.work / "applicants.json"
        self.manage("bench/drafts_setup.py", str(self.args.applicants), PASSWORD, str(out))
        rows = json.loads(out.read_text())
        self.phase(f"{len(rows)} applicants with organisations and drafts", started)
        return [Applicant(i, row["email"], row["application"], row["sections"]) for i, row in enumerate(rows)]

    def flush_redis(self) -> None:
        import redis

        redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=5).flushdb()

    def start_servers(self) -> int:
        started = time.monotonic()
        port = free_port()
        self.gunicorn = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "awards.wsgi",
                "--workers",
                "2",
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--bind",
                f"127.0.0.1:{port}",
                "--graceful-timeout",
                "20",
                "--error-logfile",
                "-",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=(self.work / "gunicorn.log").open("wb"),
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )
        self.celery = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "awards",
                "worker",
                "--pool",
                "threads",
                "--concurrency",
                "2",
                "--queues",
                "default,mail,pdf",
                "--hostname",
                f"bench-drafts-{os.getpid()}@%h",
                "--loglevel",
                "INFO",
            ],  # fmt: skip
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=(self.work / "celery.log").open("wb"),
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )
        deadline = time.monotonic() + 60
        healthy = ready = False
        while time.monotonic() < deadline and not (healthy and ready):
            if self.gunicorn.poll() is not None or self.celery.poll() is not None:
                break
            if not healthy:
                try:
                    status, *_rest = Client(port, 5).get("/healthz")
                    healthy = status == 200
                except OSError:
                    pass
            ready = ready or b"ready." in (self.work / "celery.log").read_bytes()
            time.sleep(0.3)
        if not (healthy and ready):
            raise RuntimeError(
                f"servers did not come up (web healthy: {healthy}, worker ready: {ready}); "
                f"see the logs:\n{self.tail('gunicorn.log')}\n{self.tail('celery.log')}"
            )
        self.phase(f"gunicorn on 127.0.0.1:{port} and the Celery worker ready", started)
        return port

    def tail(self, name: str, lines: int = 30) -> str:
        try:
            return "\n".join((self.work / name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def workers(self) -> list[int]:
        return children_of(self.gunicorn.pid) if self.gunicorn else []

    def processes(self, pg, monitor_pid: int) -> dict[str, list[int]]:
        with pg.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s", [DB_NAME, monitor_pid])
            backends = [pid for (pid,) in cursor.fetchall()]
        return {
            "web workers": self.workers(),
            "PostgreSQL backends": backends,
            "Celery worker": [self.celery.pid, *children_of(self.celery.pid)] if self.celery else [],
            "load generator": [os.getpid()],
        }

    def worker_rss_mb(self) -> float:
        return sum(rss_kb(pid) for pid in self.workers()) / 1024

    # The run -----------------------------------------------------------------------------------------

    def run(self) -> dict:
        args = self.args
        pdf = make_pdf(args.pdf_mb * MiB)
        applicants = self.set_up()
        port = self.start_servers()
        stats = Stats()
        self.load = load = Load(args, port, pdf, stats)

        started = time.monotonic()
        logged_in = self.in_threads(load.login, applicants, args.login_threads, "log-in")
        if not all(logged_in):
            raise RuntimeError(f"{logged_in.count(False)} applicants could not log in: {stats.errors[:3]}")
        self.phase(f"{len(applicants)} applicants logged in ({args.login_threads} at a time)", started)

        pg = pg_connect(DB_NAME)
        workers_at_start = self.workers()
        load.end_at = time.monotonic() + args.warmup + args.seconds
        log(f"load: {len(applicants)} clients, {args.warmup} s warm-up then {args.seconds} s measured")
        run_started = time.monotonic()
        for applicant in applicants:
            thread = threading.Thread(target=load.run, args=(applicant,), daemon=True, name=applicant.email)
            thread.start()
            self.threads.append(thread)

        measure_from = run_started + args.warmup
        rss_start = rss_max = None
        cpu = CpuMeter()
        cpu_done = False
        monitor_pid = pg.get_backend_pid()
        lock_samples = lock_max = samples = 0
        lock_queries: dict[str, int] = {}
        next_progress = run_started + args.progress
        while any(t.is_alive() for t in self.threads):
            now = time.monotonic()
            if now > load.end_at + args.timeout + 30:
                raise RuntimeError("client threads did not finish in time")
            if rss_start is None and now >= measure_from:
                rss_start = self.worker_rss_mb()
                log(f"warm-up over: worker RSS {rss_start:.1f} MB")
            if rss_start is not None and not cpu_done:
                cpu.sample(self.processes(pg, monitor_pid))
                cpu_done = now >= load.end_at
            waiting = self.sample_locks(pg, lock_queries)
            samples += 1
            lock_samples += waiting > 0
            lock_max = max(lock_max, waiting)
            if rss_start is not None:
                rss_max = max(rss_max or 0, self.worker_rss_mb())
            if now >= next_progress:
                next_progress += args.progress
                self.progress(stats, now - run_started, waiting)
            time.sleep(0.5)
        if rss_start is None:
            rss_start = self.worker_rss_mb()
        run_seconds = time.monotonic() - run_started
        rss_end = self.worker_rss_mb()
        workers_at_end = self.workers()
        self.timings["load"] = run_seconds
        log(f"load finished after {run_seconds:.1f} s; worker RSS {rss_end:.1f} MB")

        started = time.monotonic()
        lost, details = self.verify(pg, applicants, pdf)
        pg.close()
        self.phase("verification", started)

        measured = {kind: stats.window(kind, measure_from) for kind in ("save", "upload", "delete", "list", "reload")}
        window = max(0.001, min(args.seconds, run_seconds - args.warmup))
        print("")
        print(f"{'request':<8} {'count':>7} {'per s':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        for kind, values in measured.items():
            if values:
                print(
                    f"{kind:<8} {len(values):>7} {len(values) / window:>7.1f} {percentile(values, 50) * 1000:>8.0f} "
                    f"{percentile(values, 90) * 1000:>8.0f} {percentile(values, 99) * 1000:>8.0f} "
                    f"{values[-1] * 1000:>8.0f}"
                )
        logins = stats.window("login", 0)
        print(
            f"log-in   {len(logins):>7} {'':>7} {percentile(logins, 50) * 1000:>8.0f} "
            f"{percentile(logins, 90) * 1000:>8.0f} {percentile(logins, 99) * 1000:>8.0f}"
        )
        print("")
        uploaded_mb = len(measured["upload"]) * len(pdf) / MiB
        print(
            f"measured window {window:.0f} s (after {args.warmup} s warm-up); uploads {uploaded_mb:.0f} MB "
            f"({uploaded_mb / window:.1f} MB/s)"
        )
        counts = stats.counts
        print(
            f"whole run: saves {counts.get('save', 0)}, uploads {counts.get('upload', 0)}, "
            f"deletes {counts.get('delete', 0)}, conflicts (409) {stats.conflicts}, errors {stats.error_count}"
        )
        print(
            f"worker RSS: {rss_start:.1f} MB after warm-up, max {rss_max or rss_end:.1f} MB, {rss_end:.1f} MB at end;"
            f" workers {workers_at_start} -> {workers_at_end}"
            + ("" if workers_at_start == workers_at_end else " (A WORKER WAS REPLACED)")
        )
        if cpu.started:
            for line in cpu.report():
                print(line)
        print(f"PostgreSQL: sessions waiting on a lock in {lock_samples} of {samples} samples (max {lock_max} at once)")
        for query, count in sorted(lock_queries.items(), key=lambda item: -item[1])[:5]:
            print(f"  waited {count}x: {query}")
        for line in details:
            print(line)
        server_errors = self.server_log_problems()
        for line in server_errors:
            print(line)
        if stats.errors:
            print(f"first errors ({stats.error_count} in all):")
            for line in stats.errors:
                print(f"  {line}")
        print("timings: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items()))
        return {
            "save_p99_ms": round(percentile(measured["save"], 99) * 1000),
            "upload_p99_ms": round(percentile(measured["upload"], 99) * 1000),
            "errors": stats.error_count,
            "lost": lost,
            "worker_rss_growth_mb": f"{rss_end - rss_start:.1f}",
        }

    def in_threads(self, function, applicants, count: int, what: str) -> list[bool]:
        results: list[bool] = [False] * len(applicants)
        queue = list(enumerate(applicants))
        lock = threading.Lock()

        def work():
            while True:
                with lock:
                    if not queue or self.load.stop.is_set():
                        return
                    index, applicant = queue.pop()
                results[index] = function(applicant)

        threads = [threading.Thread(target=work, daemon=True) for _ in range(count)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 60 + len(applicants) * 5
        for thread in threads:
            thread.join(max(0.1, deadline - time.monotonic()))
        if any(thread.is_alive() for thread in threads):
            raise RuntimeError(f"{what} did not finish in time")
        return results

    def sample_locks(self, pg, queries: dict[str, int]) -> int:
        with pg.cursor() as cursor:
            cursor.execute(
                "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 140) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [DB_NAME],
            )
            rows = cursor.fetchall()
        for (query,) in rows:
            queries[query] = queries.get(query, 0) + 1
        return len(rows)

    def progress(self, stats: Stats, elapsed: float, waiting: int) -> None:
        with stats.lock:
            counts = dict(stats.counts)
            errors, conflicts = stats.error_count, stats.conflicts
            recent = sorted(s for started, s in stats.latencies.get("save", [])[-500:])
        log(
            f"t={elapsed:5.0f}s saves={counts.get('save', 0)} uploads={counts.get('upload', 0)} "
            f"deletes={counts.get('delete', 0)} errors={errors} conflicts={conflicts} "
            f"save_p99_recent={percentile(recent, 99) * 1000:.0f}ms worker_rss={self.worker_rss_mb():.0f}MB "
            f"lock_waits_now={waiting}"
        )

    # Verification ------------------------------------------------------------------------------------

    def verify(self, pg, applicants: list[Applicant], pdf: bytes) -> tuple[int, list[str]]:
        import hashlib

        by_pk = {a.application: a for a in applicants if a.client}
        with pg.cursor() as cursor:
            cursor.execute(
                "SELECT a.application_id, s.position, a.text, a.version FROM submissions_answer a "
                "JOIN awards_section s ON s.id = a.section_id WHERE a.application_id = ANY(%s)",
                [list(by_pk)],
            )
            answers = {(pk, position): (text, version) for pk, position, text, version in cursor.fetchall()}
            cursor.execute(
                "SELECT application_id, file, size, sha256 FROM submissions_attachment WHERE application_id = ANY(%s)",
                [list(by_pk)],
            )
            files: dict[int, list[tuple[str, int, str]]] = {}
            for pk, name, size, sha256 in cursor.fetchall():
                files.setdefault(pk, []).append((name, size, sha256))

        lost_texts = unsure_texts = stale_versions = lost_files = bad_files = 0
        examples: list[str] = []
        for pk, applicant in by_pk.items():
            for section in applicant.limits:
                expected = applicant.texts.get(section)
                stored = answers.get((pk, section))
                stored_text = stored[0] if stored else None
                if stored_text == expected:
                    if stored and stored[1] != applicant.versions.get(section):
                        stale_versions += 1
                    continue
                if stored_text in applicant.unsure.get(section, []):
                    unsure_texts += 1  # a save whose answer never came, that did reach the database
                    continue
                lost_texts += 1
                if len(examples) < 5:
                    examples.append(
                        f"  lost: application {pk} section {section}: database has "
                        f"{'nothing' if stored is None else f'v{stored[1]} ({len(stored_text)} chars)'}, "
                        f"client's last saved v{applicant.versions.get(section)} "
                        f"({len(expected or '')} chars)"
                    )
            have = files.get(pk, [])
            low = applicant.uploads_ok - applicant.deletes_ok - applicant.deletes_unsure
            high = applicant.uploads_ok + applicant.uploads_unsure - applicant.deletes_ok
            if not low <= len(have) <= high:
                lost_files += 1
                if len(examples) < 10:
                    examples.append(
                        f"  files: application {pk} has {len(have)} attachments, expected {low}"
                        + (f"..{high}" if high != low else "")
                        + f" ({applicant.uploads_ok} uploaded, {applicant.deletes_ok} deleted)"
                    )
            for name, size, _sha256 in have:
                path = self.work / "var" / "media" / name
                if size != len(pdf) or not path.is_file() or path.stat().st_size != len(pdf):
                    bad_files += 1
        digest = hashlib.sha256(pdf).hexdigest()
        wrong_hash = sum(1 for have in files.values() for _n, _s, sha256 in have if sha256 != digest)
        on_disk = sum(1 for p in (self.work / "var" / "media").rglob("*") if p.is_file())
        rows = sum(len(have) for have in files.values())
        sections = sum(len(a.limits) for a in by_pk.values())
        saved = sum(1 for a in by_pk.values() for s in a.limits if a.texts.get(s) is not None)
        details = [
            f"verified: {saved} of {sections} sections saved at least once; {lost_texts} texts differ from the "
            f"last one answered 200, {unsure_texts} hold a text whose save got no answer, "
            f"{stale_versions} versions differ",
            f"verified: {rows} attachment rows, {on_disk} files on disk; {lost_files} applications with the wrong "
            f"number of files, {bad_files} rows whose file is missing or the wrong size, {wrong_hash} wrong SHA-256",
            *examples,
        ]
        if on_disk != rows:
            details.append(f"  note: {on_disk - rows} files on disk without a row (deleted rows whose file stayed?)")
        return lost_texts + lost_files + bad_files + wrong_hash, details

    def server_log_problems(self) -> list[str]:
        lines = []
        for name in ("gunicorn.log", "celery.log"):
            try:
                text = (self.work / name).read_text(errors="replace")
            except OSError:
                continue
            marks = [
                line
                for line in text.splitlines()
                if re.search(r"\b(ERROR|CRITICAL|Traceback|WORKER TIMEOUT|Exception)\b", line)
            ]
            if marks:
                lines.append(f"{name}: {len(marks)} problem lines, first ones:")
                lines += [f"  {line[:220]}" for line in marks[:8]]
        return lines

    # Clean-up ----------------------------------------------------------------------------------------

    def clean_up(self) -> None:
        started = time.monotonic()
        if self.load:
            self.load.stop.set()
        stop_process(self.gunicorn, "gunicorn", 30)
        stop_process(self.celery, "the Celery worker", 30)
        deadline = time.monotonic() + 10
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        if self.database_created:
            try:
                with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
                    cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            except Exception as error:  # noqa: BLE001 (report and go on cleaning)
                log(f"could not drop {DB_NAME}: {error}")
        try:
            self.flush_redis()
        except Exception as error:  # noqa: BLE001
            log(f"could not empty Redis database {REDIS_DB}: {error}")
        shutil.rmtree(self.work, ignore_errors=True)
        log(
            f"cleaned up (server and worker stopped, {DB_NAME} dropped, temporary files removed) "
            f"in {time.monotonic() - started:.1f} s"
        )


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="measured load time (default 60)")
    parser.add_argument("--warmup", type=int, default=10, help="load before measuring starts (default 10)")
    parser.add_argument("--applicants", type=int, default=200, help="concurrent applicants (default 200)")
    parser.add_argument("--upload-every", type=int, default=10, help="every N-th action uploads (0: none)")
    parser.add_argument("--pdf-mb", type=int, default=5, help="size of the uploaded PDF in MiB (default 5)")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause between actions, s (default 0)")
    parser.add_argument("--timeout", type=float, default=60.0, help="per-request timeout, s (default 60)")
    parser.add_argument("--login-threads", type=int, default=8, help="log-ins at a time (default 8)")
    parser.add_argument("--single-ip", action="store_true", help="log everyone in from 127.0.0.1 (as behind a proxy)")
    parser.add_argument("--progress", type=float, default=5.0, help="seconds between progress lines")
    args = parser.parse_args()
    if not (1 <= args.applicants <= 1000 and 1 <= args.seconds <= 3600 and 0 <= args.warmup <= 600):
        parser.error("use 1-1000 applicants, 1-3600 seconds and a warm-up of 0-600 seconds")
    return args


def main() -> int:
    args = parse_args()
    if not (BIN / "gunicorn").exists() or not (BIN / "celery").exists():
        print(f"{BIN} has no gunicorn or celery: run `make install` first", file=sys.stderr)
        return 2
    lock = LOCK_FILE.open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"another bench/drafts.py is running (lock {LOCK_FILE})", file=sys.stderr)
        return 2

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    threading.stack_size(512 * 1024)
    bench = Bench(args)
    result = None
    try:
        result = bench.run()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    except Exception as error:
        traceback.print_exc()
        log(f"failed: {error}")
        return 1
    finally:
        bench.clean_up()
        lock.close()
    print(" ".join(f"{key}={value}" for key, value in result.items()), flush=True)
    return 1 if result["errors"] or result["lost"] else 0


if __name__ == "__main__":
    sys.exit(main())
