"""The lease of a document job: how the platform tells a job a live worker holds from one whose
worker died (killed, out of memory, its machine gone) or whose queue message was lost.

Every job waiting or rendering carries ``lease_until``. Queuing a job gives it ``LEASE`` to be taken;
the worker that claims it takes a fresh lease and renews it every ``RENEW_EVERY`` while it renders
(``KeepLease``). A job past its lease is no one's: the beat's sweep
(``services.requeue_stalled_documents``) queues it again, and a redelivered task may claim it.
"""

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .enums import DocumentStatus
from .models import Document

logger = logging.getLogger(__name__)

# Two minutes unless DOCUMENT_LEASE_SECONDS says otherwise (config/settings.py).
LEASE = timedelta(seconds=settings.DOCUMENT_LEASE_SECONDS)
# Four renewals per lease: a worker that misses one (a slow database, a long pause of the
# interpreter) keeps its job.
RENEW_EVERY = LEASE / 4


def new_lease() -> datetime:
    return timezone.now() + LEASE


def renew(*, document_id: int, attempt: int) -> bool:
    """Extend the lease of the job that ``attempt`` holds; False once it is no longer that attempt's
    (done, failed, or taken over after the lease ran out)."""
    renewed = Document.objects.filter(pk=document_id, status=DocumentStatus.RENDERING, attempts=attempt).update(
        lease_until=new_lease()
    )
    return renewed == 1


class KeepLease:
    """While its ``with`` block runs, renew the lease of a claimed job every ``every``.

    A thread of its own does it, because one WeasyPrint call can take minutes and offers no hook to
    call back from. The thread opens its own database connection and closes it when it stops; a
    failed renewal (the database briefly away) is logged and tried again at the next tick.
    """

    def __init__(self, *, document_id: int, attempt: int, every: timedelta = RENEW_EVERY):
        self.document_id, self.attempt, self.every = document_id, attempt, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-document-{document_id}", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        return False

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every.total_seconds()):
                if not self._renew():
                    return
        finally:
            connection.close()

    def _renew(self) -> bool:
        try:
            held = renew(document_id=self.document_id, attempt=self.attempt)
        except Exception:  # noqa: BLE001 - the next tick tries again; the lease has margin for it
            logger.warning("could not renew the lease of document %s", self.document_id, exc_info=True)
            return True
        if not held:
            logger.warning("document %s is no longer held by attempt %s", self.document_id, self.attempt)
        return held
