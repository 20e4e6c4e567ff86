"""Attachment pages end to end: the list, uploads streamed in little memory, downloads (also as
signed links to object storage), and 404 for everyone outside the organisation."""

import hashlib
import re
import sys
import tracemalloc
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from submissions.models import Attachment
from submissions.uploads import MaxSizeUploadHandler
from tests.core import test_storage_s3
from tests.factories import ApplicationFactory, MembershipFactory

from .helpers import THAI_NAME, MiB, add, delete_url, download_url, list_url, stored_files, too_large, upload
from .test_filetypes import docx_bytes, minimal_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english_messages", "media")]

BOUNDARY = "AttachmentTestBoundary7MA4YWxkTrZu0gW"
# Django's multipart parser hands upload handlers chunks of at most this many bytes.
PARSER_CHUNK = 64 * 1024


@pytest.fixture
def other_organisation(other_applicant):
    return MembershipFactory(user=other_applicant, organisation__name="เทศบาลเมืองอื่น").organisation


# Helpers


def sparse_upload_body(path: Path, *, filename: str, head: bytes, size: int, csrf_token: str = "") -> Path:
    """A multipart body, as a browser sends the upload form: the CSRF token first, then one file of
    `size` bytes (`head`, then zeros) written sparsely to disk."""
    token = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{csrf_token}\r\n'
    preamble = (
        f'{token}--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    with path.open("wb") as body:
        body.write(preamble + head)
        body.truncate(len(preamble) + size)
        body.seek(0, 2)
        body.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path


def csrf_token_from_form(client, url: str) -> str:
    """Check CSRF from here on, as in production, and return the token the upload form carries."""
    client.handler.enforce_csrf_checks = True
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post_streamed(client, url: str, body_path: Path):
    """POST a body straight from disk, as a browser streams it (the test client would load it all
    into memory first, hiding what the server holds)."""
    cookies = "; ".join(f"{morsel.key}={morsel.coded_value}" for morsel in client.cookies.values())
    with body_path.open("rb") as body:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": url,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_COOKIE": cookies,
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(body_path.stat().st_size),
            "wsgi.input": body,
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        return client.handler(environ)


def post_measuring_memory(client, url: str, body_path: Path):
    tracemalloc.start()
    try:
        response = post_streamed(client, url, body_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return response, peak


# Uploading


def test_upload_success_message_names_the_file(login_as, applicant, application):
    response = upload(login_as(applicant), application, THAI_NAME, minimal_pdf(), follow=True)

    assert [str(message) for message in response.context["messages"]] == [f"“{THAI_NAME}” was added."]


def test_upload_reads_its_application_and_uploader_once_each_not_again_to_validate_the_row(
    login_as, applicant, application
):
    client = login_as(applicant)
    upload(client, application, "first.pdf", minimal_pdf())

    with CaptureQueriesContext(connection) as queries:
        response = upload(client, application, "second.pdf", minimal_pdf())

    assert response.status_code == 302 and application.attachments.count() == 2
    sql = [query["sql"] for query in queries.captured_queries]
    assert [line for line in sql if line.startswith('SELECT 1 AS "a" FROM "accounts_user"')] == []
    assert [line for line in sql if line.startswith('SELECT 1 AS "a" FROM "submissions_application"')] == []
    assert len(sql) <= 14


@pytest.mark.parametrize("ticked", [True, False])
def test_upload_marks_a_file_that_shows_who_applied_when_the_box_is_ticked(login_as, applicant, application, ticked):
    client = login_as(applicant)
    data = {"file": SimpleUploadedFile("หนังสือนำส่ง.pdf", minimal_pdf())} | ({"identifying": "on"} if ticked else {})

    client.post(list_url(application), data)
    html = client.get(list_url(application)).content.decode()

    assert Attachment.objects.get(application=application).identifying is ticked
    assert ('data-testid="identifying">kept from judges in a blind round</span>' in html) is ticked


def test_upload_refusal_names_the_file(login_as, applicant, application):
    response = upload(login_as(applicant), application, "งบประมาณ.exe", b"MZ\x90\x00 not a document")

    errors = response.context["form"].errors["file"]
    assert errors == [
        "“งบประมาณ.exe” was not added: This file is not a PDF, JPEG, PNG, Word, Excel or PowerPoint file. "
        "Save it in one of those formats and upload it again."
    ]
    assert application.attachments.count() == 0


# Size limit and memory


def test_upload_21_mb_file_stopped_early_with_size_message(login_as, applicant, application, media, tmp_path):
    client = login_as(applicant)
    token = csrf_token_from_form(client, list_url(application))
    body = sparse_upload_body(
        tmp_path / "body", filename="ใหญ่.pdf", head=b"%PDF-1.7\n", size=21 * MiB, csrf_token=token
    )

    response, peak = post_measuring_memory(client, list_url(application), body)

    limit_handler = response.wsgi_request.upload_handlers[0]
    assert response.status_code == 200
    # The file never reached request.FILES, yet the refusal names it.
    assert escape(f"“ใหญ่.pdf” was not added: {too_large('21')}") in response.content.decode()
    assert isinstance(limit_handler, MaxSizeUploadHandler) and limit_handler.exceeded
    # It stopped in the chunk that crossed the limit, not at the end of the 21 MB.
    assert 20 * MiB < limit_handler.received <= 20 * MiB + PARSER_CHUNK
    assert peak < 5 * MiB
    assert (Attachment.objects.count(), stored_files(media)) == (0, [])
    assert list((tmp_path / "uploads").iterdir()) == []


def test_upload_exactly_20_mb_accepted(login_as, applicant, application, tmp_path):
    body = sparse_upload_body(tmp_path / "body", filename="พอดี.pdf", head=b"%PDF-1.7\n", size=20 * MiB)

    response = post_streamed(login_as(applicant), list_url(application), body)

    assert response.status_code == 302
    assert Attachment.objects.get().size == 20 * MiB


def test_upload_15_mb_file_streams_through_temporary_file_in_little_memory(
    login_as, applicant, application, media, tmp_path
):
    client = login_as(applicant)
    head = b"%PDF-1.7\n"
    # Reading the token also loads templates and modules, outside the measurement.
    token = csrf_token_from_form(client, list_url(application))
    body = sparse_upload_body(tmp_path / "body", filename="แผน.pdf", head=head, size=15 * MiB, csrf_token=token)

    response, peak = post_measuring_memory(client, list_url(application), body)

    attachment = Attachment.objects.get()
    assert response.status_code == 302
    assert peak < 5 * MiB
    assert (attachment.size, attachment.original_name) == (15 * MiB, "แผน.pdf")
    assert attachment.sha256 == hashlib.sha256(head + bytes(15 * MiB - len(head))).hexdigest()
    assert (media / attachment.file.name).stat().st_size == 15 * MiB


# Downloading


def test_download_returns_exact_bytes_with_headers(login_as, applicant, application):
    content = minimal_pdf()
    attachment = add(application, applicant, name=THAI_NAME, content=content)

    response = login_as(applicant).get(download_url(attachment))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(THAI_NAME)}"
    assert response["Content-Length"] == str(len(content))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_download_ascii_name_and_docx_type(login_as, applicant, application):
    attachment = add(application, applicant, name="plan.docx", content=docx_bytes())

    response = login_as(applicant).get(download_url(attachment))

    assert response["Content-Disposition"] == 'attachment; filename="plan.docx"'
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_download_after_submission_still_allowed(login_as, applicant, submitted):
    response = login_as(applicant).get(download_url(submitted))

    assert b"".join(response.streaming_content) == minimal_pdf()


# Who may see what


@pytest.mark.parametrize(
    ("method", "url_of"),
    [
        ("get", "list"),
        ("post", "list"),
        ("get", "download"),
        ("post", "download"),
        ("get", "delete"),
        ("post", "delete"),
    ],
)
def test_other_organisation_gets_404_everywhere(
    login_as, applicant, other_applicant, other_organisation, application, method, url_of
):
    attachment = add(application, applicant)
    url = {"list": list_url(application), "download": download_url(attachment), "delete": delete_url(attachment)}[
        url_of
    ]
    data = {"file": SimpleUploadedFile("แทรก.pdf", minimal_pdf())} if method == "post" else None

    response = getattr(login_as(other_applicant), method)(url, data)

    assert response.status_code == 404
    assert Attachment.objects.count() == 1


def test_attachment_of_another_application_gets_404(login_as, applicant, organisation, application):
    mine = ApplicationFactory(organisation=organisation)
    attachment = add(application, applicant)

    response = login_as(applicant).get(f"{list_url(mine)}{attachment.pk}/")

    assert response.status_code == 404


def test_user_without_organisation_gets_404(login_as, applicant, outsider, application):
    attachment = add(application, applicant)
    client = login_as(outsider)

    assert (client.get(list_url(application)).status_code, client.get(download_url(attachment)).status_code) == (
        404,
        404,
    )


@pytest.mark.parametrize("url_of", ["list", "download", "delete"])
def test_logged_out_redirected_to_login(client, applicant, application, url_of):
    attachment = add(application, applicant)
    url = {"list": list_url, "download": download_url, "delete": delete_url}[url_of](
        attachment if url_of != "list" else application, prefix=""
    )

    response = client.post(url) if url_of == "delete" else client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert Attachment.objects.count() == 1


# The list page


def table_rows(html: str) -> list[list[str]]:
    """The text of each cell of each attachment row, tags removed."""
    rows = re.findall(r'<tr data-testid="attachment-row">(.*?)</tr>', html, re.S)
    return [
        [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def test_list_shows_name_kind_size_uploader_and_buddhist_date(login_as, applicant, application):
    attachment = add(application, applicant, name=THAI_NAME, content=minimal_pdf() + bytes(2048))
    uploaded = datetime(2026, 2, 14, 9, 30, tzinfo=ZoneInfo("Asia/Bangkok"))
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=uploaded)

    response = login_as(applicant).get(list_url(application, prefix=""))

    html = response.content.decode()
    assert table_rows(html) == [[THAI_NAME, "PDF", "2.3 KB", "สมชาย ใจดี", "14 ก.พ. 2569", f"ลบ {THAI_NAME}"]]
    assert f'href="{download_url(attachment, prefix="")}"' in html
    assert 'accept=".pdf,.jpg,.png,.docx,.xlsx,.pptx,.jpeg,application/pdf,image/jpeg,image/png,' in html


def test_list_hides_form_when_ten_files(login_as, applicant, application):
    for number in range(10):
        add(application, applicant, name=f"ไฟล์ {number}.pdf")

    html = login_as(applicant).get(list_url(application)).content.decode()

    assert 'data-testid="upload-form"' not in html
    assert "This application has 10 files, the most it can have: delete one to add another." in html


def test_list_query_count_does_not_grow_with_attachments(login_as, applicant, organisation):
    one, three = ApplicationFactory(organisation=organisation), ApplicationFactory(organisation=organisation)
    add(one, applicant)
    for _ in range(3):
        add(three, applicant)
    client = login_as(applicant)
    client.get(list_url(one))

    with CaptureQueriesContext(connection) as first:
        client.get(list_url(one))
    with CaptureQueriesContext(connection) as second:
        response = client.get(list_url(three))

    assert response.content.decode().count('data-testid="attachment-row"') == 3
    assert len(first) == len(second)


# Object storage: the download is a short signed link straight to the store


s3_server = test_storage_s3.s3_server


@pytest.fixture
def s3_storage(settings, media, s3_server):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": test_storage_s3.BUCKET,
                "endpoint_url": s3_server["endpoint"],
                "region_name": "us-east-1",
                "addressing_style": "path",
                "signature_version": "s3v4",
                "access_key": test_storage_s3.ACCESS_KEY,
                "secret_key": test_storage_s3.SECRET_KEY,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    return s3_server


def test_download_from_s3_redirects_to_signed_link_valid_60_seconds(login_as, applicant, application, s3_storage):
    content = minimal_pdf()
    client = login_as(applicant)
    upload(client, application, THAI_NAME, content)
    attachment = Attachment.objects.get()

    response = client.get(download_url(attachment))

    location = response["Location"]
    assert response.status_code == 302
    assert (s3_storage["folder"] / attachment.file.name).read_bytes() == content
    assert "X-Amz-Expires=60&" in location and "X-Amz-Signature=" in location
    disposition = f"attachment; filename*=utf-8''{quote(THAI_NAME)}"
    assert f"response-content-disposition={quote(disposition, safe='-_.~')}&" in location
    assert "response-content-type=application%2Fpdf" in location
    with urllib.request.urlopen(location, timeout=5) as signed:
        assert signed.read() == content
        assert (signed.headers["Content-Disposition"], signed.headers["Content-Type"]) == (
            disposition,
            "application/pdf",
        )
    # The expiry is signed: a link stretched to 100 minutes is refused.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(location.replace("X-Amz-Expires=60&", "X-Amz-Expires=6000&"), timeout=5)
    assert refused.value.code == 403
