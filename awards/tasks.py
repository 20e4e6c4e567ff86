import logging

from celery import shared_task

from . import emails

logger = logging.getLogger(__name__)


@shared_task(queue="mail", acks_late=True)
def send_email(email_id: int) -> bool:
    return emails.deliver(email_id=email_id)


@shared_task
def retry_unsent_emails() -> int:
    ids = emails.unsent_email_ids()
    for email_id in ids:
        send_email.delay(email_id)
    if ids:
        logger.info("re-queued %s unsent e-mails", len(ids))
    return len(ids)
