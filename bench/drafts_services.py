"""The services bench/drafts.py runs the app on: a fresh PostgreSQL database, Redis database 14,
gunicorn and a Celery worker in a temporary folder, and their removal again."""

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from drafts_http import Client

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
DB_NAME = "awards_bench"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"
REDIS_HOST, REDIS_PORT, REDIS_DB = "127.0.0.1", 6379, 14
# Settings the bench decides itself; anything of these in the caller's environment is not passed on.
ENV_NOT_INHERITED = ("AWS_", "DJANGO_", "CELERY_", "EMAIL_", "SECURE_", "AXES_", "ATTACHMENT_", "STORAGE", "DEBUG")

GUNICORN = ["config.wsgi", "--workers", "2", "--threads", "4", "--worker-class", "gthread"]
CELERY = ["-A", "config", "worker", "--pool", "threads", "--concurrency", "2", "--queues", "default,mail,pdf"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


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


def drop_database() -> None:
    with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def flush_redis() -> None:
    import redis

    redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=REDIS_DB, socket_timeout=5).flushdb()


class Services:
    """The database, the server and the worker of one run, and the temporary folder they write to."""

    def __init__(self):
        self.work = Path(tempfile.mkdtemp(prefix="bench-drafts-"))
        self.media = self.work / "var" / "media"
        self.gunicorn: subprocess.Popen | None = None
        self.celery: subprocess.Popen | None = None
        self.database_created = False
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(ENV_NOT_INHERITED)},
            "DJANGO_ENV": "production",
            # The production settings plus the one-INSERT view the autosave is compared with.
            "DJANGO_SETTINGS_MODULE": "bench.vote_settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "VAR_DIR": str(self.work / "var"),
            "DATABASE_URL": f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}",
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}",
            "CACHE_KEY_PREFIX": "bench-drafts",
            "STORAGE": "local",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def manage(self, *command: str, timeout: float = 600) -> None:
        subprocess.run(
            [str(BIN / "python"), *command],
            cwd=ROOT,
            env=self.env,
            check=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def create_database(self) -> None:
        """A fresh database with the migrations, the demo editions and the static files."""
        drop_database()
        with contextlib.closing(pg_connect("postgres")) as connection, connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
        self.database_created = True
        flush_redis()
        self.manage("manage.py", "migrate", "--noinput", "-v0")
        self.manage("manage.py", "seed_demo", "-v0")
        self.manage("manage.py", "collectstatic", "--noinput", "-v0")

    def make_applicants(self, count: int, password: str) -> list[dict]:
        """bench/drafts_setup.py's rows: {"email", "application", "sections"} for each applicant."""
        out = self.work / "applicants.json"
        self.manage("bench/drafts_setup.py", str(count), password, str(out))
        return json.loads(out.read_text())

    def _start(self, command: list[str], log_name: str) -> subprocess.Popen:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=(self.work / log_name).open("wb"),
            stderr=subprocess.STDOUT,
            preexec_fn=_child_setup,
        )

    def start_servers(self) -> int:
        """Start gunicorn and the Celery worker, wait until both are ready; return the server's port."""
        port = free_port()
        bind = ["--bind", f"127.0.0.1:{port}", "--graceful-timeout", "20", "--error-logfile", "-"]
        self.gunicorn = self._start([str(BIN / "gunicorn"), *GUNICORN, *bind], "gunicorn.log")
        self.celery = self._start(
            [str(BIN / "celery"), *CELERY, "--hostname", f"bench-drafts-{os.getpid()}@%h", "--loglevel", "INFO"],
            "celery.log",
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
        return port

    def tail(self, name: str, lines: int = 30) -> str:
        try:
            return "\n".join((self.work / name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def workers(self) -> list[int]:
        return children_of(self.gunicorn.pid) if self.gunicorn else []

    def stop_servers(self) -> None:
        stop_process(self.gunicorn, "gunicorn", 30)
        stop_process(self.celery, "the Celery worker", 30)

    def remove(self) -> None:
        """Drop the database, empty Redis's database and remove the folder; report and go on on failure."""
        if self.database_created:
            try:
                drop_database()
            except Exception as error:  # noqa: BLE001 (report and go on cleaning)
                log(f"could not drop {DB_NAME}: {error}")
        try:
            flush_redis()
        except Exception as error:  # noqa: BLE001
            log(f"could not empty Redis database {REDIS_DB}: {error}")
        shutil.rmtree(self.work, ignore_errors=True)
