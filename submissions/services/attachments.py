"""Writes to attachments: add (checked by content, stored under a random name) and delete.

Replacing a file is a delete followed by an add. Every refusal is a ValidationError whose `code` is
the refusal's name and whose message says, in the person's language, what happened and what to do.
"""

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import record_event
from accounts.models import User
from awards.models import Field
from core.storage import storage_errors

from ..answers import applicable, stored_values
from ..enums import ApplicationStatus
from ..filetypes import FileKind, MiB, RejectedFile, Rejection, detect, display_name, safe_storage_name
from ..models import Application, Attachment
from ..rules import can_edit_application

HASH_CHUNK_BYTES = 1 * MiB
logger = logging.getLogger(__name__)

MESSAGES = {
    Rejection.EMPTY: _("The file is empty. Choose the file again and upload it."),
    Rejection.UNKNOWN_TYPE: _(
        "This file is not a PDF, JPEG, PNG, Word, Excel or PowerPoint file. "
        "Save it in one of those formats and upload it again."
    ),
    Rejection.MACRO_ENABLED: _("Files with macros are not accepted: save it as .docx/.xlsx/.pptx without macros."),
    Rejection.ZIP_BOMB: _(
        "This file unpacks to far more data than a document holds. "
        "Open it, save it again as a new copy and upload that copy."
    ),
    Rejection.ENCRYPTED_OR_BROKEN: _(
        "This file is damaged or protected by a password. Remove the password (or save a new copy) and upload it again."
    ),
    "too_large": _(
        "The file is %(size)s MB; the limit is %(limit)s MB. "
        "Make it smaller (for example, compress the pictures or split it in two) and upload it again."
    ),
    "too_many": _("An application can have at most %(count)s files: delete one before adding another."),
    "too_many_for_question": _(
        "This question takes at most %(count)s files: remove one of them before adding another."
    ),
    "wrong_kind": _(
        "This question accepts only %(kinds)s files, and this file is a %(kind)s file. "
        "Save it in one of those formats and upload it again."
    ),
    "not_a_file_question": _("This question does not take files, or is not asked of this application."),
    "submitted": _("This application has been submitted: its files can no longer be added or deleted."),
    "closed": _("The deadline has passed: files can no longer be added or deleted."),
    "not_a_picture": _("The cover image must be a JPEG or PNG picture. Save it in one of those formats and try again."),
    "picture_too_large": _("The cover image is %(size)s MB; the limit is %(limit)s MB. Use a smaller picture."),
    "storage_unavailable": _("The file could not be stored. Please try again in a moment."),
}
# The refusal's code when the file storage failed (not the file): the view answers 503.
STORAGE_UNAVAILABLE = "storage_unavailable"
COVER_MAX_BYTES = 5 * MiB
PICTURE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG})
# How a kind of file is named in messages and hints.
KIND_NAMES = {
    FileKind.PDF: "PDF",
    FileKind.JPEG: "JPEG",
    FileKind.PNG: "PNG",
    FileKind.DOCX: "Word (.docx)",
    FileKind.XLSX: "Excel (.xlsx)",
    FileKind.PPTX: "PowerPoint (.pptx)",
}


# Refusals of the file itself (its type, content or size), as opposed to the application's state
# (deadline, submitted, ten files) or the storage: those name the file.
REFUSALS_OF_THE_FILE = frozenset({*Rejection, "too_large", "not_a_picture", "picture_too_large", "wrong_kind"})


def named_refusal(name: str, error: ValidationError) -> ValidationError:
    """The refusal of the file called ``name``, naming it ("“plan.pdf” was not added: …"): with
    several files to upload, "this file" alone does not say which one to fix. Also for a file the
    upload handler stopped before it reached request.FILES (its name is all that is left of it)."""
    if not name or getattr(error, "code", None) not in REFUSALS_OF_THE_FILE:
        return error
    reason = " ".join(error.messages)
    message = _("“%(name)s” was not added: %(reason)s") % {"name": name, "reason": reason}
    return ValidationError(message, code=error.code)


def kinds_text(kinds) -> str:
    """The kinds of file a question accepts, for its hint and its refusals: "JPEG, PNG"."""
    return ", ".join(KIND_NAMES.get(FileKind(kind), kind) for kind in kinds)


