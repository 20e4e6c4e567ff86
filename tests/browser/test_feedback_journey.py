"""An applicant downloads the feedback PDF after the milestone, in a real browser (Chromium): the
results demo's feedback milestone has passed and the chair released the judges' comments but one;
the applicant opens "Feedback" in their area and downloads the PDF of their leading Smart Mobility
project, whose text (read with poppler) carries its score and a released comment, and never the
remark the chair kept for the panel. ``live_server`` serves the site from another thread, so the
data are committed (``transactional_db``)."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from demo.results import UNRELEASED
from judging.feedback import application_feedback
from judging.models import FeedbackDocument
from judging.services.feedback import render_feedback, request_due_feedback
from submissions.models import Application
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations
from tests.poppler import pdftotext, squashed

DEMO_PASSWORD = "demo-award-2026"
TITLE = "ระบบจองคิวรถโดยสารสาธารณะล่วงหน้า"
RELEASED = "ระบุปัญหาของผู้โดยสารได้ชัดเจน มีข้อมูลเวลารอรถก่อนและหลังใช้ระบบ"


@pytest.mark.browser
@pytest.mark.poppler
def test_an_applicant_downloads_the_feedback_pdf_after_the_milestone(live_server, transactional_db, page: Page):
    seed_demo()
    application = Application.objects.get(cycle__slug="demo-results", title_th=TITLE)
    # Beat's sweep asks for the PDFs, and the worker's part: this application's rendered (the
    # sweep's tasks ran already here, eagerly; render what is left).
    request_due_feedback()
    for document in FeedbackDocument.objects.filter(application=application, rendered_at__isnull=True):
        render_feedback(document_id=document.pk)
    feedback = application_feedback(application)

    log_in(page, live_server.url, "applicant1@example.com", DEMO_PASSWORD)
    page.goto(live_server.url + "/my/")
    page.get_by_test_id("feedback-link").click()
    page.wait_for_load_state()
    row = page.get_by_test_id("feedback-row").filter(has_text=TITLE)
    with page.expect_download() as download:
        row.get_by_test_id("feedback-download").click()
    text = squashed(pdftotext(Path(download.value.path()).read_bytes()))

    assert f"{feedback.total}/100" in text
    assert squashed(RELEASED) in text
    assert squashed(UNRELEASED) not in text
    assert squashed(feedback.band) in text
    expect(page.get_by_test_id("feedback-row").first).to_be_visible()
    assert serious_axe_violations(page) == []
