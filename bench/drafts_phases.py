"""The comparison phases of bench/drafts.py, after the mixed load, with the same logged-in clients and
the same concurrency (one thread per applicant, one connection per request, no pause): a pure
autosave phase (no uploads) and the floor, the one-INSERT view of bench/vote_urls.py, posted the way
an autosave is (the applicant's cookies and CSRF field, the same headers). They alternate, `rounds`
times each, so that a busy moment of a shared machine weighs on both alike; each kind's rate is all its
measured requests over all its measured seconds."""

import random
import threading
import time

from drafts_client import Applicant, Load, Stats, percentile
from drafts_services import log

FLOOR_PATH = "/bench/insert"


def _insert(load: Load, applicant: Applicant) -> None:
    client = applicant.client
    fields = {"csrfmiddlewaretoken": client.csrf, "text": "ร่าง", "version": "0"}
    headers = {"HX-Request": "true", "HX-Target": "save-status", "HX-Trigger": "id_text"}
    answer = load.timed("insert", f"insert {applicant.email}", lambda: client.post_form(FLOOR_PATH, fields, headers))
    if answer is not None and answer[0] != 201:
        load.stats.error(f"insert {applicant.email}: {answer[0]}")


def _loop(load: Load, applicant: Applicant, kind: str) -> None:
    rnd = random.Random(applicant.index * 7919 + len(kind))
    while not load.stop.is_set() and time.monotonic() < load.end_at:
        if kind == "insert":
            _insert(load, applicant)
        else:
            load.save(applicant, rnd)


def _phase(load: Load, applicants: list[Applicant], kind: str, warmup: float, seconds: float) -> Stats:
    """One phase: every client runs `kind` for warm-up + seconds; return its own statistics."""
    stats = Stats()
    load.stats = stats
    started = time.monotonic()
    stats.measure_from = started + warmup
    load.end_at = stats.measure_from + seconds
    threads = [threading.Thread(target=_loop, args=(load, a, kind), daemon=True) for a in applicants if a.client]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.1, load.end_at + load.args.timeout + 30 - time.monotonic()))
    if any(thread.is_alive() for thread in threads):
        raise RuntimeError(f"{kind} phase: client threads did not finish in time")
    return stats


def compare(load: Load, applicants: list[Applicant], *, rounds: int, warmup: float, seconds: float) -> dict:
    """Run the phases; return {kind: (requests, seconds, latencies)} and fold their errors into the
    load's main statistics (restored afterwards)."""
    main = load.stats
    results = {"save": [0, 0.0, []], "insert": [0, 0.0, []]}
    try:
        for number in range(1, rounds + 1):
            for kind in ("insert", "save"):
                stats = _phase(load, applicants, kind, warmup, seconds)
                measured = stats.window(kind, stats.measure_from)
                results[kind][0] += len(measured)
                results[kind][1] += seconds
                results[kind][2] += measured
                with main.lock:
                    main.error_count += stats.error_count
                    main.errors += stats.errors[: max(0, 15 - len(main.errors))]
                    main.conflicts += stats.conflicts
                    main.counts[f"phase_{kind}"] = main.counts.get(f"phase_{kind}", 0) + stats.counts.get(kind, 0)
                log(
                    f"round {number} {'one INSERT' if kind == 'insert' else 'autosave only'}: "
                    f"{len(measured) / seconds:.1f}/s, p50 {percentile(sorted(measured), 50) * 1000:.0f} ms, "
                    f"p99 {percentile(sorted(measured), 99) * 1000:.0f} ms, errors {stats.error_count}"
                )
    finally:
        load.stats = main
    return {kind: (count, total, sorted(values)) for kind, (count, total, values) in results.items()}
