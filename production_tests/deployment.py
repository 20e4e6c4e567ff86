"""The platform as depa runs it: gunicorn (gthread) behind a TLS proxy, Celery workers in the prefork
pool, beat, PostgreSQL, Redis, S3-compatible object storage (``rclone serve s3``) and an SMTP server,
all started with the production settings and nothing else.

``production_environment`` is the whole environment every process of the platform gets: the
variables README "Production" requires, object storage, and what the harness itself needs (named
there). Nothing is inherited from the environment the suite runs in (CI exports DATABASE_URL and
REDIS_URL for ``make test``, which must not leak in).
"""

import contextlib
import os
import re
import secrets
import time
from pathlib import Path

import psycopg2
import redis
from celery import Celery

from .processes import BIN, Process, free_port, run, wait_for_port
from .web import plain

# Two runs of the suite on one machine (CI beside a developer's run) each name their own database
# and Redis database with PRODUCTION_SMOKE_DATABASE and PRODUCTION_SMOKE_REDIS_DB: the set-up drops
# and creates the database, and the happy path empties its Redis database.
DATABASE = os.environ.get("PRODUCTION_SMOKE_DATABASE", "awards_production_smoke")
if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", DATABASE):  # it is written into CREATE DATABASE
    raise ValueError(f"PRODUCTION_SMOKE_DATABASE is not a plain database name: {DATABASE!r}")
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
# The machine's Redis for the happy path, in a database of the suite's own (make test uses 15, the
# benches 11 and 14); the fault tests start redis-servers of their own.
MACHINE_REDIS, MACHINE_REDIS_DB = ("127.0.0.1", 6379), int(os.environ.get("PRODUCTION_SMOKE_REDIS_DB", "12"))
S3_KEY, S3_SECRET, BUCKET = "awards-smoke", "awards-smoke-secret-key", "awards"
# One key for the whole run: a session opened on one stack is still valid on the next.
SECRET_KEY = "smoke-" + secrets.token_urlsafe(48)
GUNICORN = ["--workers", "2", "--threads", "4", "--worker-class", "gthread", "--graceful-timeout", "5"]
WORKER = ["--pool", "prefork", "--concurrency", "2", "--queues", "default,mail,pdf", "--loglevel", "INFO"]


def production_environment(
    *, site_url: str, redis_url: str, s3_endpoint: str, smtp_port: int, static_root: Path, var_dir: Path, **more: str
) -> dict:
    return {
        # README "Production": the variables production requires, and no others.
        "DJANGO_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_HOST": "127.0.0.1",
        "SITE_URL": site_url,
        "DATABASE_URL": "postgres://{user}@{host}:{port}/".format(**POSTGRES) + DATABASE,
        "REDIS_URL": redis_url,
        # Files in object storage (rclone serves its S3 API on a folder; it has no virtual-host buckets).
        "STORAGE": "s3",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": S3_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET,
        # depa's deployment: gunicorn behind its TLS proxy, which sends X-Forwarded-Proto (web.py).
        "BEHIND_TLS_PROXY": "true",
        # The harness: the SMTP sink's port, in plain SMTP (it has no certificate); collected static
        # files and beat's schedule file in the run's temporary folder, not in the work tree; output
        # unbuffered so that the logs are complete when a test reads them.
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "STATIC_ROOT": str(static_root),
        "VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
        # Process basics of the machine, not settings of the platform.
        **{name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ},
        **more,
    }


def postgres(dbname: str = DATABASE):
    connection = psycopg2.connect(dbname=dbname, connect_timeout=5, **POSTGRES)
    connection.autocommit = True
    return connection


def create_database() -> None:
    with contextlib.closing(postgres("postgres")) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DATABASE} ENCODING 'UTF8' TEMPLATE template0")


def drop_database() -> None:
    with contextlib.closing(postgres("postgres")) as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def flush_machine_redis() -> None:
    host, port = MACHINE_REDIS
    redis.Redis(host=host, port=port, db=MACHINE_REDIS_DB, socket_timeout=5).flushdb()


