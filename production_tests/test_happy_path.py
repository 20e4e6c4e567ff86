"""The platform as depa runs it, on the happy path: gunicorn (gthread) behind the TLS proxy, two
prefork worker processes and beat, PostgreSQL, the machine's Redis (a database of the suite's own),
object storage through rclone, the SMTP sink. Each test goes over HTTP as a person would.

The module's platform starts once; the tests run in file order, /healthz last, since it waits for
beat's first sweep (at the turn of a minute) and a worker's run of it."""

import re
import time
import uuid

import pytest

from .conftest import (
    MACHINE_REDIS_URL,
    admin_action,
    record_figure,
    staff_browser,
    wait_for_documents,
    whole_cycle_prize,
)
from .deployment import Stack, flush_machine_redis
from .journeys import (
    PDF_BYTES,
    assert_code_page,
    code_from,
    enter_code,
    first_finalist,
    pdf_text,
    request_code,
    vote,
    votes_for,
)
from .mailbox import pdf_attachments, text_of
from .web import Browser, plain

REFERENCE = re.compile(r"SCSA\d{4}-[A-Z]{3}-\d{3}")
CONFIRMATION_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)")
PASSWORD = "a-long-Thai-passphrase-2565"
# What the applicant types for the live form's questions by key (demo/forms.py); every other long
# answer (answer_1 … answer_12, the summary) gets the section's text.
ANSWERS = {
    "started_on": "01/03/2565",
    "area_served": "เขตเทศบาลเมืองทดสอบ",
    "population_served": "25000",
    "service_kind": "app",
}
LONG = re.compile(r"answer_\d+|summary")


@pytest.fixture(scope="module")
def stack(database, work, mailbox, s3_root):
    flush_machine_redis()
    stack = Stack(
        "happy",
        work=work,
        redis_url=MACHINE_REDIS_URL,
        s3_root=s3_root,
        smtp_port=mailbox.port,
        static_root=database["static_root"],
    )
    try:
        started = time.monotonic()
        stack.start_storage()
        stack.start_web()
        stack.start_worker()
        stack.start_beat()
        record_figure(
            "happy-path platform start (rclone, gunicorn, worker, beat)", f"{time.monotonic() - started:.1f} s"
        )
        yield stack
    finally:
        stack.stop()
        flush_machine_redis()


def test_seed_demo_runs_under_production_settings(stack, database):
    # Assert: the run of seed_demo that loaded this database (the database fixture) and its pages.
    assert "Demo data is in place." in database["seed_demo"], database["seed_demo"]
    browser = Browser(stack.web_port)
    for path in ("/", "/2022/", "/vote/demo-vote/"):
        assert browser.get(path).status == 200, path


def test_applicant_signs_up_submits_and_receives_the_receipt_pdf(stack, mailbox, sql):
    # Arrange
    browser = Browser(stack.web_port)
    email = f"applicant-{uuid.uuid4().hex[:8]}@example.org"

    # Act: sign up and open the link of the verification e-mail.
    page = browser.get("/accounts/signup/")
    values = {"full_name": "วนิดา ทดสอบ", "email": email, "password1": PASSWORD, "password2": PASSWORD}
    browser.submit(page.form(action="/accounts/signup/"), {**values, "consent": True})
    link = CONFIRMATION_LINK.search(text_of(mailbox.wait_for(email)[0])).group(1)
    page = browser.get(link)
    browser.submit(page.form(action="/accounts/confirm-email/"))

    # Act: the organisation, a new application in the live edition, and every section of its form.
    page = browser.get("/my/organisation/")
    form = page.form(test_id="organisation-form")
    organisation = {
        "name": "เทศบาลเมืองทดสอบระบบ",
        "kind": "town_municipality",
        "province": form.choice("province", "เชียงใหม่"),
        "address": "99 ถนนช้างคลาน ตำบลช้างคลาน อำเภอเมือง จังหวัดเชียงใหม่ 50100",
        "contact_name": "วนิดา ทดสอบ",
        "contact_phone": "053 000 000",
    }
    assert browser.submit(form, organisation).status == 200
    page = browser.get("/my/start/demo/")
    form = page.form(field="title_th")
    page = browser.submit(form, {"category": form.choice("category"), "title_th": "ระบบเตือนภัยน้ำท่วมชุมชน"})
    overview = re.fullmatch(r"/my/applications/\d+/", page.url).group(0)
    number = 1
    while True:
        # Each section of the live form: its questions by key (demo/forms.py), every long answer written.
        page = browser.get(f"{overview}sections/{number}/")
        form = page.form(id="answer-form")
        text = f"คำตอบหัวข้อที่ {number}: ชุมชนได้รับการแจ้งเตือนล่วงหน้าก่อนน้ำท่วมสามชั่วโมง"
        answers = {name: ANSWERS.get(name, text) for name in form.names if name in ANSWERS or LONG.fullmatch(name)}
        page = browser.submit(form, answers, button="save_next")
        if page.url != f"{overview}sections/{number + 1}/":
            break
        number += 1

    # Act: the attachment, then submit.
    page = browser.get(f"{overview}attachments/")
    upload = {"file": ("project-summary.pdf", PDF_BYTES, "application/pdf")}
    page = browser.submit(page.form(test_id="upload-form"), files=upload)
    assert page.status == 200 and "project-summary.pdf" in page.text, page.status
    page = browser.get(overview)
    page = browser.submit(page.form(action=f"{overview}submit/"))

    # Assert: the reference on the page, and the receipt with its PDF through the mail server.
    assert number >= 10, f"only {number} sections"
    reference = REFERENCE.search(page.text).group(0)
    receipt = mailbox.wait_for(email, count=2, timeout=90)[1]
    assert reference in receipt["Subject"]
    # Two PDFs: the receipt, and the acknowledgement as an official letter (documents/letters.py).
    attachments = pdf_attachments(receipt)
    assert len(attachments) == 2 and all(filename.endswith(".pdf") for filename, _content in attachments)
    texts = [pdf_text(content) for _filename, content in attachments]
    assert any(reference in text for text in texts)
    assert any("ขอแสดงความนับถือ" in text for text in texts)
    assert sql("SELECT status FROM submissions_application WHERE reference = %s", reference) == [("submitted",)]


