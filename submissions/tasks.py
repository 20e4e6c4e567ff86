"""Thin tasks of the applicant area: the service in submissions.services does the work."""

import logging

from celery import shared_task

from .services.attachments import report_orphaned_files
from .services.retention import purge_expired_applications as purge

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def report_orphaned_attachment_files() -> int:
    """The weekly sweep (beat): counts stored attachment files without a row; deletes nothing."""
    return len(report_orphaned_files())


@shared_task(acks_late=True, soft_time_limit=3600, time_limit=3660)
def purge_expired_applications() -> dict[str, dict]:
    """The nightly retention sweep (beat): purges the applications of every cycle past its retention,
    each cycle once (it is claimed first), so a rerun or a retry purges nothing twice."""
    result = purge()
    logger.info("application retention: %s cycle(s) purged", len(result))
    return result
