"""Thin tasks of judging: the sweep of conflicts that surfaced mid-round, run by beat (config/celery.py)."""

from celery import shared_task

from .services import withdrawals


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_conflicts() -> int:
    # No arguments: the sweep reads the declarations and the applications as they are now; only
    # active assignments are withdrawn (and staff told), so a rerun or a second beat is harmless.
    return withdrawals.sweep_open_rounds()
