import logging

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task
def apply_retention() -> dict[str, int]:
    """The nightly retention sweep (config/celery.py); the periods are settings.RETENTION_*."""
    result = services.apply_retention()
    logger.info("retention applied: %s", result)
    return result
