"""Attachment rules: what is accepted and refused, under which stored name and hash, within which
limits, and when files may still be added or deleted."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import StopUpload
from django.utils import timezone
from django.utils.html import escape

from submissions.models import Application, Attachment
from submissions.services.attachments import file_too_large, megabytes
from submissions.uploads import MaxSizeUploadHandler

from .helpers import THAI_NAME, MiB, add, delete_url, list_url, stored_files, too_large, upload
from .test_filetypes import DOCM_MAIN, docx_bytes, image_bytes, minimal_pdf, office_parts, zip_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages", "media")]

UNKNOWN_TYPE = (
    "This file is not a PDF, JPEG, PNG, Word, Excel or PowerPoint file. "
    "Save it in one of those formats and upload it again."
)
TOO_MANY = "An application can have at most 10 files: delete one before adding another."
SUBMITTED = "This application has been submitted: its files can no longer be added or deleted."
CLOSED = "The deadline has passed: files can no longer be added or deleted."


def field_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


# Uploading


def test_upload_pdf_stored_under_random_name_with_thai_display_name(login_as, applicant, application, media):
    content = minimal_pdf()

    response = upload(login_as(applicant), application, THAI_NAME, content)

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == list_url(application)
    assert attachment.original_name == THAI_NAME
    assert (attachment.kind, attachment.size, attachment.uploaded_by) == ("pdf", len(content), applicant)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    stored = Path(attachment.file.name)
    assert stored.parent == Path(f"attachments/{application.cycle_id}/{application.pk}")
    assert len(stored.stem) == 32 and stored.suffix == ".pdf"
    assert stored_files(media) == [media / stored]
    assert (media / stored).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "kind", "shown_as"),
    [
        ("ภาพ.png", image_bytes("PNG"), "png", "ภาพ.png"),
        ("เอกสาร.docx", docx_bytes(), "docx", "เอกสาร.docx"),
        ("photo.JPEG", image_bytes("JPEG"), "jpeg", "photo.jpg"),
    ],
)
def test_upload_other_kinds_accepted(login_as, applicant, application, name, content, kind, shown_as):
    upload(login_as(applicant), application, name, content)

    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.size, attachment.original_name) == (kind, len(content), shown_as)
    assert Path(attachment.file.name).suffix == Path(shown_as).suffix


def test_upload_html_named_pdf_refused_beside_field_and_in_summary(login_as, applicant, application, media):
    response = upload(login_as(applicant), application, "report.pdf", b"<!doctype html><script>alert(1)</script>")

    html = response.content.decode()
    assert response.status_code == 200
    refusal = f"“report.pdf” was not added: {UNKNOWN_TYPE}"
    assert field_errors(response) == [refusal]
    assert f'<p id="error_1_id_file"><strong>{escape(refusal)}</strong></p>' in html
    assert f'<li><a href="#id_file">File</a>: {escape(refusal)}</li>' in html
    assert Attachment.objects.count() == 0
    assert stored_files(media) == []


def test_upload_executable_renamed_docx_refused(login_as, applicant, application, media):
    response = upload(login_as(applicant), application, "setup.docx", b"MZ\x90\x00" + bytes(200))

    assert field_errors(response) == [f"“setup.docx” was not added: {UNKNOWN_TYPE}"]
    assert (Attachment.objects.count(), stored_files(media)) == (0, [])


def test_upload_macro_enabled_document_refused(login_as, applicant, application):
    docm = zip_bytes({**office_parts("word/document.xml", DOCM_MAIN), "word/vbaProject.bin": b"\x00" * 16})

    response = upload(login_as(applicant), application, "แบบฟอร์ม.docx", docm)

    assert field_errors(response) == [
        "“แบบฟอร์ม.docx” was not added: Files with macros are not accepted: save it as .docx/.xlsx/.pptx without macros."
    ]
    assert Attachment.objects.count() == 0


def test_upload_empty_file_refused(login_as, applicant, application):
    response = upload(login_as(applicant), application, "ว่าง.pdf", b"")

    assert field_errors(response) == ["The file is empty. Choose the file again and upload it."]


def test_upload_without_file_asks_for_one(login_as, applicant, application):
    response = login_as(applicant).post(list_url(application), {})

    assert field_errors(response) == ["Choose a file to upload."]


def test_upload_eleventh_file_refused(login_as, applicant, application):
    for number in range(10):
        add(application, applicant, name=f"ไฟล์ {number}.pdf")

    response = upload(login_as(applicant), application, "ไฟล์ที่ 11.pdf", minimal_pdf())

    assert field_errors(response) == [TOO_MANY]
    assert Attachment.objects.count() == 10


def test_upload_path_traversal_name_kept_inside_storage(login_as, applicant, application, media, tmp_path):
    response = upload(login_as(applicant), application, "../../etc/passwd.pdf", minimal_pdf())

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name and "passwd" not in attachment.file.name
    assert [path.parent for path in stored_files(media)] == [
        media / "attachments" / str(application.cycle_id) / str(application.pk)
    ]
    assert not (tmp_path / "etc").exists()


def test_add_attachment_folder_names_in_name_dropped_for_display(applicant, application):
    attachment = add(application, applicant, name="C:\\Users\\สมชาย\\..\\แผนงาน.PDF")

    assert attachment.original_name == "แผนงาน.pdf"


def test_upload_very_long_thai_name_truncated_for_display(login_as, applicant, application):
    upload(login_as(applicant), application, "โครงการ" * 40 + ".pdf", minimal_pdf())

    attachment = Attachment.objects.get()
    assert attachment.original_name == "โครงการ" * 20 + "โครงกา.pdf"
    assert len(attachment.original_name) == 150


# Size limit


def test_add_attachment_over_limit_refused_by_service(applicant, application):
    with pytest.raises(ValidationError, match="the limit is 20 MB") as refused:
        add(application, applicant, content=b"%PDF-1.4\n" + bytes(20 * MiB))

    assert refused.value.messages == [too_large("20.1")]
    assert refused.value.code == "too_large"


def test_max_size_upload_handler_stops_at_first_chunk_over_limit():
    handler = MaxSizeUploadHandler(max_bytes=100)
    handler.new_file("file", "แผน.pdf", "application/pdf", None)

    assert handler.receive_data_chunk(b"x" * 60, 0) == b"x" * 60
    assert handler.receive_data_chunk(b"x" * 40, 60) == b"x" * 40
    with pytest.raises(StopUpload) as stopped:
        handler.receive_data_chunk(b"x", 100)
    assert (stopped.value.connection_reset, handler.exceeded, handler.received) == (False, True, 101)


@pytest.mark.parametrize(
    ("size", "shown"), [(20 * MiB + 1, "20.1"), (21 * MiB + 300, "21"), (int(25.46 * MiB), "25.5"), (2**31, "2048")]
)
def test_file_too_large_message_rounds_to_a_tenth_above_the_limit(size, shown):
    assert file_too_large(size).messages == [too_large(shown)]


def test_megabytes_whole_number_without_decimals():
    assert (megabytes(20 * MiB), megabytes(MiB // 2)) == ("20", "0.5")


def test_settings_limits_are_the_call_limits():
    assert (20 * MiB, 10) == (django_settings.ATTACHMENT_MAX_BYTES, django_settings.ATTACHMENT_MAX_COUNT)


# Deleting


def test_delete_on_draft_removes_row_and_file_after_commit(
    login_as, applicant, application, media, django_capture_on_commit_callbacks
):
    attachment = add(application, applicant, name="เก่า.pdf")
    stored = media / attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(applicant).post(delete_url(attachment), follow=True)

    assert [str(message) for message in response.context["messages"]] == ["“เก่า.pdf” was deleted."]
    assert response.redirect_chain == [(list_url(application), 302)]
    assert Attachment.objects.count() == 0
    assert not stored.exists()


def test_delete_by_colleague_of_same_organisation_allowed(login_as, applicant, colleague, application):
    attachment = add(application, applicant)

    login_as(colleague).post(delete_url(attachment))

    assert Attachment.objects.count() == 0


def test_delete_get_not_allowed(login_as, applicant, application):
    attachment = add(application, applicant)

    response = login_as(applicant).get(delete_url(attachment))

    assert (response.status_code, response["Allow"]) == (405, "POST")
    assert Attachment.objects.count() == 1


def test_replace_is_delete_then_add(login_as, applicant, application):
    old = add(application, applicant, name="ฉบับแรก.pdf")
    client = login_as(applicant)

    client.post(delete_url(old))
    upload(client, application, "ฉบับแก้ไข.pdf", minimal_pdf())

    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["ฉบับแก้ไข.pdf"]


# After submission and after the deadline


@pytest.mark.parametrize(("case", "message"), [("submitted", SUBMITTED), ("late", CLOSED)])
def test_upload_refused_when_not_editable(request, login_as, applicant, case, message):
    attachment = request.getfixturevalue(case)

    response = upload(login_as(applicant), attachment.application, "เพิ่ม.pdf", minimal_pdf())

    html = response.content.decode()
    assert field_errors(response) == [message]
    assert escape(message) in html
    assert 'data-testid="upload-form"' not in html and "delete/" not in html
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(("case", "message"), [("submitted", SUBMITTED), ("late", CLOSED)])
def test_delete_refused_when_not_editable(request, login_as, applicant, media, case, message):
    attachment = request.getfixturevalue(case)

    response = login_as(applicant).post(delete_url(attachment), follow=True)

    assert [str(item) for item in response.context["messages"]] == [message]
    assert Attachment.objects.count() == 1
    assert (media / attachment.file.name).exists()


def test_upload_allowed_with_personal_extension_after_deadline(login_as, applicant, late):
    Application.objects.filter(pk=late.application_id).update(extended_until=timezone.now() + timedelta(days=1))

    response = upload(login_as(applicant), late.application, "ต่อเวลา.pdf", minimal_pdf())

    assert response.status_code == 302
    assert Attachment.objects.count() == 2
