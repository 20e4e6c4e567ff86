"""The ranking at the scale of a big edition: 3,000 applications × 5 judges (every judge scores every
application) × the 12 criteria of the 2022 rubric, on PostgreSQL.

Builds the data in a fresh database (bench/ranking_setup.py, inside Django), measures there the
ranking of the largest category (judging.ranking.leaderboard_detail: the SQL aggregation, exact
totals, normalised ranking, outliers, ICC), the ICC alone and the queries of the staff leaderboard
page; then serves the app the production way (gunicorn gthread, 2 workers × 4 threads,
DJANGO_ENV=production, DEBUG off, hashed static files) and fetches, logged in, the staff leaderboard
page of that category (all its rows on one page) and a judge's dashboard (the judge has all 3,000
applications submitted): the median of 20 requests after 3 warm-up requests each.

    .venv/bin/python bench/ranking.py [--applications 3000] [--judges 5] [--port 8510]
    make bench-ranking

The last line is `applications=… judges=… leaderboard_ms=… page_ms=… dashboard_ms=… queries=… icc_ms=…`.
It uses (and drops again) the database `awards_bench_ranking` on the machine's PostgreSQL
(127.0.0.1:5432, user postgres) and Redis database 11; the server and the temporary folder are
removed at the end, also after a failure or Ctrl-C.
"""

import argparse
import contextlib
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drafts_client import CSRF_INPUT
from drafts_http import Client
from drafts_services import BIN, PG_HOST, PG_PORT, PG_USER, ROOT, _child_setup, log, pg_connect, stop_process

sys.path.insert(0, str(ROOT))
from scripts.totp import totp  # noqa: E402

DEMO_TOTP_SECRET = "DEMOAWARDSDEMOAWARDSDEMOAWARDS22"  # accounts/demo.py (not imported: no Django here)


def fresh_totp(secret: str) -> str:
    """The authenticator's code, made just before it is sent and never in the last 3 s of its 30-s
    step: the site accepts the current step's code only, and a code made before a slow log-in (or at
    the step's end) can reach it one step late."""
    if time.time() % 30 > 27:
        time.sleep(30 - time.time() % 30 + 0.1)
    return totp(secret)


DB_NAME = "awards_bench_ranking"
REDIS_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "bench-ranking-2026"
DEMO_PASSWORD = "demo-award-2026"
GUNICORN = ["config.wsgi", "--workers", "2", "--threads", "4", "--worker-class", "gthread"]
ENV_NOT_INHERITED = ("AWS_", "DJANGO_", "CELERY_", "EMAIL_", "SECURE_", "AXES_", "ATTACHMENT_", "STORAGE", "DEBUG")
RUNS, WARM_UP = 20, 3


def sql(statement: str) -> None:
    with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
        cursor.execute(statement)


class Run:
    def __init__(self, args):
        self.args = args
        self.work = Path(tempfile.mkdtemp(prefix="bench-ranking-"))
        self.server: subprocess.Popen | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_NOT_INHERITED)},
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(self.work / "var"),
            "DATABASE_URL": f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}",
            "REDIS_URL": REDIS_URL,
            "CACHE_KEY_PREFIX": "bench-ranking",
            "STORAGE": "local",
            "LOG_LEVEL": "WARNING",
        }

    def manage(self, *command: str) -> None:
        subprocess.run([str(BIN / "python"), *command], cwd=ROOT, env=self.env, check=True, stdin=subprocess.DEVNULL)

    def set_up(self) -> dict:
        sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        sql(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
        started = time.monotonic()
        self.manage("manage.py", "migrate", "--noinput", "-v0")
        self.manage("manage.py", "seed_demo", "-v0")
        self.manage("manage.py", "collectstatic", "--noinput", "-v0")
        log(f"database, demo and static files: {time.monotonic() - started:.1f} s")
        out = self.work / "figures.json"
        args = self.args
        self.manage("bench/ranking_setup.py", str(args.applications), str(args.judges), PASSWORD, str(out))
        return json.loads(out.read_text())

    def start_server(self) -> None:
        bind = ["--bind", f"127.0.0.1:{self.args.port}", "--error-logfile", "-"]
        self.server = subprocess.Popen(
            [str(BIN / "gunicorn"), *GUNICORN, *bind],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=(self.work / "gunicorn.log").open("wb"),
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.server.poll() is None:
            with contextlib.suppress(OSError):
                if Client(self.args.port, 5).get("/healthz")[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not come up:\n" + (self.work / "gunicorn.log").read_text(errors="replace"))

    def logged_in(self, email: str, password: str = PASSWORD) -> Client:
        """A client logged in through allauth's pages: the password, then the authenticator's code
        (staff and judges use two-factor authentication; the bench's have the demo secret)."""
        client = Client(self.args.port, 60)
        for path, fields in (
            ("/accounts/login/", lambda: {"login": email, "password": password}),
            ("/accounts/2fa/authenticate/", lambda: {"code": fresh_totp(DEMO_TOTP_SECRET)}),
        ):
            _status, _headers, body, _s = client.get(path)
            token = CSRF_INPUT.search(body).group(1).decode()
            status, *_rest = client.post_form(path, {"csrfmiddlewaretoken": token, **fields()})
            if status != 302:
                raise RuntimeError(f"{email} could not log in at {path} ({status})")
        return client

    def median_ms(self, client: Client, path: str) -> float:
        times = []
        for number in range(WARM_UP + RUNS):
            status, _headers, body, seconds = client.get(path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
            if number >= WARM_UP:
                times.append(seconds * 1000)
        return statistics.median(times)

    def clean_up(self) -> None:
        stop_process(self.server, "gunicorn", 30)
        with contextlib.suppress(Exception):
            sql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        with contextlib.suppress(Exception):
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        shutil.rmtree(self.work, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applications", type=int, default=3000)
    parser.add_argument("--judges", type=int, default=5)
    parser.add_argument("--port", type=int, default=8510)
    args = parser.parse_args()
    run = Run(args)
    try:
        figures = run.set_up()
        log(
            f"built {args.applications} applications × {args.judges} judges × 12 criteria in {figures['built_s']} s; "
            f"category {figures['category']}: {figures['rows']} rows"
        )
        run.start_server()
        # The chair sees the same page; staff@example.com is the demo's staff user.
        page_ms = run.median_ms(run.logged_in("staff@example.com", DEMO_PASSWORD), figures["page"])
        dashboard_ms = run.median_ms(run.logged_in(figures["judge"]), "/judging/")
    finally:
        run.clean_up()
    log(f"staff leaderboard page: all {figures['rows']} rows of {figures['category']} on one page")
    print(
        f"applications={args.applications} judges={args.judges} leaderboard_ms={figures['leaderboard_ms']:.0f} "
        f"page_ms={page_ms:.0f} dashboard_ms={dashboard_ms:.0f} queries={figures['queries']} "
        f"icc_ms={figures['icc_ms']:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
