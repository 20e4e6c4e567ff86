"""Fault tests: each on a platform of its own (its own redis-server, rclone, gunicorn and prefork
worker, on the suite's database), one part broken on purpose while people use the site.

No beat runs here: where recovery needs a sweep, the test queues the sweep task through the broker
exactly as beat does at its minute (``Stack.call``), so that its waits are seconds, not the turn of a
minute. The PDF lease is shortened to 20 s for the killed worker (DOCUMENT_LEASE_SECONDS)."""

import html
import time
import uuid

from .conftest import DEMO_PASSWORD, admin_action, log_in, record_figure, staff_browser, whole_cycle_prize
from .journeys import (
    PDF_BYTES,
    assert_code_page,
    code_from,
    enter_code,
    first_finalist,
    request_code,
    thai,
    vote,
    votes_for,
)
from .web import Browser

# core.emails.UNQUEUED_AFTER: the outbox sweep sends again a message still "queued" a minute after it was written.
UNQUEUED_AFTER_SECONDS = 60


def test_redis_stopped_during_a_code_request_and_a_vote(own_stack, mailbox, sql):
    # Arrange: one voter verified while Redis is up; another on the page where the address is typed.
    stack = own_stack("redis-fault")
    voter, newcomer = Browser(stack.web_port), Browser(stack.web_port)
    voter_email, newcomer_email = (f"{who}-{uuid.uuid4().hex[:8]}@example.org" for who in ("voter", "newcomer"))
    finalist = first_finalist(voter)
    assert_code_page(request_code(voter, voter_email, finalist))
    finalist_page = enter_code(voter, code_from(mailbox, voter_email), finalist)
    address_form = newcomer.get(f"/vote/demo-vote/verify/?next={finalist}").form(field="email")
    before = votes_for(sql, finalist)

    # Act: Redis frozen (SIGSTOP) while the code is asked for and the vote is cast.
    stack.redis.process.freeze()
    asked = newcomer.submit(address_form, {"email": newcomer_email, "consent": True})
    voted = vote(voter, finalist, page=finalist_page)
    # Then Redis dies in its frozen state and an empty one starts on its port: whatever the platform
    # handed it during the outage is gone, the code's e-mail included.
    stack.redis.restart_empty()
    back = time.monotonic()
    [(age,)] = sql(
        'SELECT extract(epoch FROM now() - created_at) FROM core_outboundemail WHERE "to" = %s', newcomer_email
    )
    time.sleep(max(0.0, UNQUEUED_AFTER_SECONDS + 1 - float(age)))
    stack.call("core.tasks.retry_unsent_emails")
    code = code_from(mailbox, newcomer_email, timeout=60)
    arrived = time.monotonic() - back

    # Assert: "code sent" and the page where the code is typed; the vote recorded; the code, sent by
    # the sweep once Redis was back, verifies the newcomer.
    assert_code_page(asked)
    assert voted.status == 200 and voted.url == f"/vote/demo-vote/{finalist}/thanks/", (voted.status, voted.url)
    assert votes_for(sql, finalist) == before + 1
    enter_code(newcomer, code, finalist)
    record_figure("Redis frozen: code request answered in", f"{asked.seconds:.1f} s")
    record_figure("Redis frozen: vote answered in", f"{voted.seconds:.1f} s (plus the 2 s the form must wait)")
    record_figure("Redis back (empty): code delivered by the outbox sweep after", f"{arrived:.1f} s")


