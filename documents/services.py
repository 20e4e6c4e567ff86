"""Writes of the documents app: asking for documents (queued to the ``pdf`` worker after commit),
rendering one (the worker's side: claim, render, store, record the outcome), retrying failures,
and issuing certificates."""

import logging
import tempfile
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from awards.enums import MilestoneKind
from core.broker import enqueue
from core.failures import PROCESS_EXITS, describe_failure

from . import selectors
from .enums import DocumentKind, DocumentStatus
from .lease import KeepLease, new_lease
from .models import Certificate, Document, DocumentBatch
from .rendering import write_document

logger = logging.getLogger(__name__)

# A job whose worker vanished this many times (each time its lease ran out) is failed for staff
# rather than queued again: a document that kills its worker (memory) must not do so for ever.
MAX_ATTEMPTS = 3


def _queue(document_id: int) -> None:
    from .tasks import render_document

    transaction.on_commit(lambda: enqueue(render_document, document_id, row=f"document {document_id}"))


def request_document(
    *, kind: DocumentKind, language: str, by: User, batch: DocumentBatch | None = None, **targets
) -> Document:
    """Record one document to render (``targets``: application, assignment, round, category or
    certificate, as the kind needs) and queue it for a worker once the transaction commits."""
    document = Document(kind=kind, language=language, requested_by=by, batch=batch, lease_until=new_lease(), **targets)
    document.full_clean(exclude=["file"])
    document.save()
    _queue(document.pk)
    return document


@transaction.atomic
def request_batch(
    *, label: str, kind: DocumentKind, targets: list[dict], languages: list[str], by: User
) -> DocumentBatch:
    """Several documents asked for together (an admin action): one per target and language."""
    batch = DocumentBatch.objects.create(label=label, requested_by=by)
    for target in targets:
        for language in languages:
            request_document(kind=kind, language=language, by=by, batch=batch, **target)
    record_event(
        actor=by,
        action="document.generate",
        target=batch,
        detail={"kind": str(kind), "documents": len(targets) * len(languages), "languages": list(languages)},
    )
    return batch


def _expired(now) -> Q:
    return Q(lease_until__lt=now) | Q(lease_until__isnull=True)


def _claim(document_id: int) -> bool:
    """Take the job for this worker with a conditional update that must change one row: a queued
    job, or a rendering one whose lease ran out (its worker died: this is the redelivered task, or
    the sweep's). False if a live worker holds it, or it is done or failed."""
    now = timezone.now()
    vanished = Q(status=DocumentStatus.RENDERING, attempts__lt=MAX_ATTEMPTS) & _expired(now)
    claimed = Document.objects.filter(Q(status=DocumentStatus.QUEUED) | vanished, pk=document_id).update(
        status=DocumentStatus.RENDERING, attempts=F("attempts") + 1, started_at=now, lease_until=new_lease(), error=""
    )
    return claimed == 1


def _related(document_id: int) -> Document:
    return Document.objects.select_related(
        "application__cycle",
        "application__category",
        "application__organisation",
        "assignment__round__rubric",
        "assignment__round__cycle",
        "assignment__judge",
        "assignment__application__cycle",
        "assignment__application__category",
        "assignment__application__organisation",
        "round__rubric",
        "round__cycle",
        "category",
        "certificate__prize__category",
        "certificate__application__cycle",
        "certificate__application__organisation",
    ).get(pk=document_id)


def _held(document: Document):
    """The job as long as this attempt holds it: a worker whose lease ran out (stalled, not dead)
    records nothing once another has taken the job over."""
    return Document.objects.filter(pk=document.pk, status=DocumentStatus.RENDERING, attempts=document.attempts)


def _store(document: Document) -> int:
    """Render the document into its storage under a new name (``document.file``); returns its pages."""
    with tempfile.TemporaryFile() as out:
        pages = write_document(document, out)
        out.seek(0)
        document.file.save("document.pdf", File(out), save=False)
    return pages


def render_document(*, document_id: int) -> Document | None:
    """The worker's job: render the document, store it privately, record the outcome. Returns None
    when there is nothing to do (done, failed, held by a live worker, or taken over meanwhile).

    Whatever a rendering raises, whatever its class (core/failures.py), ends the job
    "failed" with its error for staff, who can retry it from admin; only the worker's own exit
    passes through, leaving the lease to run out. A lost database connection puts the job back in
    the queue and re-raises, so that the task retries later. The lease is renewed every 30 s while
    the job renders (``KeepLease``)."""
    if not _claim(document_id):
        logger.info("document %s is not waiting to be rendered; nothing to do", document_id)
        return None
    document = _related(document_id)
    old = document.file.name
    try:
        with KeepLease(document_id=document_id, attempt=document.attempts):
            pages = _store(document)
    except (OperationalError, InterfaceError):
        _held(document).update(status=DocumentStatus.QUEUED, lease_until=new_lease())
        raise
    except PROCESS_EXITS:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure must reach staff, whatever it is
        return _record_failure(document, error)
    return _record_success(document, old=old, pages=pages)


def _record(document: Document, **outcome) -> bool:
    """Record the outcome if this attempt still holds the job; the document mirrors what was saved."""
    outcome |= {"finished_at": timezone.now(), "lease_until": None}
    if _held(document).update(**outcome) != 1:
        logger.warning("document %s was taken over by another worker; this rendering is dropped", document.pk)
        return False
    for field, value in outcome.items():
        setattr(document, field, value)
    return True


