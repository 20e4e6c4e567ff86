"""The judge's side in a real browser (Debian's Chromium): from the declaration of interests to a
submitted scorecard scored with the keyboard alone, then accessibility and the Content Security Policy
of every judging page.

As in test_applicant_journey.py, ``live_server`` serves the site from another thread, so the data must
be committed (``transactional_db``); each test loads the demo data itself. seed_demo puts the edition
"demo-judging" in its screening round, with judge1 on every panel and assignments already made.
"""

import pytest
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_TOTP_SECRET
from judging.enums import ScorecardStatus
from judging.models import Assignment, Declaration, Scorecard
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations, watch_csp

JUDGE_EMAIL = "judge1@example.com"
DEMO_PASSWORD = "demo-award-2026"
CYCLE_SLUG = "demo-judging"
DECLARATION_PATH = f"/judging/declaration/{CYCLE_SLUG}/"


def _log_in_as_judge(page: Page, base_url: str) -> None:
    # Judges use two-factor authentication: the demo judges' authenticator has the demo secret.
    log_in(page, base_url, JUDGE_EMAIL, DEMO_PASSWORD, totp_secret=DEMO_TOTP_SECRET)


def _declare(page: Page, base_url: str, organisations: str) -> None:
    """From the dashboard's link to the declaration, saved."""
    page.goto(base_url + "/judging/")
    page.get_by_test_id("declare-first").locator(f'a[href="{DECLARATION_PATH}"]').click()
    page.wait_for_load_state()
    expect(page).to_have_url(base_url + DECLARATION_PATH)
    page.locator("#id_organisations").fill(organisations)
    page.locator('main form button[type="submit"]').click()
    page.wait_for_load_state()
    expect(page).to_have_url(base_url + "/judging/")


def _open_first_assignment(page: Page) -> Assignment:
    """Click the first application waiting for the conflict answer; the gate opens."""
    link = page.get_by_test_id("to-answer").get_by_test_id("assignment").first.locator("a")
    href = link.get_attribute("href")
    link.click()
    page.wait_for_load_state()
    pk = int(href.rstrip("/").rsplit("/", 1)[1])
    assignment = Assignment.objects.get(pk=pk)
    assert assignment.judge.email == JUDGE_EMAIL
    expect(page.locator('button[name="answer"][value="no_conflict"]')).to_be_visible()
    return assignment


def _answer_no_conflict(page: Page, base_url: str, assignment: Assignment) -> None:
    page.locator('button[name="answer"][value="no_conflict"]').click()
    page.wait_for_load_state()
    expect(page).to_have_url(f"{base_url}/judging/assignments/{assignment.pk}/score/")


