"""The voter's whole journey for bench/vote.py: fresh voters, each requesting a code, reading it from
the outbox (the bench's stand-in for their inbox), typing it and voting, 50 at a time.

Each of the 50 client threads keeps one keep-alive connection (as wrk's connections do) and runs
journeys one after the other from its share of journey.txt (bench/vote_setup.py: a new address, a
CSRF token, its own client address, a form stamp older than the minimum, the finalist) until the time
is up; a journey begun is always finished. Three server steps are timed: the code request (302 with
the signed challenge cookie), the code (302 with the voter's pass) and the vote (201).
"""

import http.client
import re
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

CODE = re.compile(r"\b(\d{6})\b")
STEPS = ("code_request", "code_entry", "vote")


class Journeys:
    def __init__(self, port: int, lines: list[str], pg_connect, db_name: str, slug: str):
        self.port, self.lines, self.pg_connect, self.db_name, self.slug = port, lines, pg_connect, db_name, slug
        self.lock = threading.Lock()
        self.next = 0
        self.latencies: dict[str, list[float]] = {step: [] for step in STEPS}
        self.done: list[str] = []  # addresses whose journey ended with a 201
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
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        inbox = self.pg_connect(self.db_name)
        try:
            while time.monotonic() < self.end_at:
                line = self._take()
                if line is None:
                    return
                try:
                    connection = self._journey(connection, inbox, line)
                except Exception as error:  # noqa: BLE001 - counted and shown; the run goes on
                    with self.lock:
                        self.failures.append(f"{line.split(chr(9))[0]}: {error!r}"[:300])
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        finally:
            connection.close()
            inbox.close()

    def _post(self, connection, step: str, path: str, cookies: dict, ip: str, body: dict, accept: str = ""):
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "X-Forwarded-For": ip,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://127.0.0.1:{self.port}",
        }
        if accept:
            headers["Accept"] = accept
        started = time.monotonic()
        connection.request("POST", path, urllib.parse.urlencode(body), headers)
        response = connection.getresponse()
        response.read()
        elapsed = time.monotonic() - started
        with self.lock:
            self.latencies[step].append(elapsed)
        jar = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            jar.load(header)
        return response.status, {name: morsel.value for name, morsel in jar.items()}

    def _journey(self, connection, inbox, line: str):
        email, token, ip, stamp, finalist = line.split("\t")
        base = f"/vote/{self.slug}"
        status, set_cookies = self._post(
            connection,
            "code_request",
            f"{base}/verify/",
            {"csrftoken": token},
            ip,
            {"csrfmiddlewaretoken": token, "email": email, "consent": "on"},
        )
        if status != 302 or "vote_challenge" not in set_cookies:
            raise RuntimeError(f"code request answered {status}")
        with inbox.cursor() as cursor:
            cursor.execute('SELECT body_text FROM core_outboundemail WHERE "to" = %s ORDER BY id DESC LIMIT 1', [email])
            row = cursor.fetchone()
        if row is None:
            raise RuntimeError("no e-mail in the outbox")
        code = CODE.search(row[0]).group(1)
        status, set_cookies = self._post(
            connection,
            "code_entry",
            f"{base}/code/",
            {"csrftoken": token, "vote_challenge": set_cookies["vote_challenge"]},
            ip,
            {"csrfmiddlewaretoken": token, "code": code},
        )
        if status != 302 or "vote_pass" not in set_cookies:
            raise RuntimeError(f"code entry answered {status}")
        status, _cookies = self._post(
            connection,
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
            self.done.append(email)
        return connection

    def report(self) -> dict:
        def p(values, q):
            values = sorted(values)
            return values[min(len(values) - 1, max(0, int(-(-q * len(values) // 100)) - 1))] * 1000 if values else 0

        span = max(0.001, self.last_end - self.first_start)
        return {
            "journeys": len(self.done),
            "journey_rps": len(self.done) / span,
            "steps": {step: (len(v), p(v, 50), p(v, 99)) for step, v in self.latencies.items()},
            "journey_p99_ms": max(p(v, 99) for v in self.latencies.values()),
            "failures": self.failures,
        }
