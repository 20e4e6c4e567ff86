"""The committee chair's side in a real browser: the leaderboard of the demo's scored final round,
finalising the winner, and the public results page, hidden until the announcement time and then
showing the winner with the SHA-256 of the downloadable JSON. Accessibility and the Content Security
Policy of the leaderboard and results pages are checked on the way."""

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from awards.enums import MilestoneKind
from awards.models import Milestone
from demo.accounts import DEMO_TOTP_SECRET
from judging.models import Decision
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations

CHAIR_EMAIL = "chair@example.com"
DEMO_PASSWORD = "demo-award-2026"
RESULTS_PATH = "/demo-results/results/"


def _announce_at(when) -> None:
    Milestone.objects.filter(cycle__slug="demo-results", kind=MilestoneKind.RESULTS).update(starts_at=when)


@pytest.mark.browser
def test_chair_finalises_and_the_results_page_shows_the_winner_at_the_announcement_time(
    live_server, transactional_db, page: Page, browser
):
    # Arrange: the demo, with the announcement still a day away.
    seed_demo()
    _announce_at(timezone.now() + timedelta(days=1))
    base = live_server.url
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    # The chair uses two-factor authentication: the demo authenticator has the demo secret.
    log_in(page, base, CHAIR_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)

    # Act: from the navigation to the rankings, the Smart Mobility leaderboard of the results demo.
    page.goto(base + "/")
    page.get_by_role("link", name="การจัดอันดับ").first.click()
    page.wait_for_load_state()
    page.get_by_role("link", name="การเดินทางและขนส่งอัจฉริยะ (Smart Mobility)").last.click()
    page.wait_for_load_state()

    # Assert: the ranking is explained on the page.
    expect(page.get_by_test_id("tie-break")).to_contain_text("มิติที่ 3")
    expect(page.get_by_test_id("outlier-rule")).to_be_visible()
    expect(page.get_by_test_id("icc")).to_contain_text("ICC(3,k)")
    leader = page.get_by_test_id("leaderboard").locator("tbody tr").first
    reference = leader.locator("th .font-monospace").inner_text()
    assert serious_axe_violations(page) == []

    # Act: finalise the top row.
    form = page.get_by_test_id("finalise-form")
    expect(form.locator("select option").first).to_contain_text(reference)
    form.locator('button[type="submit"]').click()
    page.wait_for_load_state()
    # The confirmation step names the winner and asks for the committee's reason.
    expect(page.get_by_test_id("winner")).to_contain_text(reference)
    assert not Decision.objects.filter(application__reference=reference).exists()
    page.locator("#reason").fill("คะแนนเฉลี่ยสูงสุดและคณะกรรมการเห็นพ้อง")
    page.locator('button[name="confirm"]').click()
    page.wait_for_load_state()

    # Assert: recorded with its hash, and the form is gone (one winner for this award).
    decision = Decision.objects.get(application__reference=reference)
    expect(page.get_by_test_id("decision")).to_contain_text(decision.sha256)
    expect(page.get_by_test_id("decision-reason")).to_contain_text("คะแนนเฉลี่ยสูงสุดและคณะกรรมการเห็นพ้อง")
    expect(page.get_by_test_id("finalise-form")).to_have_count(0)

    # Act/Assert: before the announcement a visitor finds no results page; the chair previews it.
    visitor = browser.new_context().new_page()
    assert visitor.goto(base + RESULTS_PATH).status == 404
    page.goto(base + RESULTS_PATH)
    expect(page.get_by_test_id("not-public")).to_be_visible()

    # Act: the announcement time arrives.
    _announce_at(timezone.now())
    visitor.goto(base + RESULTS_PATH)

    # Assert: the winner, the hash, and a JSON whose SHA-256 is that hash.
    winner = visitor.get_by_test_id("winner")
    expect(winner).to_contain_text(reference)
    expect(winner.get_by_test_id("sha256")).to_have_text(decision.sha256)
    # The verification detail is folded under the card: open it, then download the JSON.
    winner.locator("summary").click()
    with visitor.expect_download() as download_info:
        winner.get_by_test_id("json").click()
    content = Path(download_info.value.path()).read_bytes()
    assert hashlib.sha256(content).hexdigest() == decision.sha256
    assert serious_axe_violations(visitor) == []
    assert problems == []
