"""What the attachment and organisation tests share: their wording, URLs, uploads and a profile."""

from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from submissions.enums import OrganisationKind
from submissions.models import Attachment
from submissions.services.attachments import add_attachment

from .test_filetypes import minimal_pdf

# Attachments

MiB = 1024 * 1024
THAI_NAME = "แผนงานโครงการเมืองอัจฉริยะ.pdf"


def too_large(size_mb: str) -> str:
    return (
        f"The file is {size_mb} MB; the limit is 20 MB. "
        "Make it smaller (for example, compress the pictures or split it in two) and upload it again."
    )


def list_url(application, prefix="/en"):
    return f"{prefix}/my/applications/{application.pk}/attachments/"


def download_url(attachment, prefix="/en"):
    return f"{list_url(attachment.application, prefix)}{attachment.pk}/"


def delete_url(attachment, prefix="/en"):
    return f"{download_url(attachment, prefix)}delete/"


def upload(client, application, name, content, prefix="/en", **kwargs):
    return client.post(list_url(application, prefix), {"file": SimpleUploadedFile(name, content)}, **kwargs)


def add(application, by, name="แผนงาน.pdf", content=None) -> Attachment:
    return add_attachment(
        application=application, uploaded_file=SimpleUploadedFile(name, content or minimal_pdf()), by=by
    )


def stored_files(media: Path) -> list[Path]:
    return sorted(path for path in media.rglob("*") if path.is_file())


# Organisations

PROFILE = {
    "name": "เทศบาลนครขอนแก่น",
    "name_en": "Khon Kaen City Municipality",
    "kind": OrganisationKind.CITY_MUNICIPALITY,
    "address": "1 ถนนประชาสโมสร",
    "contact_name": "สมชาย ใจดี",
    "contact_phone": "043 221 234",
}
