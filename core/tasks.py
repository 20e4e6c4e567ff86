"""Thin tasks: ids in, the service in core.emails does the work.

Retries live here, visibly: ``send_email`` retries with exponential backoff (about 1, 2, 4, 8 minutes,
jittered) when the mail server could not take the message now (``TransientEmailError``), never on
a bug of ours; every failure stays on the outbox row for staff. The time limits stop a hung SMTP
connection from holding a worker (they need the prefork pool, which the Procfile's worker uses).
"""

import logging

from celery import shared_task

from . import emails, health

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(emails.TransientEmailError,),
    retry_backoff=60,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=emails.MAX_ATTEMPTS - 1,
    soft_time_limit=60,
    time_limit=90,
)
def send_email(email_id: int) -> bool:
    return emails.deliver(email_id=email_id)


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def retry_unsent_emails() -> int:
    """The outbox sweep (beat, every minute): see core.emails.unsent_email_ids. Its run is also the
    workers' heartbeat that /healthz reports (core/health.py)."""
    health.record_heartbeat("workers")
    abandoned = emails.fail_abandoned_emails()
    if abandoned:
        logger.warning("%s e-mails left sending on their last attempt are failed for staff", abandoned)
    ids = emails.unsent_email_ids()
    for email_id in ids:
        send_email.delay(email_id)
    if ids:
        logger.info("re-queued %s unsent e-mails", len(ids))
    return len(ids)