class RedisServer:
    """A throwaway redis-server on a free port (no persistence: a restart starts empty, as a Redis
    that lost its memory)."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        command = ["redis-server", "--port", self.port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = Process("redis", [*command, "--dir", self.folder], env=dict(os.environ), log=self.folder / "log")
        wait_for_port(self.port, process=self.process)
        return self

    def restart_empty(self) -> None:
        self.process.kill()
        self.start()

    def stop(self) -> None:
        if self.process:
            self.process.stop()


class Stack:
    """One deployment on one database: object storage, web, workers and (if asked) beat."""

    def __init__(
        self, name: str, *, work: Path, redis_url: str, s3_root: Path, smtp_port: int, static_root: Path, **more
    ):
        self.name, self.folder = name, work / name
        self.web_port, self.s3_port = free_port(), free_port()
        self.s3_root = s3_root
        self.env = production_environment(
            site_url=f"https://127.0.0.1:{self.web_port}",
            redis_url=redis_url,
            s3_endpoint=f"http://127.0.0.1:{self.s3_port}",
            smtp_port=smtp_port,
            static_root=static_root,
            var_dir=self.folder / "var",
            **more,
        )
        self.processes: dict[str, Process] = {}

    def _start(self, name: str, command: list) -> Process:
        process = Process(f"{self.name} {name}", command, env=self.env, log=self.folder / f"{name}.log")
        self.processes[name] = process
        return process

    def start_storage(self) -> Process:
        (self.s3_root / BUCKET).mkdir(parents=True, exist_ok=True)
        rclone = BIN / "rclone"
        address = f"127.0.0.1:{self.s3_port}"
        process = self._start(
            "s3", [rclone, "serve", "s3", "--addr", address, "--auth-key", f"{S3_KEY},{S3_SECRET}", self.s3_root]
        )
        wait_for_port(self.s3_port, process=process)
        return process

    def start_web(self) -> Process:
        bind = ["--bind", f"127.0.0.1:{self.web_port}", "--error-logfile", "-"]
        process = self._start("web", [BIN / "gunicorn", "config.wsgi", *GUNICORN, *bind])
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if plain(self.web_port, "/healthz/live", timeout=2).status == 200:
                    return process
            if process.popen.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz/live:\n{process.tail()}")

    def start_worker(self, name: str = "worker") -> Process:
        process = self._start(name, [BIN / "celery", "-A", "config", "worker", *WORKER, "-n", f"{name}@%h"])
        process.wait_for_log(" ready.", timeout=60)
        return process

    def start_beat(self) -> Process:
        schedule = self.folder / "var" / "celerybeat-schedule"
        process = self._start("beat", [BIN / "celery", "-A", "config", "beat", "--loglevel", "INFO", "-s", schedule])
        process.wait_for_log("beat: Starting", timeout=60)
        return process

    def start_command(self, name: str, arguments: list[str]) -> Process:
        """A Python command of the platform in the background (collectstatic beside migrate)."""
        return self._start(name, [BIN / "python", *arguments])

    def manage(self, *args: str, timeout: float = 300) -> str:
        return run([BIN / "python", "manage.py", *args], env=self.env, timeout=timeout).stdout

    def call(self, task: str) -> None:
        """Queue ``task`` by name on the default queue of the stack's broker, as beat does at its time
        (the sweeps): the same message a beat tick sends, from this process, without starting Django
        in a ``celery call`` process each time."""
        app = Celery("production-smoke", broker=self.env["REDIS_URL"])
        try:
            app.send_task(task, queue="default")
        finally:
            app.close()

    def stop(self) -> None:
        processes = list(self.processes.values())
        for process in processes:  # all at once: the warm shutdowns overlap
            process.terminate()
        for process in processes:
            process.stop()

    def logs(self) -> str:
        return "\n".join(f"--- {process.name}\n{process.tail(3000)}" for process in self.processes.values())
