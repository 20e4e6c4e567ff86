"""The ``pdf`` queue: one document per task, IDs in; the service does the work and keeps the outcome.

Recovery: a job carries a lease (documents/lease.py) that its worker renews while it renders. The
beat's sweep queues again every job past its lease (a worker that died, a message the broker lost),
and a task redelivered after a crash (acks_late) claims the job once the lease has run out. A task
that finds the job held by a live worker, done or failed does nothing: the conditional claim keeps
one rendering per job. The time limits stop a runaway layout; a lost database connection is retried
with backoff.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import letters, services


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


# On the default queue, not behind a backlog of renderings in the pdf queue: the sweep must run
# even while the pdf worker is busy or gone.
@shared_task(queue="default", acks_late=True, soft_time_limit=50, time_limit=60)
def requeue_stalled_documents() -> int:
    return services.requeue_stalled_documents() + letters.queue_unrendered_letters()


@shared_task(
    queue="pdf",
    acks_late=True,
    soft_time_limit=120,
    time_limit=150,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def render_letter(letter_id: int) -> bool:
    return letters.render_letter(letter_id=letter_id)