def test_staff_generate_and_download_a_certificate_and_a_score_sheet(stack, sql):
    # Arrange: a submitted application of the results edition and a submitted scorecard's assignment.
    staff = staff_browser(stack.web_port)
    [(application,)] = sql(
        "SELECT a.id FROM submissions_application a JOIN awards_cycle c ON c.id = a.cycle_id "
        "WHERE c.slug = 'demo-results' AND a.status = 'submitted' ORDER BY a.id LIMIT 1"
    )
    [(assignment, scored)] = sql(
        "SELECT j.id, a.reference FROM judging_assignment j JOIN judging_scorecard s ON s.assignment_id = j.id "
        "JOIN submissions_application a ON a.id = j.application_id WHERE s.status = 'submitted' ORDER BY j.id LIMIT 1"
    )

    # Act
    certificates = admin_action(
        staff,
        "/admin/documents/applicationfordocuments/",
        "certificates",
        [application],
        {"languages": ["th"], "prize": whole_cycle_prize(sql, "demo-results")},
    )
    sheets = admin_action(
        staff, "/admin/documents/assignmentforscoresheets/", "score_sheets", [assignment], {"languages": ["th"]}
    )
    [certificate] = wait_for_documents(staff, certificates, 1)
    [sheet] = wait_for_documents(staff, sheets, 1)
    certificate_pdf = staff.get(f"/documents/{certificate}/download/")
    sheet_pdf = staff.get(f"/documents/{sheet}/download/")

    # Assert: real PDFs, read back; the certificate's code opens its public verification page.
    [(code,)] = sql(
        "SELECT c.code FROM documents_certificate c JOIN documents_document d ON d.certificate_id = c.id "
        "WHERE d.id = %s",
        certificate,
    )
    assert certificate_pdf.status == 200 and certificate_pdf.headers["Content-Type"] == "application/pdf"
    assert f"/verify/{code}/" in pdf_text(certificate_pdf.body).replace("\n", "")
    assert Browser(stack.web_port).get(f"/verify/{code}/").status == 200
    assert sheet_pdf.status == 200 and sheet_pdf.headers["Content-Type"] == "application/pdf"
    assert scored in pdf_text(sheet_pdf.body)


def test_voter_verifies_by_code_and_votes(stack, mailbox, sql):
    # Arrange
    voter = Browser(stack.web_port)
    email = f"voter-{uuid.uuid4().hex[:8]}@example.org"
    finalist = first_finalist(voter)
    before = votes_for(sql, finalist)

    # Act
    assert_code_page(request_code(voter, email, finalist))
    page = enter_code(voter, code_from(mailbox, email), finalist)
    thanks = vote(voter, finalist, page=page)

    # Assert
    assert thanks.status == 200 and thanks.url == f"/vote/demo-vote/{finalist}/thanks/", thanks.url
    assert votes_for(sql, finalist) == before + 1


def test_health_reports_every_part_ok_and_answers_plain_http(stack):
    # Act: beat queues its first sweep at the turn of a minute and a worker runs it.
    deadline = time.monotonic() + 90
    while True:
        report = plain(stack.web_port, "/healthz")
        if report.json()["status"] == "ok" or time.monotonic() > deadline:
            break
        time.sleep(2)
    ready, live = plain(stack.web_port, "/healthz/ready"), plain(stack.web_port, "/healthz/live")
    home = plain(stack.web_port, "/")

    # Assert
    checks = report.json()["checks"]
    assert report.status == 200 and report.seconds < 3, (report.status, report.seconds)
    assert {name: check["status"] for name, check in checks.items()} == {
        "database": "ok",
        "cache": "ok",
        "broker": "ok",
        "storage": "ok",
        "workers": "ok",
        "beat": "ok",
    }, checks
    assert ready.status == 200 and live.status == 200
    # Only the health endpoints answer plain HTTP; the rest redirects to HTTPS.
    assert home.status == 301 and home.headers["Location"].startswith("https://"), home.status
