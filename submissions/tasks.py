"""Thin tasks of the applicant area: the service in submissions.services does the work."""

import logging

from celery import shared_task

from .services.attachments import report_orphaned_files

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660)
def report_orphaned_attachment_files() -> int:
    """The weekly sweep (beat): counts stored attachment files without a row; deletes nothing."""
    return len(report_orphaned_files())
