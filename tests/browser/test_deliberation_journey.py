"""The deliberation in a real browser (Chromium): a judge submits a scorecard through the
confirmation page (the total and a criterion left at zero listed), then opens the panel's discussion
and posts; the chair, with JavaScript switched off, writes the public summary of a results-demo
application and finalises it with the committee's reason through the confirmation page.
``live_server`` serves the site from another thread, so the data are committed (``transactional_db``)."""

import json

import pytest
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_TOTP_SECRET
from judging.enums import ScorecardStatus
from judging.models import Assignment, Decision, DiscussionMessage, PanelSummary
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations

DEMO_PASSWORD = "demo-award-2026"
MESSAGE = "ข้อ 1 ยังไม่มีหลักฐาน จึงให้ศูนย์ ท่านอื่นเห็นอย่างไร"
SUMMARY = "คณะกรรมการเห็นพ้องว่าผลงานนี้มีผลลัพธ์ชัดเจนที่สุดในด้าน"
REASON = "คะแนนเฉลี่ยสูงสุดและผลการนำเสนอดีที่สุด"


def _judge_submits_then_discusses(page: Page, base: str) -> None:
    log_in(page, base, "judge1@example.com", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.goto(base + "/judging/declaration/demo-judging/")
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    link = page.get_by_test_id("to-answer").get_by_test_id("assignment").first.locator("a")
    assignment = Assignment.objects.get(pk=int(link.get_attribute("href").rstrip("/").rsplit("/", 1)[1]))
    link.click()
    page.locator('button[name="answer"][value="no_conflict"]').click()
    page.wait_for_load_state()

    # Act: the first criterion at zero, every other at its maximum; submit.
    criteria = page.get_by_test_id("criterion")
    first_name = criteria.nth(0).locator("legend").inner_text().split("\n")[0]
    for index in range(criteria.count()):
        score = criteria.nth(index).locator("input.score-input")
        score.fill("0" if index == 0 else score.get_attribute("max"))
    page.locator('#score-form button[name="submit"]').click()
    page.wait_for_load_state()

    # Assert: the confirmation lists the zero criterion and the total; nothing is submitted yet.
    zeros = page.get_by_test_id("zero-criteria")
    expect(zeros.locator("li")).to_have_count(1)
    expect(zeros).to_contain_text(first_name.split(" (")[0].strip())
    total = page.get_by_test_id("confirm-total").locator("strong").inner_text()
    assert 0 < float(total) < 100
    assert assignment.scorecard.status == ScorecardStatus.DRAFT
    assert serious_axe_violations(page) == []

    # Act: confirm; then open the discussion from the read-only scorecard and post.
    page.locator('button[name="confirm_submit"]').click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.locator("#total")).to_have_text(total)
    page.get_by_test_id("discussion-link").click()
    page.wait_for_load_state()
    page.locator("#id_body").fill(MESSAGE)
    page.locator('button[name="message"]').click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("thread").get_by_test_id("message")).to_contain_text(MESSAGE)
    assignment.scorecard.refresh_from_db()
    assert assignment.scorecard.status == ScorecardStatus.SUBMITTED
    assert DiscussionMessage.objects.get(body=MESSAGE).application_id == assignment.application_id
    assert serious_axe_violations(page) == []


def _chair_summarises_and_finalises(page: Page, base: str) -> None:
    log_in(page, base, "chair@example.com", DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)
    page.goto(base + "/judging/rankings/")
    page.get_by_role("link", name="การเดินทางและขนส่งอัจฉริยะ (Smart Mobility)").last.click()
    page.wait_for_load_state()
    leader = page.get_by_test_id("leaderboard").locator("tbody tr").first
    reference = leader.locator("th .font-monospace").inner_text()

    # Act: the leader's discussion; the chair writes the summary, marked public.
    leader.get_by_role("link", name="การหารือของคณะกรรมการ").click()
    page.wait_for_load_state()
    discussion_url = page.url
    page.locator("#id_text").fill(SUMMARY)
    page.locator("#id_public").check()
    page.locator('button[name="summary"]').click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("summary")).to_contain_text(SUMMARY)

    # Act: finalise from the leaderboard: the confirmation page, then the reason, then confirm.
    page.go_back()
    page.go_back()
    page.wait_for_load_state()
    page.get_by_test_id("finalise-form").locator('button[type="submit"]').click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("winner")).to_contain_text(reference)
    assert not Decision.objects.filter(application__reference=reference).exists()
    page.locator("#reason").fill(REASON)
    page.locator('button[name="confirm"]').click()
    page.wait_for_load_state()

    # Assert: the decision carries the reason, the deliberation's hash and the public summary; the
    # discussion is closed.
    expect(page.get_by_test_id("decision-reason")).to_contain_text(REASON)
    decision = Decision.objects.get(application__reference=reference)
    public = json.loads(decision.data)
    assert public["reason"] == decision.reason == REASON
    assert public["deliberation"] == {"sha256": decision.deliberation_sha256, "summary": SUMMARY}
    assert PanelSummary.objects.get(application=decision.application).public
    page.goto(discussion_url)
    expect(page.get_by_test_id("closed")).to_be_visible()
    expect(page.get_by_test_id("message-form")).to_have_count(0)


@pytest.mark.browser
def test_judge_confirms_and_discusses_then_the_chair_summarises_and_finalises_with_a_reason(
    live_server, transactional_db, page: Page, browser
):
    seed_demo()
    _judge_submits_then_discusses(page, live_server.url)
    # The chair's side works without JavaScript: every confirmation is a server-rendered page.
    chair = browser.new_context(java_script_enabled=False).new_page()
    _chair_summarises_and_finalises(chair, live_server.url)
