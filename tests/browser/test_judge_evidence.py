"""Evidence beside the score, in a real browser (Debian's Chromium): a demo judge opens, from the
scoring page, the project's PDF brief (a new tab that the full browser's PDF viewer shows: the response is
application/pdf, inline), the application as submitted and the video link (a new tab at the
applicant's address), sees the photo inline, scores, confirms and submits; on a wide screen the
application's column and the scores sit side by side, on a tablet one above the other.

seed_demo puts "demo-judging" in its screening round, which is blind, so the video link (an
identifying question of the live form) is withheld; staff make the round open-named here first, as
they may in admin before judges start, so that the link is shown.
"""

import pytest
from playwright.sync_api import Page, expect

from demo.accounts import DEMO_TOTP_SECRET
from judging.enums import ScorecardStatus
from judging.models import Assignment, Round, Scorecard
from judging.services.declarations import declare_interests
from judging.services.scoring import answer_conflict
from submissions.models import Answer
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations, watch_csp

JUDGE_EMAIL = "judge1@example.com"
CYCLE_SLUG = "demo-judging"


def _ready_assignment() -> Assignment:
    """judge1's first assignment of the judging demo, declared and answered, in a round not blind."""
    Round.objects.filter(cycle__slug=CYCLE_SLUG).update(blind=False)
    assignment = (
        Assignment.objects.filter(judge__email=JUDGE_EMAIL, round__cycle__slug=CYCLE_SLUG)
        .select_related("judge", "round__cycle", "application")
        .order_by("pk")
        .first()
    )
    declare_interests(judge=assignment.judge, cycle=assignment.round.cycle, organisations="", provinces=[])
    answer_conflict(assignment=assignment, by=assignment.judge, recuse=False)
    return assignment


@pytest.mark.browser
def test_judge_opens_the_pdf_and_the_video_from_the_scoring_page_then_scores_and_submits(
    live_server, transactional_db, pdf_viewer_page: Page, artifacts_dir
):
    page = pdf_viewer_page
    # Arrange
    seed_demo()
    base = live_server.url
    assignment = _ready_assignment()
    video = Answer.objects.get(application=assignment.application, field__key="video_url").value
    # The video's site is outside this machine: the browser gets a stand-in page for its address.
    stand_in = {"body": "video", "content_type": "text/html"}
    page.context.route("https://video.example.org/**", lambda route: route.fulfill(**stand_in))
    responses = []
    page.context.on("response", lambda response: responses.append(response))
    problems = watch_csp(page)
    page.set_viewport_size({"width": 1400, "height": 900})
    log_in(page, base, JUDGE_EMAIL, "demo-award-2026", totp_secret=DEMO_TOTP_SECRET)
    score_url = f"{base}/judging/assignments/{assignment.pk}/score/"

    # Act
    page.goto(score_url)

    # Assert: the application's column on the left, the scores on the right, side by side.
    column = page.get_by_test_id("reading-column").bounding_box()
    form = page.locator("#score-form").bounding_box()
    assert column["x"] + column["width"] <= form["x"] and abs(column["y"] - form["y"]) < 5
    expect(page.get_by_test_id("evidence-facts")).to_contain_text("คน")
    photo = page.get_by_test_id("evidence-image").first
    expect(photo).to_be_visible()
    # Shown inline: the picture loads through the judge's download (a broken one has no width).
    page.wait_for_function("image => image.complete && image.naturalWidth > 0", arg=photo.element_handle())
    page.screenshot(path=artifacts_dir / "judge-evidence-wide.png")
    assert serious_axe_violations(page) == []

    # Act: the PDF brief opens in a new tab.
    brief = page.get_by_test_id("evidence-pdf").first
    href = brief.get_attribute("href")
    with page.expect_popup() as opened:
        brief.click()
    pdf_tab = opened.value
    pdf_tab.wait_for_load_state()

    # Assert: the judge's own download, shown by the browser (inline), a PDF; the scoring page stays.
    assert pdf_tab.url == base + href and href.endswith("?inline=1")
    served = next(response for response in responses if response.url == base + href)
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    assert served.headers["content-disposition"].startswith("inline;")
    pdf_tab.close()
    expect(page).to_have_url(score_url)

    # Act: the application as submitted, then the video link.
    with page.expect_popup() as opened:
        page.get_by_test_id("submitted-pdf").click()
    submitted_tab = opened.value
    submitted_tab.wait_for_load_state()
    with page.expect_popup() as opened:
        page.get_by_test_id("evidence-link").filter(has_text=video).click()
    video_tab = opened.value
    video_tab.wait_for_load_state()

    # Assert
    submitted_url = f"{base}/judging/assignments/{assignment.pk}/application.pdf"
    assert submitted_tab.url == submitted_url
    served = next(response for response in responses if response.url == submitted_url)
    assert served.status == 200 and served.headers["content-type"] == "application/pdf"
    assert video_tab.url == video
    assert video_tab.evaluate("window.opener") is None  # rel=noopener: the page cannot reach back
    submitted_tab.close()
    video_tab.close()

    # Act: a tablet sees one column, the application first.
    page.set_viewport_size({"width": 800, "height": 1000})
    column = page.get_by_test_id("reading-column").bounding_box()
    form = page.locator("#score-form").bounding_box()

    # Assert
    assert column["y"] + column["height"] <= form["y"]
    page.screenshot(path=artifacts_dir / "judge-evidence-tablet.png")

    # Act: score every criterion at full marks, submit, confirm.
    page.set_viewport_size({"width": 1400, "height": 900})
    criteria = page.get_by_test_id("criterion")
    for index in range(criteria.count()):
        score = criteria.nth(index).locator("input.score-input")
        score.fill(score.get_attribute("max"))
    page.keyboard.press("Tab")  # leaves the last score, which saves it as the others were
    statuses = page.locator("[data-testid=criterion] .score-status")
    for index in range(criteria.count()):
        expect(statuses.nth(index)).not_to_be_empty(timeout=10_000)
    page.locator('#score-form button[type="submit"][name="submit"]').click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("confirm-total")).to_contain_text("100.00")
    page.locator('button[name="confirm_submit"]').click()
    page.wait_for_load_state()

    # Assert
    expect(page.get_by_test_id("read-only")).to_be_visible()
    assert Scorecard.objects.get(assignment=assignment).status == ScorecardStatus.SUBMITTED
    assert problems == []
