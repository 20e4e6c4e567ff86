"""Where an autosave spends its time, in process: the autosave of one long answer (htmx's POST to
``…/sections/<n>/``, the applicant's session, the version the page holds), beside the floor
bench/drafts.py compares it with (the one-INSERT view of bench/vote_urls.py, posted with the same
cookies and headers) and the bare view, through Django's test client with the production settings,
on PostgreSQL and Redis, each kind timed (wall and CPU) and profiled apart with cProfile.

Run with the bench's kind of environment, on a database that has had ``migrate`` and ``seed_demo``:
    DJANGO_ENV=production DEBUG=false SECRET_KEY=… ALLOWED_HOSTS=testserver SITE_URL=http://testserver \
    SECURE_SSL_REDIRECT=false DATABASE_URL=postgres://…/awards_x REDIS_URL=redis://127.0.0.1:6379/5 \
    DJANGO_SETTINGS_MODULE=bench.vote_settings python bench/autosave_profile.py [ROUNDS] [TOP] [STATS]
Each run makes a fresh applicant (its own organisation and draft in the live demo edition, as
bench/drafts_setup.py makes them), logs it in once, and then, per round, autosaves a section (in
turn, with text that grows by a sentence, as bench/drafts.py's clients do), posts the one-INSERT view
and opens the bare view. The first rounds (the first save of each section among them) warm the
process and are not counted. Prints, per kind, ms of wall and CPU time per request, queries per
request and the top functions by cumulative time; with TOP 0 nothing is profiled (the profiler's
overhead inflates small calls several times) and no function is listed. STATS, a file name: the
autosave's profile is also written there (pstats), to be read by caller or callee.
"""

import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.vote_settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from awards.models import Cycle  # noqa: E402
from bench.drafts_client import THAI_SENTENCES, VERSION_OOB  # noqa: E402
from bench.drafts_setup import choices, long_answers, make_applicant  # noqa: E402
from bench.floor import FLOOR_TABLE_SQL  # noqa: E402
from bench.journey_profile import FORM, Step, floors, report  # noqa: E402

KINDS = ("autosave", "insert", "bare")
HTMX = {"HX-Request": "true", "HX-Target": "save-status"}
TOKEN = "x" * 32
WARM = 30


class Draft:
    """The applicant's draft as its page holds it: per section, the text and the version last saved."""

    def __init__(self, application_pk: int, sections: list):
        self.base = f"/my/applications/{application_pk}/sections"
        self.sections = [(position, key, limit) for position, key, limit in sections]
        self.texts: dict[str, str] = {}
        self.versions: dict[str, int] = {}

    def next_post(self, n: int) -> tuple[str, dict]:
        position, key, limit = self.sections[n % len(self.sections)]
        grown = f"{self.texts.get(key, '')} {THAI_SENTENCES[n % len(THAI_SENTENCES)]} (ร่างที่ {n})".strip()
        text = grown if len(grown) < limit - 50 else f"เขียนใหม่ครั้งที่ {n}"
        data = {"csrfmiddlewaretoken": TOKEN, key: text, f"{key}__version": self.versions.get(key, 0)}
        return f"{self.base}/{position}/", data

    def saved(self, data: dict, body: bytes) -> None:
        key = next(name for name in data if name.endswith("__version"))[: -len("__version")]
        match = VERSION_OOB.search(body)
        assert match, body[:300]
        self.texts[key], self.versions[key] = data[key], int(match.group(1))


def applicant_client() -> tuple[Client, Draft]:
    """A fresh applicant with a draft in the live edition, logged in on one client (its handler, like a
    server process's, loads the middleware once)."""
    live = Cycle.objects.get(slug="demo")
    n = time.time_ns() % 1_000_000
    application = make_applicant(
        live, n, f"autosave.{time.time_ns()}@profile.example", make_password(None), choices(live)
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(application.organisation.memberships.get().user)
    client.cookies["csrftoken"] = TOKEN
    return client, Draft(application.pk, long_answers(live))


def one_round(client: Client, draft: Draft, steps: dict, n: int, counted: bool) -> None:
    # The queries are counted in Django's log of them, which keeps only the last 9,000.
    connection.queries_log.clear()
    path, data = draft.next_post(n)
    # URL-encoded, as htmx posts it (and as the floor is posted).
    body = urlencode(data)
    saved = steps["autosave"].run(lambda: client.post(path, body, content_type=FORM, headers=HTMX), counted)
    assert saved.status_code == 200, (saved.status_code, saved.content[:300])
    draft.saved(data, saved.content)
    # Posted as bench/drafts_phases.py posts the floor: the applicant's cookies, a short text, htmx's headers.
    floors(client, steps, TOKEN, counted, data={"text": "ร่าง", "version": "0"}, headers=HTMX)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_TABLE_SQL)  # the one-INSERT view's table
    client, draft = applicant_client()
    steps = {name: Step(name, profiled=top > 0) for name in KINDS}
    for n in range(WARM + rounds):
        one_round(client, draft, steps, n, counted=n >= WARM)
    report(steps.values(), top)
    if len(sys.argv) > 3 and steps["autosave"].profile:
        steps["autosave"].profile.dump_stats(sys.argv[3])


if __name__ == "__main__":
    main()
