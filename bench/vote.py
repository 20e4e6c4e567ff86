"""make bench-vote: the Popular Vote under load, side by side with what any durable vote must pay.

One run: a fresh PostgreSQL database (awards_vote on 127.0.0.1:5432; BENCH_VOTE_DB names another),
its own redis-server on port 8542 (cache, rate limits and Celery broker), migrate + seed_demo +
collectstatic, N verified voters, then gunicorn in production configuration on port 8540
(BENCH_VOTE_PORT moves it, Redis at +2 and the SMS provider at +3) and wrk (-t2 -c50, a new connection
per request, loopback) against, in turn:
a bare view, a view that does one durable INSERT and the cast-vote endpoint (each request a different
verified voter), repeated for several rounds so that a moment when the shared machine is busy weighs on
all three alike (each figure is the median of its rounds); then the request-a-code endpoint (which
queues an e-mail), after the voter's whole journey (bench/vote_journey.py: fresh voters request a
code, read it from the outbox, type it and vote, 50 at a time), and the same journey verified by SMS
(a Thai mobile number each; a Celery worker hands each committed code to the SMS gateway's HTTP API,
served by the bench's own provider, bench/vote_journey.py's SmsInbox). Then the ledger is checked.
Everything started is stopped at the end, also after a failure or Ctrl-C. Figures: bench/README.md.

    python bench/vote.py [--seconds 10] [--rounds 3] [--voters 60000]
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
from pathlib import Path

from drafts_services import _child_setup, log, pg_connect, stop_process
from vote_journey import Journeys, SmsInbox, SmsJourneys, msisdn_of

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = os.environ.get("BENCH_VOTE_DB", "awards_vote")
WEB_PORT = int(os.environ.get("BENCH_VOTE_PORT", "8540"))
REDIS_PORT, SMS_PORT = WEB_PORT + 2, WEB_PORT + 3
# The worker that sends the SMS codes: the README's production worker, on the queue of that task only
# (the e-mails of the other journeys stay queued, as in the rest of the bench).
WORKER = ["-A", "config", "worker", "--queues", "default", "--concurrency", "4", "--loglevel", "WARNING"]
SMS_KEY, SMS_SECRET = "bench", secrets.token_urlsafe(16)
GUNICORN = ["config.wsgi", "--workers", "2", "--threads", "8", "--worker-class", "gthread", "--keep-alive", "5"]
# One connection per request, as a reverse proxy opens them (and bench/pages.py, bench/drafts.py): with
# 50 kept-alive connections, one gthread worker often accepted all of them and a run measured one
# process of two (bench/README.md, 2026-12-05). vote.lua's requests carry the same header.
WRK = ["wrk", "-t2", "-c50", "--latency", "-H", "Connection: close"]
# The vote run stops sending new voters this long before its end, so that every vote sent is answered
# before wrk stops (vote.lua); p99 stays well under it.
DRAIN_SECONDS = 3
ENV_NOT_INHERITED = (
    "AWS_",
    "DJANGO_",
    "CELERY_",
    "EMAIL_",
    "SMS_",
    "SECURE_",
    "AXES_",
    "VOTE_",
    "STORAGE",
    "DEBUG",
    "REDIS",
)


class Run:
    def __init__(self, seconds: int, voters: int):
        self.seconds, self.voters = seconds, voters
        self.work = Path(tempfile.mkdtemp(prefix="bench-vote-"))
        self.redis = self.gunicorn = self.worker = None
        self.demo_votes_up_to = 0
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_NOT_INHERITED)},
            "DJANGO_ENV": "production",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "DJANGO_SETTINGS_MODULE": "bench.vote_settings",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            # The SMS gateway's HTTP adapter, to the bench's own provider (SmsInbox).
            "SMS_API_URL": f"http://127.0.0.1:{SMS_PORT}/send",
            "SMS_API_KEY": SMS_KEY,
            "SMS_API_SECRET": SMS_SECRET,
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(self.work / "var"),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
            "TRUSTED_PROXY_COUNT": "1",
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
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(redis_dir),
            ],
            "redis.log",
        )
        with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
        log("migrate, seed_demo, collectstatic")
        self.manage("manage.py", "migrate", "--noinput", "-v0")
        self.manage("manage.py", "seed_demo", "-v0")
        # The demo's own votes (seed_demo casts some) are not the run's: the ledger counts after them.
        self.demo_votes_up_to = self.last_vote_id()
        self.manage("manage.py", "collectstatic", "--noinput", "-v0")
        log(f"preparing {self.voters} verified voters")
        self.manage("bench/vote_setup.py", str(self.voters), str(self.voters), str(self.work))

    def serve(self) -> None:
        bind = ["--bind", f"127.0.0.1:{WEB_PORT}", "--graceful-timeout", "20", "--error-logfile", "-"]
        self.gunicorn = self.start([str(BIN / "gunicorn"), *GUNICORN, *bind], "gunicorn.log")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            probe = subprocess.run(
                ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", f"http://127.0.0.1:{WEB_PORT}/bench/bare"],
                capture_output=True,
                text=True,
            )
            if probe.stdout == "200":
                return
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer:\n" + (self.work / "gunicorn.log").read_text()[-3000:])

    def split_votes(self, rounds: int) -> None:
        """vote1.txt … voteN.txt: each round its own voters (a voter votes once)."""
        lines = (self.work / "vote.txt").read_text().splitlines(keepends=True)
        size = len(lines) // rounds
        for n in range(rounds):
            (self.work / f"vote{n + 1}.txt").write_text("".join(lines[n * size : (n + 1) * size]))

    def load(self, path: str, lines: str = "", drain: int = 0) -> dict:
        env = {
            **os.environ,
            "LINES": str(self.work / lines) if lines else "",
            "THREADS": "2",
            "DURATION": str(self.seconds),
            "DRAIN": str(drain) if drain else "",
        }
        command = [
            *WRK,
            f"-d{self.seconds}s",
            "-s",
            str(ROOT / "bench" / "vote.lua"),
            f"http://127.0.0.1:{WEB_PORT}{path}",
        ]
        out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
        return parse_wrk(out)

    def query(self, sql: str, params=()) -> tuple:
        with contextlib.closing(pg_connect(DB_NAME)) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def last_vote_id(self) -> int:
        return self.query("SELECT coalesce(max(id), 0) FROM voting_vote")[0]

    def round_rate(self, after_id: int) -> tuple[int, float]:
        """Votes stored since ``after_id`` and their rate over the ledger's own clock (first to last)."""
        stored, span = self.query(
            "SELECT count(*), extract(epoch FROM max(cast_at) - min(cast_at)) FROM voting_vote WHERE id > %s",
            [after_id],
        )
        return stored, stored / float(span) if span else 0.0

    def ledger(self) -> tuple[int, int]:
        """The run's votes (after the demo's) and how many voters have two in one period."""
        after = self.demo_votes_up_to
        stored = self.query("SELECT count(*) FROM voting_vote WHERE id > %s", [after])[0]
        duplicates = self.query(
            "SELECT count(*) FROM (SELECT 1 FROM voting_vote GROUP BY voter_id, cycle_id, period"
            " HAVING count(*) > 1) AS doubles"
        )[0]
        return stored, duplicates

    def journeys(self, seconds: int) -> dict:
        """Fresh voters through the whole journey (bench/vote_journey.py), then its checks: every
        finished journey's vote stored once, every code request one outbox row and one message to
        the broker."""
        import redis

        lines = (self.work / "journey.txt").read_text().splitlines()
        broker = redis.Redis(host="127.0.0.1", port=REDIS_PORT, db=0)
        with contextlib.closing(pg_connect(DB_NAME)) as connection, connection.cursor() as cursor:
            # The bench's inbox look-up by address; the app never reads the outbox this way.
            cursor.execute('CREATE INDEX IF NOT EXISTS bench_outbox_to ON core_outboundemail ("to")')
        queued_before = broker.llen("mail")
        log(f"journeys: {seconds} s, 50 connections, fresh voters")
        journeys = Journeys(WEB_PORT, lines, pg_connect, DB_NAME, "demo-vote")
        journeys.run(seconds)
        result = journeys.report()
        started = lines[: journeys.next]
        emails = [line.split("\t")[0] for line in started]
        result["votes"] = self.query(
            "SELECT count(*) FROM voting_vote v JOIN voting_voter r ON r.id = v.voter_id WHERE r.email = ANY(%s)",
            [journeys.done],
        )[0]
        result["emails"] = self.query('SELECT count(*) FROM core_outboundemail WHERE "to" = ANY(%s)', [emails])[0]
        result["emails_per_address_max"] = self.query(
            'SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM core_outboundemail WHERE "to" = ANY(%s)'
            ' GROUP BY "to") AS per',
            [emails],
        )[0]
        result["queued"] = broker.llen("mail") - queued_before
        result["started"] = len(started)
        for step, (count, p50, p99) in result["steps"].items():
            log(f"  {step}: {count} requests, p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        log(
            f"  {result['journeys']} journeys of {len(started)} begun, {result['journey_rps']:.0f}/s; "
            f"votes stored {result['votes']}, e-mails {result['emails']} (at most {result['emails_per_address_max']}"
            f" per address), messages to the broker {result['queued']}, failures {len(result['failures'])}"
        )
        for failure in result["failures"][:5]:
            log(f"  failure: {failure}")
        return result

    def sms_journeys(self, seconds: int) -> dict:
        """The journey verified by SMS, with a worker sending the codes to the bench's provider, then
        its checks: every finished journey's vote stored once, one challenge per number, each sent
        (its text blanked) and received by the provider exactly once."""
        import redis

        lines = (self.work / "sms_journey.txt").read_text().splitlines()
        broker = redis.Redis(host="127.0.0.1", port=REDIS_PORT, db=0)
        inbox = SmsInbox(SMS_KEY, SMS_SECRET)
        inbox.start(SMS_PORT)
        try:
            self.start_worker(broker)
            log(f"SMS journeys: {seconds} s, 50 connections, fresh voters, one worker (--concurrency 4)")
            journeys = SmsJourneys(WEB_PORT, lines, pg_connect, DB_NAME, "demo-vote", inbox=inbox)
            journeys.run(seconds)
            # A code sent twice would arrive after the first: the queue drained, a moment more.
            deadline = time.monotonic() + 30
            while broker.llen("default") and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(2)
        finally:
            stop_process(self.worker, "celery worker", 30)
            inbox.stop()
        result = journeys.report()
        started = [line.split("\t")[0] for line in lines[: journeys.next]]
        e164 = ["+" + msisdn_of(phone) for phone in started]
        result["votes"] = self.query(
            "SELECT count(*) FROM voting_vote v JOIN voting_voter r ON r.id = v.voter_id WHERE r.phone = ANY(%s)",
            [["+" + msisdn_of(phone) for phone in journeys.done]],
        )[0]
        result["challenges"], result["sent"], result["challenges_per_number_max"] = self.query(
            "SELECT count(*), count(*) FILTER (WHERE sent_at IS NOT NULL AND message = ''),"
            " coalesce(max(n), 0) FROM (SELECT phone, sent_at, message, count(*) OVER (PARTITION BY phone) AS n"
            " FROM voting_challenge WHERE phone = ANY(%s)) AS per",
            [e164],
        )
        result["received"], result["received_per_number_max"] = inbox.counts([msisdn_of(p) for p in started])
        result["refused"], result["started"] = inbox.refused, len(started)
        for step, (count, p50, p99) in [*result["steps"].items(), ("sms_wait", result["sms_wait"])]:
            log(f"  {step}: {count}, p50 {p50:.0f} ms, p99 {p99:.0f} ms")
        log(
            f"  {result['journeys']} journeys of {len(started)} begun, {result['journey_rps']:.0f}/s; "
            f"votes stored {result['votes']}, challenges {result['challenges']} (at most "
            f"{result['challenges_per_number_max']} per number), sent {result['sent']}, received by the provider "
            f"{result['received']} (at most {result['received_per_number_max']} per number), refused by it "
            f"{result['refused']}, failures {len(result['failures'])}"
        )
        for failure in result["failures"][:5]:
            log(f"  failure: {failure}")
        return result

    def start_worker(self, broker) -> None:
        """The Celery worker, ready when it waits on the queue (a BRPOP in Redis's client list)."""
        self.worker = self.start([str(BIN / "celery"), *WORKER], "worker.log")
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.worker.poll() is not None:
                break
            if any(client.get("cmd") == "brpop" for client in broker.client_list()):
                return
            time.sleep(0.3)
        raise RuntimeError("the celery worker did not start:\n" + (self.work / "worker.log").read_text()[-3000:])

    def stop(self) -> None:
        stop_process(self.worker, "celery worker", 30)
        stop_process(self.gunicorn, "gunicorn", 20)
        stop_process(self.redis, "redis-server", 10)
        with contextlib.suppress(Exception), contextlib.closing(pg_connect("postgres")) as connection:
            connection.cursor().execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(self.work, ignore_errors=True)


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(out: str) -> dict:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s|m)\b", out)
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    statuses = dict(re.findall(r"(\dxx|409)=(\d+)", out))
    return {
        "rps": rps,
        "p50": _ms(*p50.groups()),
        "p99": _ms(*p99.groups()),
        "2xx": int(statuses.get("2xx", 0)),
        "3xx": int(statuses.get("3xx", 0)),
        "4xx": int(statuses.get("4xx", 0)),
        "5xx": int(statuses.get("5xx", 0)),
        "409": int(statuses.get("409", 0)),
        "errors": "Socket errors" in out,
        "raw": out,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--voters", type=int, default=60_000)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: scripts/bench-deps wrk (make bench-vote runs it) installs it")
    run = Run(options.seconds, options.voters)
    rounds = {"bare": [], "insert": [], "vote": []}
    try:
        run.prepare()
        run.split_votes(options.rounds)
        run.serve()
        for n in range(1, options.rounds + 1):
            for name, path, lines in [
                ("bare", "/bench/bare", ""),
                ("insert", "/bench/insert", ""),
                ("vote", "/", f"vote{n}.txt"),
            ]:
                after = run.last_vote_id()
                r = run.load(path, lines, drain=DRAIN_SECONDS if name == "vote" else 0)
                if name == "vote":
                    # New votes per second from the ledger: the round's rows over the time from its first
                    # to its last stored vote (the drain's replays, refused with 409, are not in it).
                    r["stored"], r["rps"] = run.round_rate(after)
                rounds[name].append(r)
                log(
                    f"round {n} {name}: {r['rps']:.0f} req/s, p50 {r['p50']:.1f} ms, p99 {r['p99']:.1f} ms, "
                    f"2xx={r['2xx']} 3xx={r['3xx']} 4xx={r['4xx']} 5xx={r['5xx']} 409={r['409']}"
                )
        journey = run.journeys(options.seconds)
        sms = run.sms_journeys(options.seconds)
        log(f"wrk code: {options.seconds} s, 50 connections")
        code = run.load("/", "code.txt")
        log(f"  {code['rps']:.0f} req/s, p50 {code['p50']:.1f} ms, p99 {code['p99']:.1f} ms")
        stored, duplicates = run.ledger()
    finally:
        run.stop()
    bare, insert, vote = (statistics.median(r["rps"] for r in rounds[k]) for k in ("bare", "insert", "vote"))
    # The worst round's p99, not the median: the target is for every burst.
    p99 = max(r["p99"] for r in rounds["vote"])
    accepted = sum(r["2xx"] for r in rounds["vote"]) + journey["journeys"] + sms["journeys"]
    journey_ok = (
        journey["votes"] == journey["journeys"] == journey["started"]
        and journey["emails"] == journey["queued"] == journey["started"]
        and journey["emails_per_address_max"] == 1
        and not journey["failures"]
    )
    sms_ok = (
        sms["votes"] == sms["journeys"] == sms["started"]
        and sms["challenges"] == sms["sent"] == sms["received"] == sms["started"]
        and sms["challenges_per_number_max"] == sms["received_per_number_max"] == 1
        and sms["refused"] == 0
        and not sms["failures"]
    )
    line = (
        f"vote_rps={vote:.0f} bare_rps={bare:.0f} insert_rps={insert:.0f} "
        f"ratio_insert={vote / insert:.2f} ratio_bare={vote / bare:.2f} "
        f"p99_ms={p99:.0f} code_rps={code['rps']:.0f} accepted={accepted} stored={stored} "
        f"duplicates={duplicates} journey_rps={journey['journey_rps']:.0f} "
        f"ratio_journey={journey['journey_rps'] / insert:.2f} journey_p99_ms={journey['journey_p99_ms']:.0f} "
        f"sms_journey_rps={sms['journey_rps']:.0f} sms_ratio_journey={sms['journey_rps'] / insert:.2f}"
    )
    print(line, flush=True)
    clean = all(r["4xx"] == r["409"] and r["5xx"] == 0 and not r["errors"] for r in rounds["vote"])
    return 0 if stored == accepted and duplicates == 0 and clean and journey_ok and sms_ok else 1


if __name__ == "__main__":
    sys.exit(main())
