"""Writes of the documents app: asking for documents (queued to the ``pdf`` worker after commit),
rendering one (the worker's side: claim, render, store, record the outcome), retrying failures,
and issuing certificates."""

import logging
import tempfile
import traceback
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from awards.enums import MilestoneKind

from . import selectors
from .enums import DocumentKind, DocumentStatus
from .models import Certificate, Document, DocumentBatch
from .rendering import write_document

logger = logging.getLogger(__name__)

# A job left "rendering" this long ago belongs to a worker that died (the task's hard time limit
# is shorter): the redelivered task may claim it again.
STALE_AFTER = timedelta(minutes=15)


def _queue(document: Document) -> None:
    from .tasks import render_document

    transaction.on_commit(lambda: render_document.delay(document.pk))


def request_document(
    *, kind: DocumentKind, language: str, by: User, batch: DocumentBatch | None = None, **targets
) -> Document:
    """Record one document to render (``targets``: application, assignment, round, category or
    certificate, as the kind needs) and queue it for a worker once the transaction commits."""
    document = Document(kind=kind, language=language, requested_by=by, batch=batch, **targets)
    document.full_clean(exclude=["file"])
    document.save()
    _queue(document)
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
        actor=by, action="document.generate", target=batch,
        detail={"kind": str(kind), "documents": len(targets) * len(languages), "languages": list(languages)},
    )  # fmt: skip
    return batch


def _claim(document_id: int) -> bool:
    """Take the job for this worker; False if another has it, or it is done or failed."""
    now = timezone.now()
    claimable = Q(status=DocumentStatus.QUEUED) | Q(status=DocumentStatus.RENDERING, started_at__lt=now - STALE_AFTER)
    claimed = Document.objects.filter(claimable, pk=document_id).update(
        status=DocumentStatus.RENDERING, attempts=F("attempts") + 1, started_at=now, error=""
    )
    return claimed == 1


def _related(document_id: int) -> Document:
    return Document.objects.select_related(
        "application__cycle", "application__category", "application__organisation",
        "assignment__round__rubric", "assignment__round__cycle", "assignment__judge",
        "assignment__application__cycle", "assignment__application__category", "assignment__application__organisation",
        "round__rubric", "round__cycle", "category",
        "certificate__prize__category", "certificate__application__cycle", "certificate__application__organisation",
    ).get(pk=document_id)  # fmt: skip


def render_document(*, document_id: int) -> Document | None:
    """The worker's job: render the document, store it privately, record the outcome. A failure is
    kept with its error for staff (admin can retry it); a lost database connection puts the job
    back in the queue and re-raises, so that the task retries later."""
    if not _claim(document_id):
        logger.info("document %s is not waiting to be rendered; nothing to do", document_id)
        return None
    document = _related(document_id)
    try:
        with tempfile.TemporaryFile() as out:
            pages = write_document(document, out)
            out.seek(0)
            old = document.file.name
            document.file.save("document.pdf", File(out), save=False)
    except (OperationalError, InterfaceError):
        Document.objects.filter(pk=document_id).update(status=DocumentStatus.QUEUED)
        raise
    except Exception as error:  # noqa: BLE001 - every failure must reach staff, whatever it is
        logger.exception("document %s failed", document_id)
        detail = "".join(traceback.format_exception_only(error)).strip()
        Document.objects.filter(pk=document_id).update(
            status=DocumentStatus.FAILED, error=detail[:2000], finished_at=timezone.now()
        )
        document.refresh_from_db()
        return document
    if old and old != document.file.name:
        document.file.storage.delete(old)
    document.status, document.pages, document.finished_at = DocumentStatus.DONE, pages, timezone.now()
    document.save(update_fields=["file", "status", "pages", "finished_at"])
    return document


@transaction.atomic
def retry_documents(*, documents, by: User) -> int:
    """Put failed documents back in the queue (staff, from admin); returns how many."""
    ids = list(documents.filter(status=DocumentStatus.FAILED).values_list("pk", flat=True))
    Document.objects.filter(pk__in=ids).update(status=DocumentStatus.QUEUED, error="", finished_at=None)
    for document in Document.objects.filter(pk__in=ids):
        _queue(document)
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
        prize=prize, application=application, language=language, issued_by=by,
        awarded_on=certificate_date_for(application.cycle),
    )  # fmt: skip
    certificate.full_clean()
    certificate.save()
    record_event(
        actor=by, action="certificate.generate", target=certificate,
        detail={"prize": prize.pk, "application": application.reference or application.pk, "language": language},
    )  # fmt: skip
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
