"""Writes of official letters: issuing one (its number taken from the cycle's series), rendering
and storing it (the ``pdf`` worker, or the e-mail worker that attaches it, whichever comes first),
re-issuing it under the same number, and the attachment that carries it on an e-mail.

A letter is issued inside the transaction of its event (a submission, a confirmed shortlist, a
presentation sent, a result finalised; documents/receivers.py) and attached to the e-mail that
announces it, which the outbox sends once. The e-mail needs no wait: its worker renders the letter
through the attachment renderer when the ``pdf`` worker has not stored it yet, and both keep the
first file stored (a conditional update), so a letter has one file whoever renders it.

A rendering that fails is recorded on the letter (the error) and tried again by the sweep, at most
``MAX_ATTEMPTS`` times in all; then the letter is failed and staff see it in admin with its error and
render it again from there once the cause is fixed (``render_again``), which also sends again the
failed e-mails that carry it. An e-mail whose letter cannot be rendered fails in the outbox with the
same cause (its own attempts), and is never sent without its letter.
"""

import logging
import tempfile
import zipfile
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from core.broker import enqueue
from core.emails import DocumentAttachment, attachment_renderer, retry_emails
from core.failures import PROCESS_EXITS, describe_failure, fail_exhausted
from core.models import OutboundEmail

from .enums import LetterKind
from .models import Letter, LetterSeries
from .rendering.letter import letter_pdf

logger = logging.getLogger(__name__)

LETTER = "official_letter"
# A letter still unrendered this long after it was issued (or re-issued) is queued again by the sweep.
UNRENDERED_AFTER = timedelta(minutes=2)
# An attempt started this long ago is over (the task's time limit is 150 s): the sweep queues the
# letter again only then, so that an attempt still running is not counted twice.
ATTEMPT_OVER_AFTER = timedelta(minutes=3)
# A letter whose rendering failed (or whose worker died) this many times is failed for staff rather
# than queued again: a letter that cannot be rendered must not be tried for ever.
MAX_ATTEMPTS = 3
FRESH = {"rendered_at": None, "attempts": 0, "last_attempt_at": None, "error": "", "failed_at": None}


def take_number(cycle) -> tuple[int, str]:
    """The next number of ``cycle``'s series and the prefix it follows. The UPDATE holds the series'
    row until the caller's transaction ends, so concurrent letters wait for each other's number."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a letter number is taken inside the transaction that keeps it")
    series, _created = LetterSeries.objects.get_or_create(cycle=cycle)
    LetterSeries.objects.filter(pk=series.pk).update(last_number=F("last_number") + 1)
    series.refresh_from_db(fields=["last_number", "prefix_th", "prefix_en"])
    return series.last_number, series.prefix_th


@transaction.atomic
def issue_letter(*, application, kind: LetterKind, language: str, when: datetime | None = None) -> tuple[Letter, bool]:
    """The letter of ``kind`` to ``application`` in ``language``: the one already issued, or a new one
    with the next number of the cycle's series, rendered by a worker after commit. Returns the letter
    and whether it is new."""
    existing = Letter.objects.filter(application=application, kind=kind, language=language).first()
    if existing is not None:
        return existing, False
    number, prefix = take_number(application.cycle)
    series = application.cycle.letter_series
    if language == "en" and series.prefix_en:
        prefix = series.prefix_en
    letter = Letter.objects.create(
        cycle=application.cycle,
        application=application,
        kind=kind,
        language=language,
        number=number,
        prefix=prefix,
        issued_at=when or timezone.now(),
    )
    transaction.on_commit(lambda: queue_rendering(letter.pk))
    return letter, True


@transaction.atomic
def reissue_letter(*, letter: Letter, by=None, request=None) -> Letter:
    """Render the letter again under its number, dated today and saying which letter it replaces;
    audited. Its file is replaced once the worker has rendered the new one."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    letter.reissued_at = timezone.now()
    letter.reissue_count += 1
    # A new version: its own attempts, whatever became of the last one's.
    for field, value in FRESH.items():
        setattr(letter, field, value)
    letter.save(update_fields=["reissued_at", "reissue_count", *FRESH])
    record_event(
        actor=by,
        action="letter.reissue",
        target=letter,
        request=request,
        detail={"number": letter.reference, "kind": letter.kind, "times": letter.reissue_count},
    )
    transaction.on_commit(lambda: queue_rendering(letter.pk))
    return letter


def queue_rendering(letter_id: int) -> None:
    from .tasks import render_letter

    enqueue(render_letter, letter_id, row=f"letter {letter_id}")


def queue_unrendered_letters() -> int:
    """The sweep's part for letters: queue again every letter left unrendered a while (its task lost
    by the broker, its worker gone, its last attempt failed) with attempts left, and fail those that
    used them all; returns how many were queued."""
    now = timezone.now()
    waiting = Letter.objects.filter(rendered_at=None, failed_at=None).filter(
        Q(reissued_at__lt=now - UNRENDERED_AFTER) | Q(reissued_at=None, issued_at__lt=now - UNRENDERED_AFTER),
        Q(last_attempt_at=None) | Q(last_attempt_at__lt=now - ATTEMPT_OVER_AFTER),
    )
    fail_exhausted(
        waiting,
        max_attempts=MAX_ATTEMPTS,
        now=now,
        message=_(
            "The worker stopped while rendering this letter (see the worker's log: memory, time limit). "
            "Render it again once the cause is fixed."
        ),
    )
    ids = list(waiting.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)[:500])
    for letter_id in ids:
        queue_rendering(letter_id)
    return len(ids)