@pytest.mark.browser
def test_judge_declares_and_scores_with_the_keyboard_then_submits(
    live_server, transactional_db, page: Page, artifacts_dir
):
    # Arrange
    seed_demo()
    base = live_server.url
    _log_in_as_judge(page, base)

    # Act: the dashboard asks for the declaration first.
    page.goto(base + "/judging/")

    # Assert
    expect(page.get_by_test_id("declare-first").locator(f'a[href="{DECLARATION_PATH}"]')).to_be_visible()

    # Act: declare, then open the first assignment and say there is no conflict.
    _declare(page, base, "บริษัท ทดสอบ จำกัด")
    declaration = Declaration.objects.get(judge__email=JUDGE_EMAIL, cycle__slug=CYCLE_SLUG)
    assert declaration.organisations == "บริษัท ทดสอบ จำกัด"
    expect(page.get_by_test_id("declare-first")).to_have_count(0)
    assignment = _open_first_assignment(page)
    _answer_no_conflict(page, base, assignment)

    # Act: score every criterion with the keyboard. The tab order, read off the page: in each
    # criterion the link to every applicant answer it reads (in the application's column), then the
    # score, then the comment; after the last comment comes the overall comment.
    criteria = page.get_by_test_id("criterion")
    count = criteria.count()
    assert count > 0
    maxima = []
    criteria.nth(0).locator("input.score-input").focus()
    for index in range(count):
        criterion = criteria.nth(index)
        score = criterion.locator("input.score-input")
        comment = criterion.locator("textarea")
        expect(score).to_be_focused()
        maximum = score.get_attribute("max")
        maxima.append(maximum)
        page.keyboard.type(maximum)
        page.keyboard.press("Tab")
        expect(comment).to_be_focused()
        if index == 0:
            page.keyboard.type("ตอบโจทย์ครบถ้วน")
            # Back to the score and forward again, to show that Shift+Tab keeps the order too.
            page.keyboard.press("Shift+Tab")
            expect(score).to_be_focused()
            page.keyboard.press("Tab")
            expect(comment).to_be_focused()
        page.keyboard.press("Tab")
        if index + 1 < count:
            summaries = criteria.nth(index + 1).get_by_test_id("criterion-answers").locator("a")
            for number in range(summaries.count()):
                expect(summaries.nth(number)).to_be_focused()
                page.keyboard.press("Tab")
    expect(page.locator("#id_overall-comment")).to_be_focused()

    # Assert: every criterion was autosaved without an error, and the server's total is full marks.
    statuses = page.locator("[data-testid=criterion] .score-status")
    expect(statuses).to_have_count(count)
    for index in range(count):
        expect(statuses.nth(index)).not_to_be_empty(timeout=10_000)
    expect(statuses.locator(".text-danger")).to_have_count(0)
    expect(page.locator("#total")).to_have_text("100.00")
    scorecard = Scorecard.objects.get(assignment=assignment)
    assert scorecard.scores.count() == count
    # The figure rendered by the server, not the one the page's script computes as one types.
    page.reload()
    expect(page.locator("#total")).to_have_text("100.00")
    expect(criteria.nth(0).locator("textarea")).to_have_value("ตอบโจทย์ครบถ้วน")
    page.screenshot(path=artifacts_dir / "judge-scoring.png", full_page=True)

    # Act: submit with the keyboard; the confirmation page (no script) repeats the total.
    submit = page.locator('#score-form button[type="submit"][name="submit"]')
    submit.focus()
    expect(submit).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_test_id("confirm-total")).to_contain_text("100.00")
    expect(page.get_by_test_id("zero-criteria-none")).to_be_visible()
    assert Scorecard.objects.get(assignment=assignment).status == ScorecardStatus.DRAFT
    confirm = page.locator('button[name="confirm_submit"]')
    confirm.focus()
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    # Assert: the scorecard is read-only, on the page and in the database.
    expect(page.get_by_test_id("read-only")).to_be_visible()
    expect(page.locator("#score-form button[type=submit]")).to_have_count(0)
    for index in range(count):
        score = criteria.nth(index).locator("input.score-input")
        expect(score).to_have_value(maxima[index])
        expect(score).to_have_attribute("readonly", "")
        expect(criteria.nth(index).locator("textarea")).to_have_attribute("readonly", "")
    expect(page.locator("#total")).to_have_text("100.00")
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.SUBMITTED == "submitted"
    assert scorecard.submitted_at is not None


@pytest.mark.browser
def test_judge_pages_have_no_serious_accessibility_violations_or_csp_errors(live_server, transactional_db, page: Page):
    # Arrange
    seed_demo()
    base = live_server.url
    problems = watch_csp(page)
    _log_in_as_judge(page, base)
    found = {}

    # Act: the dashboard (asking for the declaration) and the declaration page.
    page.goto(base + "/judging/")
    found["/judging/"] = serious_axe_violations(page)
    page.goto(base + DECLARATION_PATH)
    found[DECLARATION_PATH] = serious_axe_violations(page)
    _declare(page, base, "")

    # Act: the conflict gate, then the scoring page, where htmx autosaves one score.
    assignment = _open_first_assignment(page)
    gate = f"/judging/assignments/{assignment.pk}/"
    found[gate] = serious_axe_violations(page)
    _answer_no_conflict(page, base, assignment)
    first = page.get_by_test_id("criterion").first
    first.locator("input.score-input").fill("1")
    first.locator("input.score-input").press("Tab")
    expect(first.locator(".score-status")).not_to_be_empty(timeout=10_000)
    found[f"{gate}score/"] = serious_axe_violations(page)

    # Assert
    report = "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)
    assert found == {path: [] for path in found}, report
    assert problems == []
