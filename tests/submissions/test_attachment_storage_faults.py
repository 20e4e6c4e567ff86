"""An upload that meets a failing storage gets a form error asking to try again, with status 503 and
no row or stray file, within seconds: a refusing disk (a stand-in) and a frozen S3 server (real)."""

import os
import signal
import time

import pytest
from botocore.config import Config
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage

from submissions.models import Attachment
from tests.core import test_storage_s3

from .helpers import THAI_NAME, list_url, stored_files, upload
from .test_filetypes import minimal_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages", "media")]

STORAGE_FAILED = "The file could not be stored. Please try again in a moment."
s3_server = test_storage_s3.s3_server


class RefusingStorage(FileSystemStorage):
    """A stand-in for a remote store that refuses: every save fails as a dropped connection would."""

    def _save(self, name, content):
        raise ConnectionResetError("connection reset by peer")


def field_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def test_upload_to_refusing_storage_is_a_form_error_with_503(login_as, applicant, application, settings, media):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.submissions.test_attachment_storage_faults.RefusingStorage",
            "OPTIONS": {"location": media},
        },
    }

    response = upload(login_as(applicant), application, THAI_NAME, minimal_pdf())

    assert response.status_code == 503
    assert field_errors(response) == [STORAGE_FAILED]
    assert 'data-testid="upload-form"' in response.content.decode()
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_upload_to_refusing_storage_answers_in_thai(login_as, applicant, application, settings, media):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.submissions.test_attachment_storage_faults.RefusingStorage",
            "OPTIONS": {"location": media},
        },
    }

    response = upload(login_as(applicant), application, THAI_NAME, minimal_pdf(), prefix="")

    assert response.status_code == 503
    assert field_errors(response) == ["จัดเก็บไฟล์ไม่สำเร็จ กรุณาลองใหม่อีกครั้งในอีกสักครู่"]


def test_upload_while_s3_is_frozen_answers_503_within_10_seconds(login_as, applicant, application, settings, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": test_storage_s3.BUCKET,
                "endpoint_url": s3_server["endpoint"],
                "region_name": "us-east-1",
                "access_key": test_storage_s3.ACCESS_KEY,
                "secret_key": test_storage_s3.SECRET_KEY,
                "default_acl": "private",
                "file_overwrite": False,
                # The timeouts production uses (config/settings.py).
                "client_config": Config(
                    s3={"addressing_style": "path"}, signature_version="s3v4", **django_settings.S3_CLIENT_TIMEOUTS
                ),
            },
        },
    }
    client = login_as(applicant)
    os.kill(s3_server["process"].pid, signal.SIGSTOP)

    started = time.monotonic()
    response = upload(client, application, THAI_NAME, minimal_pdf())
    elapsed = time.monotonic() - started

    assert elapsed < 10
    assert response.status_code == 503
    assert field_errors(response) == [STORAGE_FAILED]
    assert Attachment.objects.count() == 0
    assert list(s3_server["folder"].rglob("*.pdf")) == []
    assert list_url(application) == response.request["PATH_INFO"]