def question_size_limit(field) -> int:
    """The size limit of one file for a file question (its own, never above the site's)."""
    limit = settings.ATTACHMENT_MAX_BYTES
    return min(field.max_file_mb * MiB, limit) if field is not None and field.max_file_mb else limit


def megabytes(size: int) -> str:
    """A size in MB for messages, to a tenth: "21", "20.5"."""
    tenths = round(size * 10 / MiB)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def file_too_large(size: int, limit: int | None = None) -> ValidationError:
    """The refusal for a file over ``limit`` (by default ATTACHMENT_MAX_BYTES; also used when the
    upload handler stopped early)."""
    limit = limit or settings.ATTACHMENT_MAX_BYTES
    # Never rounded down to the limit itself: "20.1 MB", not "20 MB; the limit is 20 MB".
    shown = max(size, limit + MiB // 10)
    return ValidationError(
        MESSAGES["too_large"], code="too_large", params={"size": megabytes(shown), "limit": megabytes(limit)}
    )


def add_attachment(
    *,
    application: Application,
    uploaded_file: UploadedFile,
    by: User,
    field: Field | None = None,
    identifying: bool = False,
) -> Attachment:
    """Check and store one uploaded file; the file is read in chunks, never whole into memory.

    ``field`` is the file question it answers (None: a general attachment of the application); the
    question's kinds of file (recognised by content, as every file), size limit and number of files
    apply to it. ``identifying``: a general attachment that shows who applied, withheld from judges
    in a blind round (a question's files follow their question's mark instead)."""
    _refuse_unless_room(application, by, field)
    limit = question_size_limit(field)
    if uploaded_file.size > limit:
        raise file_too_large(uploaded_file.size, limit)
    kind = _kind_of(uploaded_file)
    if field is not None and field.file_kinds and kind not in field.file_kinds:
        raise ValidationError(
            MESSAGES["wrong_kind"],
            code="wrong_kind",
            params={"kinds": kinds_text(field.file_kinds), "kind": KIND_NAMES[kind]},
        )
    size, sha256 = _measure(uploaded_file)
    attachment = Attachment(
        application=application,
        field=field,
        identifying=identifying and field is None,
        original_name=display_name(uploaded_file.name or "", kind),
        kind=kind.value,
        size=size,
        sha256=sha256,
        uploaded_by=by,
    )
    # The file goes to storage before the transaction, so no database lock is held during a slow
    # upload to object storage; if the row cannot be written, the stored file is removed again.
    _store(attachment.file, safe_storage_name(uploaded_file.name or "", kind), uploaded_file)
    try:
        _save_row(attachment, by)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


def set_cover_image(*, application: Application, uploaded_file: UploadedFile, by: User) -> Application:
    """The picture shown with the public summary if the project is shortlisted (replaces the old one)."""
    _refuse_unless_editable(application, by)
    if uploaded_file.size > COVER_MAX_BYTES:
        raise ValidationError(
            MESSAGES["picture_too_large"],
            code="picture_too_large",
            params={"size": megabytes(uploaded_file.size), "limit": megabytes(COVER_MAX_BYTES)},
        )
    kind = _kind_of(uploaded_file)
    if kind not in PICTURE_KINDS:
        raise ValidationError(MESSAGES["not_a_picture"], code="not_a_picture")
    old = application.cover_image.name
    _store(application.cover_image, safe_storage_name(uploaded_file.name or "", kind), uploaded_file)
    with transaction.atomic():
        Application.objects.filter(pk=application.pk).update(cover_image=application.cover_image.name)
        if old:
            storage = application.cover_image.storage
            transaction.on_commit(lambda: storage.delete(old))
    return application


def delete_attachment(*, attachment: Attachment, by: User) -> None:
    """Delete the row now and the stored file once the deletion is committed."""
    _refuse_unless_editable(attachment.application, by)
    storage, name = attachment.file.storage, attachment.file.name
    with transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: storage.delete(name))


