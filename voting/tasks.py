"""The Popular Vote's periodic jobs (beat entries in config/celery.py); thin: each calls a service."""

import logging

from celery import shared_task

from core.sms import TransientSmsError

from .services.purge import purge_personal_data
from .services.sms_codes import deliver_code_sms, unsent_sms_ids

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def purge_voter_emails() -> None:
    result = purge_personal_data()
    logger.info("voting purge: %s", result)


@shared_task(
    acks_late=True,
    autoretry_for=(TransientSmsError,),
    retry_backoff=5,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=4,
    soft_time_limit=30,
    time_limit=45,
)
def send_code_sms(challenge_id: int) -> bool:
    """A vote code by SMS; retried briefly while the gateway cannot take it (the code lives minutes)."""
    return deliver_code_sms(challenge_id=challenge_id)


@shared_task(acks_late=True, soft_time_limit=50, time_limit=60)
def retry_unsent_sms() -> int:
    """The SMS sweep (beat, every minute): see voting.services.sms_codes.unsent_sms_ids."""
    ids = unsent_sms_ids()
    for challenge_id in ids:
        send_code_sms.delay(challenge_id)
    if ids:
        logger.info("re-queued %s unsent vote codes by SMS", len(ids))
    return len(ids)
