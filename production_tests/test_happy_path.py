"""The platform as depa runs it, on the happy path: gunicorn (gthread) behind the TLS proxy, two
prefork worker processes and beat, PostgreSQL, the machine's Redis (a database of the suite's own),
object storage through rclone, the SMTP sink and an SMS provider's HTTP API. Each test goes over
HTTP as a person would.

The module's platform starts once; the tests run in file order, /healthz last, since it waits for
beat's first sweep (at the turn of a minute) and a worker's run of it."""

import html
import re
import secrets
import time
import uuid

import pytest

from .conftest import (
    DEMO_PASSWORD,
    MACHINE_REDIS_URL,
    admin_action,
    log_in,
    record_figure,
    staff_browser,
    wait_for_documents,
    whole_cycle_prize,
)
from .deployment import BUCKET, Stack, flush_machine_redis
from .journeys import (
    CODE,
    PDF_BYTES,
    assert_code_page,
    code_from,
    docx_bytes,
    enter_code,
    first_finalist,
    pdf_text,
    png_bytes,
    request_code,
    request_sms_code,
    thai,
    vote,
    votes_for,
)
from .mailbox import pdf_attachments, text_of
from .sms_provider import KEY, SECRET, SENDER
from .web import Browser, outside, plain

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
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The results edition's leading project, the first demo applicant's, with comments the chair released
# and one remark kept for the panel (demo/results.py).
FEEDBACK_TITLE = "ระบบจองคิวรถโดยสารสาธารณะล่วงหน้า"
RELEASED_COMMENT = "ผลงานโดดเด่น"
UNRELEASED_REMARK = "หมายเหตุสำหรับคณะกรรมการเท่านั้น"
# The results edition's 8 judged applications, each in Thai and English.
FEEDBACK_PDFS = 16


