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

Then, with the same clients at the same concurrency, autosaves only (no uploads) alternating with the
floor, the one-INSERT view of bench/vote_urls.py posted as an autosave is (bench/drafts_phases.py).

The last line is `save_p99_ms=… upload_p99_ms=… errors=… lost=… worker_rss_growth_mb=… autosave_rps=…
insert_rps=… ratio_autosave=… autosave_p99_ms=…`; the exit
status is 1 when errors or lost are above 0. It uses (and drops again) the database `awards_bench`
on the machine's PostgreSQL (127.0.0.1:5432, user postgres) and Redis database 14; the server, the
worker and the temporary folder are removed at the end, also after a failure or Ctrl-C.

This module parses the options and runs the phases; the parts live beside it: drafts_services.py
(database, Redis, gunicorn, Celery, clean-up), drafts_setup.py (the applicants, run inside Django),
drafts_http.py (the HTTP client), drafts_client.py (log-in, autosaves, uploads, latencies),
drafts_measure.py (RSS, CPU and lock waits during the load) and drafts_verify.py (nothing lost?).
"""

import argparse
import contextlib
import fcntl
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

from drafts_client import PASSWORD, Applicant, Load, Stats, make_pdf, percentile
from drafts_measure import Monitor
from drafts_phases import compare
from drafts_services import BIN, DB_NAME, Services, log, pg_connect
from drafts_verify import files_in, server_log_problems, verify
from floor import FLOOR_TABLE_SQL

LOCK_FILE = Path(tempfile.gettempdir()) / "awards-bench-drafts.lock"
MiB = 1024 * 1024
KINDS = ("save", "upload", "delete", "list", "reload")  # the requests measured after the warm-up


class Bench:
    """One run: set-up, log-ins, the load, verification and the report; clean_up() removes it all."""

    def __init__(self, args):
        self.args = args
        self.services = Services()
        self.threads: list[threading.Thread] = []
        self.load: Load | None = None
        self.timings: dict[str, float] = {}

    def phase(self, name: str, started: float) -> None:
        self.timings[name] = time.monotonic() - started
        log(f"{name}: {self.timings[name]:.1f} s")

    def run(self) -> dict:
        args = self.args
        pdf = make_pdf(args.pdf_mb * MiB)
        applicants = self.set_up()
        started = time.monotonic()
        port = self.services.start_servers()
        self.phase(f"gunicorn on 127.0.0.1:{port} and the Celery worker ready", started)
        stats = Stats()
        self.load = load = Load(args, port, pdf, stats)

        started = time.monotonic()
        logged_in = self.in_threads(load.login, applicants, args.login_threads, "log-in")
        if not all(logged_in):
            raise RuntimeError(f"{logged_in.count(False)} applicants could not log in: {stats.errors[:3]}")
        self.phase(f"{len(applicants)} applicants logged in ({args.login_threads} at a time)", started)

        pg = pg_connect(DB_NAME)
        before = files_in(self.services.media)  # the demo's own files
        monitor, run_seconds = self.drive(applicants, pg)
        started = time.monotonic()
        compared = compare(
            load, applicants, rounds=args.compare_rounds, warmup=args.compare_warmup, seconds=args.compare_seconds
        )
        self.phase(f"autosave only and one INSERT, {args.compare_rounds} rounds each", started)
        started = time.monotonic()
        lost, details = verify(pg, applicants, pdf, self.services.media, before)
        pg.close()
        self.phase("verification", started)

        measured = {kind: stats.window(kind, monitor.measure_from) for kind in KINDS}
        window = max(0.001, min(args.seconds, run_seconds - args.warmup))
        self.report(measured, window, len(pdf), monitor, details)
        self.report_compared(compared)
        (saves, save_seconds, save_times), (inserts, insert_seconds, _) = compared["save"], compared["insert"]
        autosave_rps, insert_rps = saves / save_seconds, inserts / insert_seconds
        return {
            "save_p99_ms": round(percentile(measured["save"], 99) * 1000),
            "upload_p99_ms": round(percentile(measured["upload"], 99) * 1000),
            "errors": stats.error_count,
            "lost": lost,
            "worker_rss_growth_mb": f"{monitor.rss_end - monitor.rss_start:.1f}",
            "autosave_rps": f"{autosave_rps:.1f}",
            "insert_rps": f"{insert_rps:.1f}",
            "ratio_autosave": f"{autosave_rps / insert_rps:.2f}" if insert_rps else "0",
            "autosave_p99_ms": round(percentile(save_times, 99) * 1000),
        }

    def report_compared(self, compared: dict) -> None:
        print("")
        print("the same clients, autosave only against the one-INSERT view (all rounds):")
        for kind, (count, seconds, values) in compared.items():
            print(
                f"{'autosave' if kind == 'save' else 'insert':<8} {count:>7} {count / seconds:>7.1f} "
                f"{percentile(values, 50) * 1000:>8.0f} {percentile(values, 90) * 1000:>8.0f} "
                f"{percentile(values, 99) * 1000:>8.0f}"
            )

    def set_up(self) -> list[Applicant]:
        started = time.monotonic()
        self.services.create_database()
        with contextlib.closing(pg_connect(DB_NAME)) as pg, pg.cursor() as cursor:
            cursor.execute(FLOOR_TABLE_SQL)  # the one-INSERT view's table
        self.phase("database, migrations, demo, static files", started)
        started = time.monotonic()
        rows = self.services.make_applicants(self.args.applicants, PASSWORD)
        self.phase(f"{len(rows)} applicants with organisations and drafts", started)
        return [Applicant(i, row["email"], row["application"], row["sections"]) for i, row in enumerate(rows)]

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

    def drive(self, applicants: list[Applicant], pg) -> tuple[Monitor, float]:
        """One client thread per applicant until the time is up, sampled twice a second; return the
        monitor and how long the load ran."""
        args, load = self.args, self.load
        load.end_at = time.monotonic() + args.warmup + args.seconds
        log(f"load: {len(applicants)} clients, {args.warmup} s warm-up then {args.seconds} s measured")
        run_started = time.monotonic()
        monitor = Monitor(self.services, pg, run_started + args.warmup, load.end_at)
        for applicant in applicants:
            thread = threading.Thread(target=load.run, args=(applicant,), daemon=True, name=applicant.email)
            thread.start()
            self.threads.append(thread)

        next_progress = run_started + args.progress
        while any(t.is_alive() for t in self.threads):
            now = time.monotonic()
            if now > load.end_at + args.timeout + 30:
                raise RuntimeError("client threads did not finish in time")
            waiting = monitor.sample(now)
            if now >= next_progress:
                next_progress += args.progress
                self.progress(monitor, now - run_started, waiting)
            time.sleep(0.5)
        monitor.finish()
        run_seconds = time.monotonic() - run_started
        self.timings["load"] = run_seconds
        log(f"load finished after {run_seconds:.1f} s; worker RSS {monitor.rss_end:.1f} MB")
        return monitor, run_seconds

    def progress(self, monitor: Monitor, elapsed: float, waiting: int) -> None:
        stats = self.load.stats
        with stats.lock:
            counts = dict(stats.counts)
            errors, conflicts = stats.error_count, stats.conflicts
            recent = sorted(s for started, s in stats.latencies.get("save", [])[-500:])
        log(
            f"t={elapsed:5.0f}s saves={counts.get('save', 0)} uploads={counts.get('upload', 0)} "
            f"deletes={counts.get('delete', 0)} errors={errors} conflicts={conflicts} "
            f"save_p99_recent={percentile(recent, 99) * 1000:.0f}ms worker_rss={monitor.worker_rss_mb():.0f}MB "
            f"lock_waits_now={waiting}"
        )

    def report(self, measured: dict, window: float, pdf_size: int, monitor: Monitor, details: list[str]) -> None:
        stats = self.load.stats
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
        uploaded_mb = len(measured["upload"]) * pdf_size / MiB
        print(
            f"measured window {window:.0f} s (after {self.args.warmup} s warm-up); uploads {uploaded_mb:.0f} MB "
            f"({uploaded_mb / window:.1f} MB/s)"
        )
        counts = stats.counts
        print(
            f"whole run: saves {counts.get('save', 0)}, uploads {counts.get('upload', 0)}, "
            f"deletes {counts.get('delete', 0)}, conflicts (409) {stats.conflicts}, errors {stats.error_count}"
        )
        for line in [*monitor.report(), *details, *server_log_problems(self.services.work)]:
            print(line)
        if stats.errors:
            print(f"first errors ({stats.error_count} in all):")
            for line in stats.errors:
                print(f"  {line}")
        print("timings: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items()))

    def clean_up(self) -> None:
        started = time.monotonic()
        if self.load:
            self.load.stop.set()
        self.services.stop_servers()
        deadline = time.monotonic() + 10
        for thread in self.threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
        self.services.remove()
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
    parser.add_argument("--compare-rounds", type=int, default=2, help="rounds of autosave only / one INSERT")
    parser.add_argument("--compare-seconds", type=int, default=20, help="measured seconds of each (default 20)")
    parser.add_argument("--compare-warmup", type=int, default=5, help="warm-up of each (default 5)")
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