def _record_failure(document: Document, error: BaseException) -> Document | None:
    logger.error("document %s failed", document.pk, exc_info=error)
    recorded = _record(document, status=DocumentStatus.FAILED, error=describe_failure(error))
    return document if recorded else None


def _record_success(document: Document, *, old: str, pages: int) -> Document | None:
    new = document.file.name
    if not _record(document, status=DocumentStatus.DONE, file=new, pages=pages):
        # Another worker took the job over after this one's lease ran out: its file is the one kept.
        document.file.storage.delete(new)
        return None
    if old and old != new:
        document.file.storage.delete(old)
    return document


def requeue_stalled_documents() -> int:
    """The beat's sweep (every minute): queue again every job past its lease, a queued one whose
    message was lost (Redis may lose its queue) or a rendering one whose worker died; returns how
    many. Each is taken with a conditional update that must change one row, so two sweeps never
    queue one twice; a job whose worker vanished ``MAX_ATTEMPTS`` times is failed for staff."""
    now = timezone.now()
    _fail_vanished(now)
    stalled = Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RENDERING]) & _expired(now)
    requeued = 0
    for document_id in list(Document.objects.filter(stalled).values_list("pk", flat=True)[:500]):
        taken = Document.objects.filter(stalled, pk=document_id).update(
            status=DocumentStatus.QUEUED, lease_until=new_lease()
        )
        if taken == 1:
            _queue(document_id)
            requeued += 1
    if requeued:
        logger.warning("queued %s stalled documents again", requeued)
    return requeued


def _fail_vanished(now) -> int:
    message = _(
        "The worker stopped while rendering this document %(count)s times (see the worker's log: memory, "
        "time limit). Render it again once the cause is fixed."
    ) % {"count": MAX_ATTEMPTS}
    vanished = Q(status=DocumentStatus.RENDERING, attempts__gte=MAX_ATTEMPTS) & _expired(now)
    return Document.objects.filter(vanished).update(
        status=DocumentStatus.FAILED, error=message, finished_at=now, lease_until=None
    )


@transaction.atomic
def retry_documents(*, documents, by: User) -> int:
    """Put failed documents back in the queue (staff, from admin); returns how many."""
    ids = list(documents.filter(status=DocumentStatus.FAILED).values_list("pk", flat=True))
    Document.objects.filter(pk__in=ids).update(
        status=DocumentStatus.QUEUED, error="", finished_at=None, lease_until=new_lease()
    )
    for document_id in ids:
        _queue(document_id)
    return len(ids)


def certificate_date_for(cycle) -> date:
    """The date a certificate bears: the cycle's announcement of results, or today without one."""
    results = cycle.milestones.filter(kind=MilestoneKind.RESULTS).first()
    return timezone.localtime(results.starts_at).date() if results else timezone.localdate()


@transaction.atomic
def issue_certificate(*, prize, application, language: str, by: User) -> Certificate:
    """The certificate of ``prize`` for ``application`` in ``language`` (the same one, with the same
    verification code, if it was issued before)."""
    certificate = Certificate.objects.filter(prize=prize, application=application, language=language).first()
    if certificate is not None:
        return certificate
    certificate = Certificate(
        prize=prize,
        application=application,
        language=language,
        issued_by=by,
        awarded_on=certificate_date_for(application.cycle),
    )
    certificate.full_clean()
    certificate.save()
    record_event(
        actor=by,
        action="certificate.generate",
        target=certificate,
        detail={"prize": prize.pk, "application": application.reference or application.pk, "language": language},
    )
    return certificate


@transaction.atomic
def generate_certificates(*, pairs: list[tuple], languages: list[str], by: User, label: str) -> DocumentBatch:
    """Certificates for (prize, application) pairs in each language, and their PDFs queued."""
    if not pairs:
        raise ValidationError(_("There is no award and application to make a certificate for."))
    batch = DocumentBatch.objects.create(label=label, requested_by=by)
    for prize, application in pairs:
        for language in languages:
            certificate = issue_certificate(prize=prize, application=application, language=language, by=by)
            request_document(
                kind=DocumentKind.CERTIFICATE, language=language, by=by, batch=batch, certificate=certificate
            )
    return batch


@transaction.atomic
def render_certificates(*, certificates, by: User) -> DocumentBatch:
    """The PDFs of certificates already issued, each in its own language (again, if they exist)."""
    certificates = list(certificates)
    batch = DocumentBatch.objects.create(
        label=_("Certificates (%(count)s)") % {"count": len(certificates)}, requested_by=by
    )
    for certificate in certificates:
        request_document(
            kind=DocumentKind.CERTIFICATE, language=certificate.language, by=by, batch=batch, certificate=certificate
        )
    return batch


def certificates_for_winners(*, cycles, languages: list[str], by: User) -> DocumentBatch:
    """Certificates for every winner recorded by a decision (judging.Decision) in the cycles."""
    pairs = selectors.winners([cycle.pk for cycle in cycles])
    label = _("Certificates for all winners (%(count)s)") % {"count": len(pairs)}
    return generate_certificates(pairs=pairs, languages=languages, by=by, label=label)
