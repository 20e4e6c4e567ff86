"""The Popular Vote's periodic jobs (beat entries in config/celery.py); thin: each calls a service."""

import logging

from celery import shared_task

from .services.purge import purge_personal_data

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def purge_voter_emails() -> None:
    result = purge_personal_data()
    logger.info("voting purge: %s", result)
