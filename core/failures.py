"""How a worker's job records a failure for staff, whatever was raised.

Jobs (a PDF rendering, an e-mail with its attachments) catch ``BaseException`` and let only
``PROCESS_EXITS`` through. WeasyPrint's fatal fetching error derives from ``BaseException`` (so that
WeasyPrint itself cannot swallow it) and ``except Exception`` once left documents "rendering" and
e-mails "sending" for ever; core.pdf now raises it again as an ordinary exception, but a renderer
or a library may raise another of its kind. A worker being stopped is not the job's failure: its
lease runs out and a sweep gives the job to another worker.
"""

import traceback

PROCESS_EXITS = (KeyboardInterrupt, SystemExit)


def describe_failure(error: BaseException) -> str:
    """What staff read of a failure: the exception and its causes, one line each (WeasyPrint's
    "Error fetching ..." says which file, its cause why), at most 2,000 characters."""
    lines = []
    while error is not None and len(lines) < 5:
        lines.append("".join(traceback.format_exception_only(error)).strip())
        error = error.__cause__ or (None if error.__suppress_context__ else error.__context__)
    return "\ncaused by: ".join(lines)[:2000]


def fail_exhausted(waiting, *, max_attempts: int, now, message: str) -> int:
    """Fail the jobs of ``waiting`` (a queryset of jobs with ``attempts``, ``error`` and
    ``failed_at``) that used every attempt: the last attempt's error stays, or ``message`` says the
    worker stopped while rendering (it died: memory, time limit). Returns how many were failed."""
    exhausted = waiting.filter(attempts__gte=max_attempts)
    exhausted.filter(error="").update(error=message)
    return exhausted.update(failed_at=now)
