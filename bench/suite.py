"""The test suite against the one before the house-in-order issue: the same tests, then all of them.

The issue asked for a suite twice as fast "without removing a test or an assertion", and later issues
added about 2,000 tests. So this compares three runs, one after the other, each alone on the machine:

1. ``before``: the suite at ``BEFORE`` (58ea113, the last commit before the issue's work), run by
   its own ``make test`` (one process, as it ran then), in a clone with its own virtual environment;
2. ``same``: today's ``make test`` command (``pytest -n <cores + 1> --dist worksteal``) on the
   before's tests alone, as they are today: today's tests whose name (the function and its
   parameters, after the module's path, so that tests moved to another module count) the before's
   suite has, and every case of a function whose cases were cut anew (``same_tests``);
3. ``full``: today's ``make test``.

    .venv/bin/python bench/suite.py [--rounds 1] [--before-dir DIR] [--postgres]
    make bench-suite

``--postgres`` runs all three as ``.ci/run`` calls ``make test``: ``CI=true``, PostgreSQL and Redis on
127.0.0.1. Without it, the embedded defaults. What the runs need and a fresh machine lacks (Chromium,
poppler-utils, PostgreSQL and Redis with ``--postgres``) is installed and started first
(``scripts/bench-deps``), so that no test skips for want of it.

The last line is ``before_s=… same_s=… full_s=… same_ratio=… full_ratio=… before_tests=… same_tests=…
full_tests=…``: pytest's own times (medians over the rounds) and the passed tests of each run. The exit
status is 1 if a run fails.
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BEFORE = "58ea113"
# What the embedded defaults must not see from the caller's environment.
SERVICES = ("DATABASE_URL", "REDIS_URL", "CI", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE", "PYTHONDONTWRITEBYTECODE")
POSTGRES = {
    "CI": "true",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/awards",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}
SUMMARY = re.compile(r"(\d+) passed.* in ([\d.]+)s")


def environment(postgres: bool) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in SERVICES}
    return {**env, **POSTGRES} if postgres else env


def before_checkout(folder: Path) -> Path:
    """A clone of this repository at ``BEFORE`` with its virtual environment (made once, kept)."""
    if not (folder / ".git").exists():
        subprocess.run(["git", "clone", "-q", str(BASE_DIR), str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", BEFORE], check=True)
    subprocess.run(["make", "-C", str(folder), "install"], check=True, stdout=subprocess.DEVNULL)
    return folder


def collected(folder: Path, env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [str(folder / ".venv/bin/pytest"), "--collect-only", "-q"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line.strip() for line in result.stdout.splitlines() if "::" in line]


def same_tests(before: list[str], today: list[str]) -> list[str]:
    """Today's test ids for the before's tests: those whose name, after the module's path, the
    before's suite has; and every case of a test function whose cases were cut anew, so that none of
    its old names is left (the admin family of the authorisation matrix: one test a persona then, one
    a persona and part of admin now, the same requests)."""
    names = {test_id.split("::", 1)[1] for test_id in before}
    kept = {test_id for test_id in today if test_id.split("::", 1)[1] in names}
    matched = {_function(test_id) for test_id in kept}
    recut = {_function(test_id) for test_id in before} - matched
    return [test_id for test_id in today if test_id in kept or _function(test_id) in recut]


def _function(test_id: str) -> str:
    return test_id.split("::", 1)[1].split("[", 1)[0]


def timed(command: list[str], folder: Path, env: dict[str, str], log: Path) -> tuple[float, int]:
    """pytest's own seconds and the passed tests of one run; its output goes to ``log``."""
    with log.open("w") as out:
        status = subprocess.run(command, cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    summary = SUMMARY.findall(log.read_text())
    if status != 0 or not summary:
        sys.exit(f"{' '.join(command)} in {folder} failed (exit {status}); its output: {log}")
    passed, seconds = summary[-1]
    print(f"  {log.stem}: {passed} passed in {float(seconds):.2f} s", flush=True)
    return float(seconds), int(passed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--before-dir", type=Path, default=BASE_DIR / "var" / "bench-suite-before")
    parser.add_argument("--postgres", action="store_true", help="CI=true, PostgreSQL and Redis, as .ci/run")
    args = parser.parse_args()
    env = environment(args.postgres)
    needs = ["browser", "poppler", *(["postgresql", "redis"] if args.postgres else [])]
    subprocess.run([str(BASE_DIR / "scripts/bench-deps"), *needs], check=True)
    before_dir = before_checkout(args.before_dir)
    subprocess.run(["make", "-C", str(BASE_DIR), "messages"], check=True, stdout=subprocess.DEVNULL)
    logs = Path(tempfile.mkdtemp(prefix="bench-suite-"))
    ids = logs / "same.txt"
    ids.write_text("\n".join(same_tests(collected(before_dir, env), collected(BASE_DIR, env))) + "\n")
    workers = min(os.cpu_count() + 1, 8)
    pytest = [str(BASE_DIR / ".venv/bin/pytest"), "-n", str(workers), "--dist", "worksteal", "-q"]
    runs = {
        "before": (["make", "test"], before_dir),
        "same": ([*pytest, f"@{ids}"], BASE_DIR),
        "full": (["make", "test"], BASE_DIR),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    passed: dict[str, int] = {}
    for round_ in range(1, args.rounds + 1):
        print(f"round {round_} of {args.rounds} (logs in {logs})", flush=True)
        for name, (command, folder) in runs.items():
            seconds, passed[name] = timed(command, folder, env, logs / f"{name}-{round_}.txt")
            times[name].append(seconds)
    before, same, full = (statistics.median(times[name]) for name in runs)
    print(
        f"before_s={before:.2f} same_s={same:.2f} full_s={full:.2f} same_ratio={same / before:.2f} "
        f"full_ratio={full / before:.2f} before_tests={passed['before']} same_tests={passed['same']} "
        f"full_tests={passed['full']}"
    )


if __name__ == "__main__":
    main()
