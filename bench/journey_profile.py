"""Where a voter's journey spends its time, in process: its steps (request a code, type it, the
finalist's page it leads to, whose vote form carries the stamp, vote), and beside them the bench's
two floors (the one-INSERT view and the bare view, bench/vote_urls.py, with the voter's cookies),
through Django's test client with the production settings, on PostgreSQL and Redis, each step timed
(wall and CPU) and profiled apart with cProfile.

Run with the bench's kind of environment, on a database that has had ``migrate`` and ``seed_demo``:
    DJANGO_ENV=production DEBUG=false SECRET_KEY=… ALLOWED_HOSTS=testserver SITE_URL=http://testserver \
    SECURE_SSL_REDIRECT=false DATABASE_URL=postgres://…/awards_x REDIS_URL=redis://127.0.0.1:6379/5 \
    DJANGO_SETTINGS_MODULE=bench.vote_settings python bench/journey_profile.py [JOURNEYS] [TOP]
Prints, per step, ms of wall and CPU time per request, queries per request and the top functions by
cumulative time; with TOP 0, the steps are timed without the profiler (whose overhead inflates small
calls several times) and no function is listed. The first journeys warm the process (templates, URL
resolvers) and are not counted.
"""

import cProfile
import io
import os
import pstats
import re
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.vote_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from core.models import OutboundEmail  # noqa: E402
from demo.voting import SLUG  # noqa: E402
from voting import passes  # noqa: E402
from voting.models import Poll  # noqa: E402
from voting.selectors import finalists  # noqa: E402

FORM = "application/x-www-form-urlencoded"
CODE = re.compile(r"\b(\d{6})\b")
STEPS = ("code_request", "code_entry", "finalist_page", "vote", "insert", "bare")
STAMP = re.compile(r'name="stamp" value="([^"]+)"')
WARM = 20


def _form(**fields) -> str:
    """A form as a browser (and bench/vote_journey.py) posts it, URL-encoded: the test client's own
    default, multipart, would add a parser the real requests never run."""
    return urlencode(fields)


class Step:
    def __init__(self, name: str, profiled: bool = True):
        self.name, self.profile = name, cProfile.Profile(time.process_time) if profiled else None
        self.wall = self.cpu = 0.0
        self.count = self.queries = 0

    def run(self, send, counted: bool):
        if not counted:
            return send()
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            if self.profile:
                self.profile.enable()
            response = send()
            if self.profile:
                self.profile.disable()
            self.cpu += time.process_time() - cpu
            self.wall += time.perf_counter() - wall
        self.count += 1
        self.queries += len(queries)
        return response


def journey(client: Client, steps: dict, n: int, finalist_ids: list[int], counted: bool) -> None:
    """One fresh voter's journey on ``client`` (one client for all: its handler, like a server
    process's, loads the middleware once), with no cookie from the journey before."""
    client.cookies = SimpleCookie()
    client.defaults["REMOTE_ADDR"] = f"10.9.{n >> 8 & 255}.{n & 255}"
    token = "x" * 32
    client.cookies["csrftoken"] = token
    who = f"profile.{n}.{time.time_ns()}@journey{n % 97}.example"
    base = f"/vote/{SLUG}"
    sent = steps["code_request"].run(
        lambda: client.post(f"{base}/verify/", _form(csrfmiddlewaretoken=token, email=who, consent="on"), FORM), counted
    )
    assert sent.status_code == 302, sent.status_code
    code = CODE.search(OutboundEmail.objects.filter(to=who).latest("pk").body_text).group(1)
    typed = steps["code_entry"].run(
        lambda: client.post(f"{base}/code/", _form(csrfmiddlewaretoken=token, code=code), FORM), counted
    )
    assert typed.status_code == 302 and passes.PASS_COOKIE in typed.cookies, typed.status_code
    # The finalist's page the code leads to, with the vote form and its stamp (bound to the pass).
    finalist = finalist_ids[n % len(finalist_ids)]
    page = steps["finalist_page"].run(lambda: client.get(f"{base}/{finalist}/"), counted)
    assert page.status_code == 200, page.status_code
    stamp = STAMP.search(page.content.decode()).group(1)
    # The vote form as a browser and bench/vote.lua send it: URL-encoded (the test client's default
    # is multipart, whose parsing would be counted in the vote's cost but not in a voter's).
    body = urlencode({"csrfmiddlewaretoken": token, "stamp": stamp, "website": ""})
    voted = steps["vote"].run(
        lambda: client.post(f"{base}/{finalist}/vote/", body, content_type=FORM, HTTP_ACCEPT="application/json"),
        counted,
    )
    assert voted.status_code == 201, (voted.status_code, voted.content[:200])
    floors(client, steps, token, counted)


def floors(client: Client, steps: dict, token: str, counted: bool, data=None, headers=None) -> None:
    """The floors the bench compares the vote with (bench/vote_urls.py), with the same cookies: the
    one-INSERT view (posted URL-encoded, as browsers send a form, with ``data`` and ``headers``
    besides the CSRF token) and the bare view."""
    posted = urlencode({"csrfmiddlewaretoken": token, **(data or {})})
    inserted = steps["insert"].run(
        lambda: client.post("/bench/insert", posted, content_type=FORM, headers=headers), counted
    )
    assert inserted.status_code == 201, inserted.status_code
    bare = steps["bare"].run(lambda: client.get("/bench/bare"), counted)
    assert bare.status_code == 200, bare.status_code


def main() -> None:
    journeys = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    poll = Poll.objects.get(cycle__slug=SLUG)
    finalist_ids = list(finalists(poll.cycle).values_list("pk", flat=True))
    steps = {name: Step(name, profiled=top > 0) for name in STEPS}
    client = Client(enforce_csrf_checks=True)
    for n in range(WARM + journeys):
        journey(client, steps, n, finalist_ids, counted=n >= WARM)
    report(steps.values(), top)


def report(steps, top: int) -> None:
    """Per step: wall and CPU ms and queries per request, and its top functions when profiled."""
    for step in steps:
        print(
            f"== {step.name}: {step.count} requests, wall {1000 * step.wall / step.count:.2f} ms, "
            f"CPU {1000 * step.cpu / step.count:.2f} ms, {step.queries / step.count:.1f} queries per request"
        )
        if step.profile:
            out = io.StringIO()
            pstats.Stats(step.profile, stream=out).sort_stats("cumulative").print_stats(top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