@pytest.fixture(scope="module")
def stack(database, work, mailbox, sms_provider, s3_root):
    flush_machine_redis()
    stack = Stack(
        "happy",
        work=work,
        redis_url=MACHINE_REDIS_URL,
        s3_root=s3_root,
        smtp_port=mailbox.port,
        static_root=database["static_root"],
        # SMS through a provider's HTTP API (README "Production"), here the provider in this process.
        **sms_provider.environment(),
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


def test_evidence_shows_a_pdf_and_a_picture_from_object_storage_and_downloads_other_kinds(stack, sql):
    # Arrange: the demo applicant's draft in the live edition, with a PDF, a picture and a Word file.
    applicant = Browser(stack.web_port)
    log_in(applicant, "applicant1@example.com", DEMO_PASSWORD)
    [(draft,)] = sql(
        "SELECT a.id FROM submissions_application a JOIN awards_cycle c ON c.id = a.cycle_id "
        "WHERE c.slug = 'demo' AND a.status = 'draft'"
    )
    word, picture = docx_bytes(), png_bytes()
    uploads = [
        ("site-survey.pdf", PDF_BYTES, "application/pdf"),
        ("site-plan.png", picture, "image/png"),
        ("budget-table.docx", word, DOCX),
    ]
    page = applicant.get(f"/my/applications/{draft}/attachments/")
    for name, content, kind in uploads:
        page = applicant.submit(page.form(test_id="upload-form"), files={"file": (name, content, kind)})
        assert page.status == 200 and name in page.text, (page.status, name)

    # Act: the evidence block of the preview, and its links followed to the object store's signed links.
    preview = applicant.get(f"/my/applications/{draft}/preview/")
    shown = html.unescape(preview.text)
    [(viewed, downloaded)] = re.findall(
        r'<a href="([^"]+)"[^>]*data-testid="evidence-pdf">site-survey\.pdf</a>.*?<a class="small" href="([^"]+)">',
        shown,
        re.S,
    )
    [thumbnail] = re.findall(r'<img src="([^"]+)" alt="site-plan\.png"[^>]*data-testid="evidence-image">', shown)
    [other] = re.findall(r'<a href="([^"]+)" download data-testid="evidence-download">budget-table\.docx</a>', shown)
    redirects = {
        "pdf inline": applicant.get(viewed, follow=False),
        "pdf download": applicant.get(downloaded, follow=False),
        "picture": applicant.get(thumbnail, follow=False),
        "docx": applicant.get(other, follow=False),
        "docx asked inline": applicant.get(f"{other}?inline=1", follow=False),
    }
    files = {name: outside(answer.headers["Location"]) for name, answer in redirects.items()}

    # Assert: the platform answers with a short signed link to object storage, whose origin the page's
    # policy lets a picture come from; a PDF or a picture asked for inline is shown by the browser
    # with its type, a PDF's download is saved, and a Word file is always saved.
    assert viewed.endswith("?inline=1") and downloaded == viewed.removesuffix("?inline=1"), (viewed, downloaded)
    assert thumbnail.endswith("?inline=1") and "inline" not in other, (thumbnail, other)
    store = f"http://127.0.0.1:{stack.s3_port}"
    for name, answer in redirects.items():
        assert answer.status == 302 and answer.headers["Location"].startswith(f"{store}/{BUCKET}/"), name
        assert "no-store" in answer.headers["Cache-Control"], (name, answer.headers["Cache-Control"])
    policy = dict(part.strip().split(" ", 1) for part in preview.headers["Content-Security-Policy"].split(";"))
    assert store in policy["img-src"].split(), policy["img-src"]
    assert {name: answer.headers["Content-Disposition"] for name, answer in files.items()} == {
        "pdf inline": 'inline; filename="site-survey.pdf"',
        "pdf download": 'attachment; filename="site-survey.pdf"',
        "picture": 'inline; filename="site-plan.png"',
        "docx": 'attachment; filename="budget-table.docx"',
        "docx asked inline": 'attachment; filename="budget-table.docx"',
    }
    assert {name: answer.headers["Content-Type"] for name, answer in files.items()} == {
        "pdf inline": "application/pdf",
        "pdf download": "application/pdf",
        "picture": "image/png",
        "docx": DOCX,
        "docx asked inline": DOCX,
    }
    assert {name: answer.body for name, answer in files.items()} == {
        "pdf inline": PDF_BYTES,
        "pdf download": PDF_BYTES,
        "picture": picture,
        "docx": word,
        "docx asked inline": word,
    }


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
    gallery, own_page = voter.get("/vote/demo-vote/"), voter.get(f"/vote/demo-vote/{finalist}/")

    # Assert: the vote is in the ledger, and the voter's pages (everyone's copy around their own
    # region) name it.
    assert thanks.status == 200 and thanks.url == f"/vote/demo-vote/{finalist}/thanks/", thanks.url
    assert votes_for(sql, finalist) == before + 1
    assert gallery.status == own_page.status == 200
    named = gallery.text.partition('data-testid="voted-for"')[2].partition("</div>")[0]
    assert f'href="/vote/demo-vote/{finalist}/"' in named, named
    assert 'data-testid="voted-for"' in own_page.text and 'data-testid="vote-button"' not in own_page.text


def test_voter_verifies_by_an_sms_code_the_worker_sent_through_the_provider_and_votes(stack, sms_provider, sql):
    # Arrange: a Thai mobile number of its own for this run.
    voter = Browser(stack.web_port)
    mobile = f"08{secrets.randbelow(10**8):08d}"
    msisdn = "66" + mobile[1:]
    finalist = first_finalist(voter)
    before = votes_for(sql, finalist)

    # Act: the number typed as people type it; the worker hands the text to the provider's API.
    asked = request_sms_code(voter, f"{mobile[:3]} {mobile[3:6]} {mobile[6:]}", finalist)
    [text] = sms_provider.wait_for(msisdn, timeout=60)
    page = enter_code(voter, CODE.search(text.message).group(1), finalist)
    thanks = vote(voter, finalist, page=page)

    # Assert: the page where the code is typed says it went by SMS; the provider got the number, the
    # Thai text, the registered sender and the account's key and secret; the challenge's text is
    # blanked once sent; the vote is in the ledger.
    assert_code_page(asked, sent_by="sms")
    intro = thai("Your Popular Vote code is %(code)s. It works for %(minutes)d minutes. Do not share it.")
    assert text.message.startswith(intro.split("%(code)s")[0]), text.message
    assert (text.sender, text.credentials) == (SENDER, f"{KEY}:{SECRET}")
    assert text.content_type.startswith("application/x-www-form-urlencoded"), text.content_type
    assert sql("SELECT message, sent_at IS NOT NULL FROM voting_challenge WHERE phone = %s", f"+{msisdn}") == [
        ("", True)
    ]
    assert thanks.status == 200 and thanks.url == f"/vote/demo-vote/{finalist}/thanks/", thanks.url
    assert votes_for(sql, finalist) == before + 1


def test_feedback_pdfs_asked_for_by_the_sweep_are_rendered_into_storage_and_downloaded(stack, mailbox, sql, s3_root):
    # Arrange: the first demo applicant's leading project in the results edition.
    [(application, reference)] = sql(
        "SELECT a.id, a.reference FROM submissions_application a JOIN awards_cycle c ON c.id = a.cycle_id "
        "WHERE c.slug = 'demo-results' AND a.title_th = %s",
        FEEDBACK_TITLE,
    )
    rendered = "SELECT language, file FROM judging_feedbackdocument WHERE rendered_at IS NOT NULL ORDER BY id"
    started = time.monotonic()

    # Act: the feedback sweep queued through the broker, as beat does every five minutes; the worker
    # renders each PDF into object storage and e-mails the organisation once both languages are done.
    stack.call("judging.tasks.release_feedback")
    while len(sql(rendered)) < FEEDBACK_PDFS and time.monotonic() - started < 150:
        time.sleep(1)
    documents = sql(rendered)
    took = time.monotonic() - started
    link = f"/my/feedback/{application}/"
    message = mailbox.wait_for("applicant1@example.com", containing=link, timeout=30)[0]
    applicant = Browser(stack.web_port)
    log_in(applicant, "applicant1@example.com", DEMO_PASSWORD)
    listing = applicant.get("/my/feedback/")
    pdf = applicant.get(link)

    # Assert: every PDF rendered and stored in object storage; the e-mail's link is the one on the
    # applicant's page; the download is the stored Thai PDF with the released comment and without
    # the remark the chair kept for the panel.
    assert len(documents) == FEEDBACK_PDFS, f"{len(documents)} of {FEEDBACK_PDFS} after {took:.0f} s"
    stored = {name: (s3_root / BUCKET / name) for _language, name in documents}
    assert [name for name, path in stored.items() if not path.is_file()] == []
    assert link in text_of(message)
    assert f'href="{link}" data-testid="feedback-download"' in listing.text
    assert pdf.status == 200 and pdf.headers["Content-Type"] == "application/pdf", pdf.status
    assert pdf.headers["Content-Disposition"] == f'attachment; filename="feedback-{reference}-th.pdf"'
    [(thai_file,)] = sql(
        "SELECT file FROM judging_feedbackdocument WHERE application_id = %s AND language = 'th'", application
    )
    assert pdf.body == stored[thai_file].read_bytes()
    text = pdf_text(pdf.body).replace("\n", "")
    assert reference in text and RELEASED_COMMENT in text, text[:500]
    assert UNRELEASED_REMARK not in text
    record_figure(f"feedback: {FEEDBACK_PDFS} PDFs rendered by the worker after the sweep was queued", f"{took:.1f} s")


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
