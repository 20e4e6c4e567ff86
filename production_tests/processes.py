"""Processes the suite starts: each in a session (process group) of its own, its output in a log
file, and every one stopped at the end even when a test fails (``stop_all`` runs at session end)."""

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"

_started: list["Process"] = []


# PRODUCTION_SMOKE_PORTS ("9100-9199"): the servers the suite starts listen only on ports of that
# range (a machine whose other services have fixed ports of their own); else wherever the system says.
_PORTS = os.environ.get("PRODUCTION_SMOKE_PORTS", "")
_handed_out: set[int] = set()


def free_port() -> int:
    if not _PORTS:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]
    first, _dash, last = _PORTS.partition("-")
    for port in range(int(first), int(last or first) + 1):
        if port in _handed_out:
            continue  # handed to a server that may not have bound it yet
        with socket.socket() as sock, contextlib.suppress(OSError):
            sock.bind(("127.0.0.1", port))
            _handed_out.add(port)
            return port
    raise RuntimeError(f"no free port left in PRODUCTION_SMOKE_PORTS={_PORTS}")


def wait_for_port(port: int, *, timeout: float = 20, process: "Process | None" = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited ({process.popen.returncode}):\n{process.tail()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class Process:
    """One started command. ``stop`` ends its whole process group (gunicorn's and Celery's children
    included): SIGCONT first in case a test froze it, SIGTERM, SIGKILL after ``grace`` seconds."""

    def __init__(self, name: str, command: list[str], *, env: dict, log: Path, cwd: Path = ROOT):
        self.name, self.log = name, log
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("ab") as out:
            self.popen = subprocess.Popen(
                [str(part) for part in command],
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _started.append(self)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.popen.pid, signum)

    def freeze(self) -> None:
        self.signal_group(signal.SIGSTOP)

    def thaw(self) -> None:
        self.signal_group(signal.SIGCONT)

    def kill(self) -> None:
        """SIGKILL to the whole group, as when a machine's memory runs out or it loses power."""
        self.signal_group(signal.SIGKILL)
        self.popen.wait(timeout=10)
        if self in _started:
            _started.remove(self)

    def terminate(self) -> None:
        if self.popen.poll() is None:
            self.thaw()
            self.signal_group(signal.SIGTERM)

    def stop(self, grace: float = 10) -> None:
        self.terminate()
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.signal_group(signal.SIGKILL)
            self.popen.wait(timeout=10)
        # Children left in the group (a prefork child whose parent was killed) go too.
        self.signal_group(signal.SIGKILL)
        if self in _started:
            _started.remove(self)

    def wait_for_log(self, text: str, *, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log.read_text(errors="replace"):
                return
            if self.popen.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.popen.returncode}):\n{self.tail()}")
            time.sleep(0.2)
        raise TimeoutError(f"{self.name} did not log {text!r} within {timeout} s:\n{self.tail()}")

    def tail(self, characters: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-characters:]
        except FileNotFoundError:
            return ""


def stop_all() -> None:
    for process in reversed(list(_started)):
        process.stop(grace=5)


def run(command: list, *, env: dict, timeout: float = 300) -> subprocess.CompletedProcess:
    """A command to its end (manage.py, celery call); its output is returned, a failure raises."""
    result = subprocess.run(
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result
