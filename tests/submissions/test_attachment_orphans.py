"""Files and rows stay together: a file is deleted only once its row's deletion commits, and the
weekly sweep reports (never deletes) stored files that no row names."""

import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import AuditEvent
from submissions.models import Attachment
from submissions.services.attachments import delete_attachment
from submissions.tasks import report_orphaned_attachment_files

from .helpers import add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


class RolledBack(Exception):
    pass


def _stray(name: str, *, age_seconds: int) -> str:
    stored = default_storage.save(name, ContentFile(b"%PDF-1.4 stray"))
    then = time.time() - age_seconds
    os.utime(default_storage.path(stored), (then, then))
    return stored


def test_deletion_rolled_back_keeps_the_file(applicant, application, django_capture_on_commit_callbacks):
    attachment = add(application, applicant)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RolledBack), transaction.atomic():
        delete_attachment(attachment=attachment, by=applicant)
        raise RolledBack

    assert Attachment.objects.count() == 1
    assert default_storage.exists(attachment.file.name)


def test_weekly_sweep_reports_files_without_rows_and_deletes_none(applicant, application, caplog):
    kept = add(application, applicant)
    old = _stray(f"attachments/{application.cycle_id}/{application.pk}/left-behind.pdf", age_seconds=7200)
    # A file stored a moment ago may belong to an upload still writing its row.
    fresh = _stray(f"attachments/{application.cycle_id}/{application.pk}/uploading.pdf", age_seconds=60)

    found = report_orphaned_attachment_files.delay().get()

    assert found == 1
    assert [default_storage.exists(name) for name in (kept.file.name, old, fresh)] == [True, True, True]
    event = AuditEvent.objects.get(action="attachments.orphaned_files")
    assert event.detail == {"count": 1, "files": [old]}
    assert [r.getMessage() for r in caplog.records if r.name == "submissions.services.attachments"] == [
        f"1 attachment files have no row (not deleted): {old}"
    ]


def test_weekly_sweep_with_nothing_stored_reports_nothing():
    assert report_orphaned_attachment_files.delay().get() == 0
    assert AuditEvent.objects.filter(action="attachments.orphaned_files").count() == 0
