"""The voter's whole journey for bench/vote.py: fresh voters, each requesting a code, reading it from
the outbox (the bench's stand-in for their inbox), typing it and voting, 50 at a time.

Each of the 50 client threads opens a new connection for each request and closes it after the answer
(``Connection: close``, as a reverse proxy in front of gunicorn does and as bench/vote.py's wrk runs
do: with kept-alive connections one gthread worker often accepted all of them), and runs journeys one
after the other from its share of journey.txt (bench/vote_setup.py: a new address, a
CSRF token, its own client address, the finalist) until the time is up; a journey begun is always
finished. Three server steps are timed: the code request (302 with the signed challenge cookie), the
code (302 with the voter's pass) and the vote (201). Between the last two, the finalist's page the
code sends the voter to is read (untimed) for the vote form's stamp, which is bound to the pass.
"""

import base64
import http.client
import re
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CODE = re.compile(r"\b(\d{6})\b")
STAMP = re.compile(r'name="stamp" value="([^"]+)"')
STEPS = ("code_request", "code_entry", "vote")


class Journeys:
    def __init__(self, port: int, lines: list[str], pg_connect, db_name: str, slug: str):
        self.port, self.lines, self.pg_connect, self.db_name, self.slug = port, lines, pg_connect, db_name, slug
        self.lock = threading.Lock()
        self.next = 0
        self.latencies: dict[str, list[float]] = {step: [] for step in STEPS}
        self.done: list[str] = []  # addresses (numbers) whose journey ended with a 201
        self.failures: list[str] = []
        self.first_start = self.last_end = 0.0

    def _take(self) -> str | None:
        with self.lock:
            if self.next >= len(self.lines):
                return None
            self.next += 1
            return self.lines[self.next - 1]

    def run(self, seconds: float, connections: int = 50) -> None:
        self.end_at = time.monotonic() + seconds
        self.first_start = time.monotonic()
        threads = [threading.Thread(target=self._client, daemon=True) for _ in range(connections)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 120)
        self.last_end = time.monotonic()

    def _client(self) -> None:
        inbox = self.pg_connect(self.db_name)
        try:
            while time.monotonic() < self.end_at:
                line = self._take()
                if line is None:
                    return
                try:
                    self._journey(inbox, line)
                except Exception as error:  # noqa: BLE001 - counted and shown; the run goes on
                    with self.lock:
                        self.failures.append(f"{line.split(chr(9))[0]}: {error!r}"[:300])
        finally:
            inbox.close()

    def _send(self, method: str, path: str, headers: dict, body: str | None = None):
        """One request on its own connection, closed after the answer: (status, Set-Cookie headers,
        body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body, {**headers, "Connection": "close"})
            response = connection.getresponse()
            return response.status, response.msg.get_all("Set-Cookie") or [], response.read()
        finally:
            connection.close()

    def _post(self, step: str, path: str, cookies: dict, ip: str, body: dict, accept: str = ""):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "X-Forwarded-For": ip,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{self.port}",
        }
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        status, set_cookies, _body = self._send("POST", path, headers, urllib.parse.urlencode(body))
        elapsed = time.monotonic() - started
        with self.lock:
            self.latencies[step].append(elapsed)
        jar = SimpleCookie()
        for header in set_cookies:
            jar.load(header)
        return status, {name: morsel.value for name, morsel in jar.items()}

    # The code request's form: the address form (e-mail, the poll's first proof).
    VERIFY_PATH, FIELD = "verify/", "email"

    def _read_code(self, inbox, who: str) -> str:
        """The code sent to ``who``: from the outbox, the bench's stand-in for the voter's inbox."""
        with inbox.cursor() as cursor:
            cursor.execute('SELECT body_text FROM core_outboundemail WHERE "to" = %s ORDER BY id DESC LIMIT 1', [who])
            row = cursor.fetchone()
        if row is None:
            raise RuntimeError("no e-mail in the outbox")
        return CODE.search(row[0]).group(1)

    def _stamp(self, path: str, cookies: dict, ip: str) -> str:
        """The vote form's stamp from the finalist's page, as the verified voter sees it."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), "X-Forwarded-For": ip}
        status, _cookies, body = self._send("GET", path, headers)
        found = STAMP.search(body.decode())
        if status != 200 or found is None:
            raise RuntimeError(f"finalist page answered {status} without a vote form")
        return found.group(1)

    def _journey(self, inbox, line: str) -> None:
        who, token, ip, finalist = line.split("\t")
        base = f"/vote/{self.slug}"
        status, set_cookies = self._post(
            "code_request",
            f"{base}/{self.VERIFY_PATH}",
            {"csrftoken": token},
            ip,
            {"csrfmiddlewaretoken": token, self.FIELD: who, "consent": "on"},
        )
        if status != 302 or "vote_challenge" not in set_cookies:
            raise RuntimeError(f"code request answered {status}")
        code = self._read_code(inbox, who)
        status, set_cookies = self._post(
            "code_entry",
            f"{base}/code/",
            {"csrftoken": token, "vote_challenge": set_cookies["vote_challenge"]},
            ip,
            {"csrfmiddlewaretoken": token, "code": code},
        )
        if status != 302 or "vote_pass" not in set_cookies:
            raise RuntimeError(f"code entry answered {status}")
        stamp = self._stamp(f"{base}/{finalist}/", {"csrftoken": token, "vote_pass": set_cookies["vote_pass"]}, ip)
        status, _cookies = self._post(
            "vote",
            f"{base}/{finalist}/vote/",
            {"csrftoken": token, "vote_pass": set_cookies["vote_pass"]},
            ip,
            {"csrfmiddlewaretoken": token, "stamp": stamp, "website": ""},
            accept="application/json",
        )
        if status != 201:
            raise RuntimeError(f"vote answered {status}")
        with self.lock:
            self.done.append(who)

    def report(self) -> dict:
        span = max(0.001, self.last_end - self.first_start)
        return {
            "journeys": len(self.done),
            "journey_rps": len(self.done) / span,
            "steps": {step: (len(v), p(v, 50), p(v, 99)) for step, v in self.latencies.items()},
            "journey_p99_ms": max(p(v, 99) for v in self.latencies.values()),
            "failures": self.failures,
        }


