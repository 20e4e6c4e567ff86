"""The ``pdf`` queue: one document per task, IDs in; the service does the work and keeps the outcome.

acks_late: a worker that dies mid-render leaves the message to be delivered again (the service
claims the job again once it is stale). The time limits stop a runaway layout; a lost database
connection is retried with backoff.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import services


@shared_task(
    queue="pdf",
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def render_document(document_id: int) -> str | None:
    document = services.render_document(document_id=document_id)
    return document.status if document else None
