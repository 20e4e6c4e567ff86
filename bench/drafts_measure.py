"""What bench/drafts.py samples while the load runs: the web workers' memory (sum of VmRSS), the CPU
each part uses over the measured window, and PostgreSQL sessions waiting on a lock."""

import os
import time
from pathlib import Path

from drafts_services import DB_NAME, Services, children_of, log

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads) so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def machine_ticks() -> tuple[int, int]:
    """(busy, iowait) jiffies of the whole machine since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle, iowait = values[3], values[4]
    return sum(values[:8]) - idle - iowait, iowait


class CpuMeter:
    """CPU seconds used by each part (web workers, PostgreSQL backends, ...) over the measured window.
    Processes are sampled every half second; one that starts in the window counts from zero."""

    def __init__(self):
        self.seen: dict[tuple[str, int], list[float]] = {}
        self.started = False
        self.wall = self.machine = self.last_wall = self.last_machine = None

    def sample(self, groups: dict[str, list[int]]) -> None:
        for group, pids in groups.items():
            for pid in pids:
                used = cpu_seconds(pid)
                if used is None:
                    continue
                entry = self.seen.setdefault((group, pid), [used if not self.started else 0.0, used])
                entry[1] = used
        # The window ends at the last sample (the load's end), not when the report is printed.
        self.last_wall, self.last_machine = time.monotonic(), machine_ticks()
        if not self.started:
            self.started = True
            self.wall, self.machine = self.last_wall, self.last_machine

    def report(self) -> list[str]:
        wall = self.last_wall - self.wall
        busy, iowait = (now - then for now, then in zip(self.last_machine, self.machine, strict=True))
        totals: dict[str, float] = {}
        for (group, _pid), (first, last) in self.seen.items():
            totals[group] = totals.get(group, 0.0) + last - first
        cores = os.cpu_count() or 1
        parts = ", ".join(f"{group} {used:.0f} s ({used / wall:.2f} cores)" for group, used in totals.items())
        machine = busy / CLOCK_TICKS
        others = machine - sum(totals.values())
        return [
            f"CPU over {wall:.0f} s on {cores} cores: {parts}",
            f"  whole machine busy {machine / wall:.2f} of {cores} cores (iowait {iowait / CLOCK_TICKS / wall:.2f}); "
            f"other processes (Redis, PostgreSQL's own, other people's work) {max(0.0, others) / wall:.2f} cores",
        ]


class Monitor:
    """Sampled twice a second during the load: lock waits throughout; the workers' RSS and the CPU of
    each part from the end of the warm-up (`measure_from`), the CPU until the load's end (`end_at`)."""

    def __init__(self, services: Services, pg, measure_from: float, end_at: float):
        self.services, self.pg = services, pg
        self.measure_from, self.end_at = measure_from, end_at
        self.pg_pid = pg.get_backend_pid()  # this monitor's own session, left out of the backends
        self.workers_at_start = services.workers()
        self.workers_at_end: list[int] = []
        self.rss_start: float | None = None
        self.rss_max: float | None = None
        self.rss_end = 0.0
        self.cpu = CpuMeter()
        self.cpu_done = False
        self.samples = self.lock_samples = self.lock_max = 0
        self.lock_queries: dict[str, int] = {}

    def worker_rss_mb(self) -> float:
        return sum(rss_kb(pid) for pid in self.services.workers()) / 1024

    def sample(self, now: float) -> int:
        """Take one sample; return how many PostgreSQL sessions wait on a lock now."""
        if self.rss_start is None and now >= self.measure_from:
            self.rss_start = self.worker_rss_mb()
            log(f"warm-up over: worker RSS {self.rss_start:.1f} MB")
        if self.rss_start is not None and not self.cpu_done:
            self.cpu.sample(self.processes())
            self.cpu_done = now >= self.end_at
        waiting = self.sample_locks()
        self.samples += 1
        self.lock_samples += waiting > 0
        self.lock_max = max(self.lock_max, waiting)
        if self.rss_start is not None:
            self.rss_max = max(self.rss_max or 0, self.worker_rss_mb())
        return waiting

    def finish(self) -> None:
        """The measurements at the end of the load (the RSS after the warm-up too if it ended early)."""
        if self.rss_start is None:
            self.rss_start = self.worker_rss_mb()
        self.rss_end = self.worker_rss_mb()
        self.workers_at_end = self.services.workers()

    def processes(self) -> dict[str, list[int]]:
        with self.pg.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> %s", [DB_NAME, self.pg_pid])
            backends = [pid for (pid,) in cursor.fetchall()]
        celery = self.services.celery
        return {
            "web workers": self.services.workers(),
            "PostgreSQL backends": backends,
            "Celery worker": [celery.pid, *children_of(celery.pid)] if celery else [],
            "load generator": [os.getpid()],
        }

    def sample_locks(self) -> int:
        with self.pg.cursor() as cursor:
            cursor.execute(
                "SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 140) FROM pg_stat_activity "
                "WHERE datname = %s AND wait_event_type = 'Lock'",
                [DB_NAME],
            )
            rows = cursor.fetchall()
        for (query,) in rows:
            self.lock_queries[query] = self.lock_queries.get(query, 0) + 1
        return len(rows)

    def report(self) -> list[str]:
        """The memory, CPU and lock lines of the report."""
        same = self.workers_at_start == self.workers_at_end
        lines = [
            f"worker RSS: {self.rss_start:.1f} MB after warm-up, max {self.rss_max or self.rss_end:.1f} MB, "
            f"{self.rss_end:.1f} MB at end; workers {self.workers_at_start} -> {self.workers_at_end}"
            + ("" if same else " (A WORKER WAS REPLACED)")
        ]
        if self.cpu.started:
            lines += self.cpu.report()
        lines.append(
            f"PostgreSQL: sessions waiting on a lock in {self.lock_samples} of {self.samples} samples "
            f"(max {self.lock_max} at once)"
        )
        for query, count in sorted(self.lock_queries.items(), key=lambda item: -item[1])[:5]:
            lines.append(f"  waited {count}x: {query}")
        return lines