def _store(field_file, name: str, uploaded_file: UploadedFile) -> None:
    """Put the file in storage; a storage that fails (object storage down or frozen past its
    timeouts, a full disk) is refused with a message asking to try again, never a server error."""
    try:
        field_file.save(name, File(uploaded_file), save=False)
    except storage_errors() as error:
        logger.warning("a file could not be stored (%s)", type(error).__name__)
        raise ValidationError(MESSAGES[STORAGE_UNAVAILABLE], code=STORAGE_UNAVAILABLE) from error


def _save_row(attachment: Attachment, by: User) -> None:
    with transaction.atomic():
        # Checked again on the locked row: two simultaneous uploads count each other, and a
        # submission that happened meanwhile is seen.
        locked = (
            Application.objects.select_for_update(of=("self",))
            .select_related("cycle", "organisation")
            .get(pk=attachment.application_id)
        )
        _refuse_unless_room(locked, by, attachment.field)
        # The application is the row just locked, its question was checked with it and the uploader
        # is the person asking: validating that they exist would read each again (the database's
        # foreign keys still hold).
        attachment.full_clean(exclude=["application", "field", "uploaded_by"])
        attachment.save()


def _refuse_unless_room(application: Application, by: User, field: Field | None = None) -> None:
    _refuse_unless_editable(application, by)
    if field is not None:
        _refuse_unless_asked(application, field)
        if field.max_rows and application.attachments.filter(field=field).count() >= field.max_rows:
            raise ValidationError(
                MESSAGES["too_many_for_question"], code="too_many_for_question", params={"count": field.max_rows}
            )
        return
    # The files of file questions are limited by their question, not by the general limit.
    limit = settings.ATTACHMENT_MAX_COUNT
    if application.attachments.filter(field__isnull=True).count() >= limit:
        raise ValidationError(MESSAGES["too_many"], code="too_many", params={"count": limit})


def _refuse_unless_asked(application: Application, field: Field) -> None:
    asked = field.is_file and field.cycle_id == application.cycle_id and not field.retired
    if asked:
        asked = field in applicable(application, [field], stored_values(application))
    if not asked:
        raise ValidationError(MESSAGES["not_a_file_question"], code="not_a_file_question")


def _refuse_unless_editable(application: Application, by: User) -> None:
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(MESSAGES["submitted"], code="submitted")
    if not can_edit_application(by, application):
        raise ValidationError(MESSAGES["closed"], code="closed")


def _kind_of(uploaded_file: UploadedFile) -> FileKind:
    try:
        return detect(uploaded_file, size=uploaded_file.size)
    except RejectedFile as refusal:
        raise ValidationError(MESSAGES[refusal.code], code=str(refusal.code), params=refusal.message_params) from None


def _measure(uploaded_file: UploadedFile) -> tuple[int, str]:
    """The real byte count and SHA-256, read in chunks."""
    digest, size = hashlib.sha256(), 0
    for chunk in uploaded_file.chunks(HASH_CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    return size, digest.hexdigest()


# A file younger than this may belong to an upload still writing its row (the file is stored first).
ORPHAN_GRACE = timedelta(hours=1)
ATTACHMENTS_FOLDER = "attachments"


def report_orphaned_files() -> list[str]:
    """Stored attachment files that no row names (the weekly sweep, config/celery.py): logged as a
    warning with their count and recorded in the audit log for staff, never deleted automatically,
    since a file without a row may still be what someone needs to recover. Files are deleted after
    their row's deletion commits (``delete_attachment``), so these come from a process that died in
    between, or from a restored backup."""
    storage = Attachment._meta.get_field("file").storage
    known = set(Attachment.objects.values_list("file", flat=True))
    cutoff = timezone.now() - ORPHAN_GRACE
    orphans = [
        name
        for name in _stored_names(storage, ATTACHMENTS_FOLDER)
        if name not in known and storage.get_modified_time(name) < cutoff
    ]
    if orphans:
        logger.warning("%s attachment files have no row (not deleted): %s", len(orphans), ", ".join(orphans[:20]))
        record_event(
            actor=None, action="attachments.orphaned_files", detail={"count": len(orphans), "files": orphans[:100]}
        )
    return orphans


def _stored_names(storage, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += _stored_names(storage, f"{folder}/{sub}")
    return names
