"""make bench-pages: the public pages a crowd opens, served the production way, beside a bare view.

One run: a fresh PostgreSQL database (awards_pages on 127.0.0.1:5432), its own redis-server on port
8552 (the shared cache, as in production), migrate + seed_demo + collectstatic, then gunicorn in
production configuration (DJANGO_ENV=production, hashed static files, the bench's URLconf for the bare
view: bench/vote_urls.py) on port 8550 and wrk (-t2 -c50, a new connection per request, loopback)
against, in turn, the bare view and each public page an anonymous visitor opens: the home page, an
edition's page, the Popular Vote's gallery and a finalist's page, the results, the showcase and a
solution's page. The series is
repeated (--rounds) so that a moment when the shared machine is busy weighs on every page alike; each
figure is the median of its rounds. Everything started is stopped at the end, also after a failure or
Ctrl-C. Figures: bench/README.md.

The last line printed is the result:
    pages_min_ratio=<lowest page rps / bare rps> bare_rps=… <page>_rps=… <page>_p50_ms=… <page>_p99_ms=… …

    python bench/pages.py [--seconds 10] [--rounds 3]
"""

import argparse
import contextlib
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from drafts_services import _child_setup, log, pg_connect, stop_process

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = "awards_pages"
WEB_PORT, REDIS_PORT = 8550, 8552
GUNICORN = ["config.wsgi", "--workers", "2", "--threads", "8", "--worker-class", "gthread", "--keep-alive", "5"]
# One connection per request, as a reverse proxy in front of gunicorn opens them (bench/drafts.py does
# the same). With wrk's 50 connections kept open for a whole run, whichever gthread worker woke first
# often accepted all 50 of them, and the run measured one process of two: the same page served about
# 3,600 or about 1,200 requests a second from one run to the next (bench/README.md, 2026-12-05).
WRK = ["wrk", "-t2", "-c50", "--latency", "-H", "Connection: close"]
ENV_NOT_INHERITED = ("AWS_", "DJANGO_", "CELERY_", "EMAIL_", "SECURE_", "AXES_", "VOTE_", "STORAGE", "DEBUG", "REDIS")
# The demo's editions (demo/): the published 2022 edition with its results, the live vote.
EDITION, VOTE = "2022", "demo-vote"


class Run:
    def __init__(self, seconds: int):
        self.seconds = seconds
        self.work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
        self.redis = self.gunicorn = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_NOT_INHERITED)},
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_SETTINGS_MODULE": "bench.vote_settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(self.work / "var"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *args: str) -> None:
        subprocess.run([str(BIN / "python"), *args], cwd=ROOT, env=self.env, check=True, stdin=subprocess.DEVNULL)

    def start(self, command: list[str], name: str) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=(self.work / name).open("wb"),
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )

    def prepare(self) -> None:
        redis_dir = self.work / "redis"
        redis_dir.mkdir()
        self.redis = self.start(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(redis_dir)],
            "redis.log",
        )
        with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
        log("migrate, seed_demo, collectstatic")
        self.manage("manage.py", "migrate", "--noinput", "-v0")
        self.manage("manage.py", "seed_demo", "-v0")
        self.manage("manage.py", "collectstatic", "--noinput", "-v0")

    def serve(self) -> None:
        bind = ["--bind", f"127.0.0.1:{WEB_PORT}", "--graceful-timeout", "20", "--error-logfile", "-"]
        self.gunicorn = self.start([str(BIN / "gunicorn"), *GUNICORN, *bind], "gunicorn.log")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.get("/bench/bare")[0] == 200:
                    return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer:\n" + (self.work / "gunicorn.log").read_text()[-3000:])

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{WEB_PORT}{path}", timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def pages(self) -> dict[str, str]:
        """The pages measured, the finalist's and the solution's found from the pages that link them."""
        found = {}
        for name, listing, pattern in (
            ("finalist", f"/vote/{VOTE}/", rf"/vote/{VOTE}/(\d+)/"),
            ("solution", "/solutions/", r"/solutions/(\d+)/"),
        ):
            match = re.search(pattern, self.get(listing)[1])
            if match is None:
                raise RuntimeError(f"no link to a {name} page in {listing}")
            found[name] = match.group(0)
        pages = {
            "home": "/",
            "edition": f"/{EDITION}/",
            "gallery": f"/vote/{VOTE}/",
            "finalist": found["finalist"],
            "results": f"/{EDITION}/results/",
            "showcase": "/solutions/",
            "solution": found["solution"],
        }
        for name, path in pages.items():
            status, _body = self.get(path)
            if status != 200:
                raise RuntimeError(f"{name} ({path}) answers {status}")
        return pages

    def load(self, path: str) -> dict:
        command = [*WRK, f"-d{self.seconds}s", f"http://127.0.0.1:{WEB_PORT}{path}"]
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
        return parse_wrk(out)

    def stop(self) -> None:
        stop_process(self.gunicorn, "gunicorn", 20)
        stop_process(self.redis, "redis-server", 10)
        with contextlib.suppress(Exception), contextlib.closing(pg_connect("postgres")) as connection:
            connection.cursor().execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(self.work, ignore_errors=True)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(out: str) -> dict:
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(*re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", out).groups()),
        "p99": _ms(*re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out).groups()),
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "errors": (re.search(r"Socket errors:[^\n]*", out) or [""])[0],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: scripts/bench-deps wrk (make bench-pages runs it) installs it")
    run = Run(options.seconds)
    results: dict[str, list[dict]] = {}
    try:
        run.prepare()
        run.serve()
        targets = {"bare": "/bench/bare", **run.pages()}
        for n in range(1, options.rounds + 1):
            for name, path in targets.items():
                r = run.load(path)
                results.setdefault(name, []).append(r)
                log(
                    f"round {n} {name:9} {path:28} {r['rps']:7.0f} req/s  p50 {r['p50']:6.1f} ms  "
                    f"p99 {r['p99']:6.1f} ms"
                    + (f"  non-2xx {r['non_2xx']}" if r["non_2xx"] else "")
                    + (f"  {r['errors']}" if r["errors"] else "")
                )
    finally:
        run.stop()
    figures = {
        name: {
            "rps": statistics.median(r["rps"] for r in rounds),
            "p50": statistics.median(r["p50"] for r in rounds),
            # The worst round's p99: the figure holds for every burst.
            "p99": max(r["p99"] for r in rounds),
        }
        for name, rounds in results.items()
    }
    bare = figures.pop("bare")["rps"]
    print(f"{'page':10} {'path':28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'÷ bare':>7}", flush=True)
    for name, f in figures.items():
        print(f"{name:10} {targets[name]:28} {f['rps']:8.0f} {f['p50']:8.1f} {f['p99']:8.1f} {f['rps'] / bare:7.2f}")
    ratio = min(f["rps"] for f in figures.values()) / bare
    line = f"pages_min_ratio={ratio:.2f} bare_rps={bare:.0f} " + " ".join(
        f"{name}_rps={f['rps']:.0f} {name}_p50_ms={f['p50']:.1f} {name}_p99_ms={f['p99']:.0f}"
        for name, f in figures.items()
    )
    print(line, flush=True)
    clean = all(r["non_2xx"] == 0 and not r["errors"] for rounds in results.values() for r in rounds)
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