def test_object_storage_frozen_during_an_upload(own_stack, sql):
    # Arrange: the demo applicant's draft in the live edition, with a section's text saved.
    stack = own_stack("s3-fault")
    applicant = Browser(stack.web_port)
    log_in(applicant, "applicant1@example.com", DEMO_PASSWORD)
    [(draft,)] = sql(
        "SELECT a.id FROM submissions_application a JOIN awards_cycle c ON c.id = a.cycle_id "
        "WHERE c.slug = 'demo' AND a.status = 'draft'"
    )
    text = f"แผนงบประมาณโครงการ ปรับปรุงครั้งที่ {uuid.uuid4().hex[:6]}"
    # Section 2 of the live form asks the first long answer (section 1 is the project's facts).
    section = applicant.get(f"/my/applications/{draft}/sections/2/")
    applicant.submit(section.form(id="answer-form"), {"answer_1": text})
    answers = "SELECT field_id, value, version FROM submissions_answer WHERE application_id = %s ORDER BY field_id"
    saved = sql(answers, draft)
    page = applicant.get(f"/my/applications/{draft}/attachments/")
    upload = {"file": ("budget-plan.pdf", PDF_BYTES, "application/pdf")}

    # Act: the object store frozen (SIGSTOP) while the file is sent; then thawed, and sent again.
    stack.processes["s3"].freeze()
    try:
        refused = applicant.submit(page.form(test_id="upload-form"), files=upload, timeout=60)
    finally:
        stack.processes["s3"].thaw()
    again = applicant.submit(refused.form(test_id="upload-form"), files=upload)

    # Assert: within 10 s, 503 and the form error in Thai with the form still there; the draft's
    # text untouched and shown; the same file stored once the store is back.
    assert refused.status == 503, refused.status
    assert refused.seconds < 10, f"answered after {refused.seconds:.1f} s"
    assert thai("The file could not be stored. Please try again in a moment.") in html.unescape(refused.text)
    assert text in [row[1] for row in saved]
    assert sql(answers, draft) == saved
    assert text in html.unescape(applicant.get(f"/my/applications/{draft}/sections/2/").text)
    assert again.status == 200 and "budget-plan.pdf" in again.text
    record_figure("object storage frozen: upload answered 503 in", f"{refused.seconds:.1f} s")


def test_worker_killed_during_a_batch_of_twenty_certificates(own_stack, sql, s3_root):
    # Arrange: 20 certificates to render: the results edition's 8 applications and 2 of the finalists
    # edition's, each in Thai and English.
    stack = own_stack("worker-fault", DOCUMENT_LEASE_SECONDS="20")
    staff = staff_browser(stack.web_port)
    folder = s3_root / "awards" / "documents" / "certificate"
    stored_before = set(folder.glob("*.pdf")) if folder.exists() else set()
    pick = (
        "SELECT a.id FROM submissions_application a JOIN awards_cycle c ON c.id = a.cycle_id "
        "WHERE c.slug = %s AND a.status = 'submitted' ORDER BY a.id LIMIT %s"
    )
    batches = [
        admin_action(
            staff,
            "/admin/documents/applicationfordocuments/",
            "certificates",
            [row[0] for row in sql(pick, cycle, count)],
            {"languages": ["th", "en"], "prize": whole_cycle_prize(sql, cycle)},
        )
        for cycle, count in (("demo-results", 8), ("demo-finalists", 2))
    ]
    documents = "SELECT id, status, attempts, file FROM documents_document WHERE batch_id = ANY(%s) ORDER BY id"

    # Act: SIGKILL to the worker (its main process and both pool children) while it renders.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        statuses = [row[1] for row in sql(documents, batches)]
        if statuses.count("done") >= 2 and "rendering" in statuses:
            break
        time.sleep(0.2)
    stack.processes["worker"].kill()
    at_kill = sql(documents, batches)
    stack.start_worker("worker-2")
    started = time.monotonic()
    while time.monotonic() - started < 150:
        rows = sql(documents, batches)
        if all(row[1] == "done" for row in rows):
            break
        stack.call("documents.tasks.requeue_stalled_documents")  # what beat does every minute
        time.sleep(3)
    recovered = time.monotonic() - started

    # Assert: the kill hit renderings; all 20 done within 2 minutes of the new worker's start, each
    # with one stored file of its own and no other file left behind.
    assert len(at_kill) == 20
    assert [row[0] for row in at_kill if row[1] == "rendering"], at_kill
    assert [row[1] for row in rows] == ["done"] * 20, rows
    assert recovered < 120, f"{recovered:.0f} s"
    names = {row[3] for row in rows}
    assert len(names) == 20
    stored = {f"documents/certificate/{path.name}" for path in set(folder.glob("*.pdf")) - stored_before}
    assert stored == names
    record_figure(
        "worker killed: certificates done at the kill / rendering / queued",
        "{} / {} / {}".format(
            *(sum(row[1] == status for row in at_kill) for status in ("done", "rendering", "queued"))
        ),
    )
    record_figure("worker killed: all 20 done after the new worker started in", f"{recovered:.1f} s")
