"""Thin tasks of judging: the sweeps of conflicts that surfaced mid-round and of feedback due to
applicants, run by beat (config/celery.py), and the rendering of one feedback PDF."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services import feedback, withdrawals


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sweep_conflicts() -> int:
    # No arguments: the sweep reads the declarations and the applications as they are now; only
    # active assignments are withdrawn (and staff told), so a rerun or a second beat is harmless.
    return withdrawals.sweep_open_rounds()


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def release_feedback() -> int:
    # No arguments: the sweep reads the feedback milestones as they are now; each PDF is asked for
    # once (one row per application and language) and each e-mail claimed by its notice row.
    return feedback.request_due_feedback()


@shared_task(
    queue="pdf",
    acks_late=True,
    soft_time_limit=120,
    time_limit=150,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def render_feedback(document_id: int) -> bool:
    return feedback.render_feedback(document_id=document_id) is not None
