"""Shortlist and presentations in a real browser: staff review the proposed shortlist (a tie at the
cut is marked), leave one tied application out, confirm after the confirmation step, generate the
schedule from the published window and send the times; then a finalist sees their slot under /my/.

``live_server`` serves from another thread, so the data is committed (``transactional_db``); the
test loads the demo itself (the edition "demo-finalists" has its screening round closed and scored).
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.models import OutboundEmail
from demo.accounts import DEMO_TOTP_SECRET
from judging.enums import RoundKind
from judging.models import PresentationSlot, Round
from submissions.enums import ApplicationStatus
from submissions.models import Application
from tests.browser.helpers import log_in, seed_demo, serious_axe_violations

DEMO_PASSWORD = "demo-award-2026"


def _log_in(page: Page, base_url: str, email: str, totp_secret: str | None = None) -> None:
    page.context.clear_cookies()
    log_in(page, base_url, email, DEMO_PASSWORD, totp_secret=totp_secret)


@pytest.mark.browser
def test_staff_confirm_a_shortlist_and_schedule_then_a_finalist_sees_their_slot(
    live_server, transactional_db, page: Page
):
    # Arrange
    seed_demo()
    base = live_server.url
    round = Round.objects.get(cycle__slug="demo-finalists")
    mobility = list(round.cycle.applications.filter(category__code="MOB").order_by("reference"))
    _log_in(page, base, "staff@example.com", DEMO_TOTP_SECRET)  # staff use two-factor authentication

    # Act: from the staff index to the proposal.
    page.goto(base + "/judging/staff/")
    page.locator(f'a[href="/judging/staff/rounds/{round.pk}/shortlist/"]').click()
    page.wait_for_load_state()

    # Assert: the two applications tied at the cut are both proposed and marked.
    table = page.get_by_test_id("shortlist-MOB")
    expect(table.locator("tr.table-warning")).to_have_count(2)
    expect(table.locator('input[name="application"]:checked')).to_have_count(3)
    assert serious_axe_violations(page) == []

    # Act: staff leave the third one out and review.
    page.locator(f"#app-{mobility[2].pk}").uncheck()
    page.locator('button[name="review"]').click()
    page.wait_for_load_state()

    # Assert: nothing is sent before the confirmation; the page lists who advances.
    expect(page.get_by_test_id("advancing").locator("li")).to_have_count(4)
    expect(page.get_by_test_id("not-advancing")).to_contain_text(mobility[2].reference)
    assert OutboundEmail.objects.filter(kind__startswith="shortlist").count() == 0

    # Act: confirm with the committee's reason (a tie at the cut was broken by hand); the schedule
    # page opens with the published window already filled in.
    expect(page.get_by_test_id("tie-broken")).to_be_visible()
    page.locator("#reason").fill("คณะกรรมการเลือกผลงานที่มีแผนขยายผลชัดเจนกว่า")
    page.locator('button[name="confirm"]').click()
    page.wait_for_load_state()
    expect(page.locator("#id_starts")).to_have_value("10:00")
    page.locator("#id_video_url").fill("https://meet.example.org/scsa-demo")
    page.get_by_test_id("schedule-form").locator('button[type="submit"]').click()
    page.wait_for_load_state()

    # Assert
    statuses = dict(
        Application.objects.filter(category__code="MOB", cycle=round.cycle).values_list("reference", "status")
    )
    assert statuses[mobility[2].reference] == ApplicationStatus.SUBMITTED
    expect(page.get_by_test_id("grid").locator("tbody tr")).to_have_count(4)
    assert PresentationSlot.objects.count() == 4
    assert serious_axe_violations(page) == []

    # Act: send the times.
    final = Round.objects.get(cycle=round.cycle, kind=RoundKind.FINAL)
    page.locator(f'form[action="/judging/staff/rounds/{final.pk}/presentations/send/"] button').click()
    page.wait_for_load_state()
    assert OutboundEmail.objects.filter(kind="presentation_finalist").exists()

    # Act: a finalist (applicant1's organisation) logs in and opens their presentation.
    _log_in(page, base, "applicant1@example.com")
    page.goto(base + "/my/presentation/")

    # Assert
    slot = PresentationSlot.objects.filter(application__reference=mobility[0].reference).get()
    card = page.get_by_test_id("my-slot").filter(has_text=mobility[0].reference)
    expect(card).to_contain_text(timezone.localtime(slot.starts_at).strftime("%H.%M น.–"))
    expect(card).to_contain_text(str(timezone.localdate(slot.starts_at).year + 543))  # Buddhist Era
    expect(card.locator('a[href="https://meet.example.org/scsa-demo"]')).to_be_visible()
    assert slot.application.status == ApplicationStatus.SHORTLISTED
    assert serious_axe_violations(page) == []