def _related(letter_id: int) -> Letter:
    return Letter.objects.select_related(
        "cycle", "application__cycle", "application__organisation", "application__category"
    ).get(pk=letter_id)


def letter_bytes(letter_id: int) -> bytes:
    """The letter's PDF: the stored file when it is up to date, else rendered now and stored (the
    first stored rendering of a version wins; a later one is dropped and the stored file returned)."""
    letter = _related(letter_id)
    if letter.rendered_at and letter.file:
        with letter.file.open("rb") as stored:
            return stored.read()
    pdf = letter_pdf(letter)
    old = letter.file.name
    name = letter.file.storage.save(letter.file.field.generate_filename(letter, "letter.pdf"), ContentFile(pdf))
    kept = Letter.objects.filter(pk=letter.pk, reissue_count=letter.reissue_count, rendered_at=None).update(
        file=name, rendered_at=timezone.now(), error="", failed_at=None
    )
    if kept != 1:
        # Another worker stored this version first (its file is kept and returned), or the letter was
        # re-issued meanwhile (this rendering serves the caller; the re-issue's own task stores its own).
        letter.file.storage.delete(name)
        logger.info("letter %s was stored or re-issued meanwhile; this rendering is not kept", letter.pk)
        stored = Letter.objects.filter(pk=letter.pk, rendered_at__isnull=False).exists()
        return letter_bytes(letter_id) if stored else pdf
    if old and old != name:
        letter.file.storage.delete(old)
    return pdf


def render_letter(*, letter_id: int) -> bool:
    """The worker's job: make sure the letter's current version is stored, counting the attempt.
    False if it is gone, failed, out of attempts, or its rendering failed (recorded for staff)."""
    version = Letter.objects.filter(pk=letter_id).values_list("reissue_count", "rendered_at").first()
    if version is None:
        logger.info("letter %s is gone", letter_id)
        return False
    if version[1] is not None:
        return True
    current = Letter.objects.filter(pk=letter_id, reissue_count=version[0], rendered_at=None)
    claimed = current.filter(failed_at=None, attempts__lt=MAX_ATTEMPTS).update(
        attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    if claimed != 1:
        logger.info("letter %s is stored, failed or out of attempts; staff render it again", letter_id)
        return False
    try:
        letter_bytes(letter_id)
    except (OperationalError, InterfaceError, *PROCESS_EXITS):
        raise  # the task retries a lost connection; a stopped worker is the sweep's to count
    except BaseException as error:  # noqa: BLE001 - every failure must reach staff, whatever it is
        logger.error("letter %s failed", letter_id, exc_info=error)
        current.update(error=describe_failure(error))
        current.filter(attempts__gte=MAX_ATTEMPTS).update(failed_at=timezone.now())
        return False
    return True


@transaction.atomic
def render_again(*, letters, by, request=None) -> int:
    """Staff render the selected unrendered letters again (admin), failed or waiting, with fresh
    attempts; audited per letter. The failed e-mails that carry them are sent again too (their
    worker renders the letter if the ``pdf`` worker has not yet). A stored letter is left as it
    is: re-issuing is what renders one anew. Returns how many letters were queued."""
    chosen = list(letters.filter(rendered_at=None))
    for letter in chosen:
        record_event(
            actor=by,
            action="letter.render_again",
            target=letter,
            request=request,
            detail={"number": letter.reference, "attempts": letter.attempts, "error": letter.error[:200]},
        )
    ids = [letter.pk for letter in chosen]
    Letter.objects.filter(pk__in=ids, rendered_at=None).update(**FRESH)
    for letter_id in ids:
        transaction.on_commit(lambda letter_id=letter_id: queue_rendering(letter_id))
    retry_emails(email_ids=_failed_emails_carrying(ids))
    return len(ids)


def _failed_emails_carrying(letter_ids: list[int]) -> list[int]:
    # Failed e-mails are few (staff see each); their attachments are read here rather than queried,
    # as SQLite cannot look inside a JSON list.
    wanted = set(letter_ids)
    failed = OutboundEmail.objects.filter(status=OutboundEmail.Status.FAILED)
    return [
        email.pk
        for email in failed.only("pk", "attachments")
        if any(item["kind"] == LETTER and item["object_id"] in wanted for item in email.attachments)
    ]


def letters_zip(cycle):
    """A cycle's stored letters in one ZIP (a temporary file, read from its start), named by number."""
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - the response that streams it closes it
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        for letter in Letter.objects.filter(cycle=cycle).exclude(file="").order_by("number", "language"):
            with letter.file.open("rb") as stored:
                out.writestr(letter.filename(), stored.read())
    archive.seek(0)
    return archive


def letter_attachment(letter: Letter) -> DocumentAttachment:
    return DocumentAttachment(kind=LETTER, object_id=letter.pk, filename=letter.filename())


@attachment_renderer(LETTER)
def _render_attachment(letter_id: int, language: str) -> bytes:
    # A letter has its own language, the one of the e-mail that carries it.
    return letter_bytes(letter_id)