class SmsJourneys(Journeys):
    """The same journey verified by SMS: each voter types a Thai mobile number (``08…``, one per
    voter) on the SMS form, and the code is read where the voter reads it, on their telephone: the
    bench's SMS provider (``SmsInbox``), which the site's worker reaches over the HTTP gateway after
    the challenge is committed. A journey waits for its message (``sms_wait`` is timed apart, not a
    server step)."""

    VERIFY_PATH, FIELD = "verify/?proof=sms", "phone"

    def __init__(self, *args, inbox: "SmsInbox", wait_seconds: float = 60, **kwargs):
        super().__init__(*args, **kwargs)
        self.sms_inbox, self.wait_seconds = inbox, wait_seconds
        self.sms_waits: list[float] = []

    def _read_code(self, inbox, who: str) -> str:
        started = time.monotonic()
        text = self.sms_inbox.wait_for(msisdn_of(who), self.wait_seconds)
        with self.lock:
            self.sms_waits.append(time.monotonic() - started)
        if text is None:
            raise RuntimeError(f"no SMS within {self.wait_seconds:.0f} s")
        return CODE.search(text).group(1)

    def report(self) -> dict:
        """As for e-mail, with the wait from the code request's answer to the message (not a step)."""
        return {**super().report(), "sms_wait": (len(self.sms_waits), p(self.sms_waits, 50), p(self.sms_waits, 99))}


def p(values: list[float], q: int) -> float:
    """The q-th percentile of ``values`` (seconds) in milliseconds, 0 for none."""
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(-(-q * len(values) // 100)) - 1))] * 1000 if values else 0


def msisdn_of(phone: str) -> str:
    """The number as the provider's API receives it: E.164 digits without the plus (Thai mobiles)."""
    return "66" + phone.removeprefix("0")


class SmsInbox:
    """The messages an SMS provider's HTTP API received (core.sms's ``http`` gateway): a small local
    peer of the protocol, each message kept by number; a reader waits for the number's first."""

    def __init__(self, key: str, secret: str):
        self.authorization = "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.condition = threading.Condition()
        self.messages: dict[str, list[str]] = {}
        self.refused = 0
        self.server: ThreadingHTTPServer | None = None

    def start(self, port: int) -> None:
        inbox = self

        class Provider(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                form = urllib.parse.parse_qs(body.decode())
                if self.headers.get("Authorization") != inbox.authorization or not form.get("msisdn"):
                    with inbox.condition:
                        inbox.refused += 1
                    self._answer(401, b'{"error": "unauthorised"}')
                    return
                msisdn, message = form["msisdn"][0], form.get("message", [""])[0]
                with inbox.condition:
                    inbox.messages.setdefault(msisdn, []).append(message)
                    count = sum(len(texts) for texts in inbox.messages.values())
                    inbox.condition.notify_all()
                self._answer(200, f'{{"message_id": "bench-{count}"}}'.encode())

            def _answer(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Provider)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait_for(self, msisdn: str, seconds: float) -> str | None:
        with self.condition:
            self.condition.wait_for(lambda: msisdn in self.messages, timeout=seconds)
            texts = self.messages.get(msisdn)
            return texts[0] if texts else None

    def counts(self, numbers: list[str]) -> tuple[int, int]:
        """Messages received for ``numbers`` (E.164 digits) and the most for any one of them."""
        with self.condition:
            per = [len(self.messages.get(number, ())) for number in numbers]
        return sum(per), max(per, default=0)

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
