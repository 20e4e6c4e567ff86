"""Thin tasks: the reminder sweep that beat runs every few minutes (config/celery.py)."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_reminders() -> dict[str, int]:
    # No arguments: the sweep decides from the database what is due now; the ledger makes a rerun,
    # a redelivered message or a second beat harmless.
    return services.sweep()
