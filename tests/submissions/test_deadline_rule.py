"""One deadline rule for applications (selectors.open_for_changes_at): a deadline is a whole second,
and that second is still on time."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import Phase
from awards.selectors import current_phase
from core.deadlines import end_of_day
from submissions.models import Application
from submissions.selectors import days_left, drafts_before_deadline, open_for_changes_at
from submissions.services import applications as services
from tests.i18n import thai
from tests.submissions.test_applications import make_cycle, start_draft

pytestmark = pytest.mark.django_db

DEADLINE = end_of_day(date(2026, 8, 31))


def bangkok(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def draft(applicant):
    cycle = make_cycle()
    application = start_draft(applicant, cycle)
    cycle.milestones.update(starts_at=DEADLINE)
    return Application.objects.prefetch_related("cycle__milestones").get(pk=application.pk)


@pytest.mark.parametrize(
    ("at", "open_"),
    [
        (bangkok(2026, 8, 31, 23, 59, 59, 0), True),
        (bangkok(2026, 8, 31, 23, 59, 59, 999_999), True),
        (bangkok(2026, 9, 1, 0, 0, 0, 0), False),
    ],
)
def test_open_for_changes_at_the_deadline_second(draft, at, open_):
    assert open_for_changes_at(draft, at) is open_


@pytest.mark.parametrize(
    ("at", "phase"),
    [(bangkok(2026, 8, 31, 23, 59, 59, 999_999), Phase.OPEN), (bangkok(2026, 9, 1, 0, 0, 0, 0), Phase.JUDGING)],
)
def test_the_cycle_phase_agrees_with_the_rule(draft, at, phase):
    assert current_phase(draft.cycle, at) == phase


def test_days_left_agrees_with_the_rule(draft):
    assert days_left(DEADLINE, bangkok(2026, 8, 31, 23, 59, 59, 999_999)) == 0
    assert days_left(DEADLINE, bangkok(2026, 9, 1, 0, 0, 0, 0)) is None


def test_reminder_sweep_still_sees_a_draft_in_its_last_second(draft):
    assert drafts_before_deadline(at=bangkok(2026, 8, 31, 23, 59, 59, 999_999)) == [draft]
    assert drafts_before_deadline(at=bangkok(2026, 9, 1, 0, 0, 0, 0)) == []


def test_personal_extension_is_kept_in_whole_seconds(staff, draft):
    until = end_of_day(date(2026, 9, 7)).replace(microsecond=400_000)

    services.grant_extension(application=draft, until=until, reason="ไฟดับ", by=staff)

    draft.refresh_from_db()
    assert draft.extended_until == end_of_day(date(2026, 9, 7))


def test_staff_personal_extension_given_as_a_date_closes_at_the_end_of_that_day(login_as, staff, draft):
    response = login_as(staff).post(
        reverse("admin:submissions_application_extend", args=[draft.pk]),
        {"until_0": "2026-09-07", "until_1": "", "reason": "ระบบล่ม"},
        follow=True,
    )

    draft.refresh_from_db()
    assert draft.extended_until == end_of_day(date(2026, 9, 7))
    assert [m.level_tag for m in response.context["messages"]] == ["info"]


def test_staff_personal_extension_at_midnight_warns(login_as, staff, draft):
    response = login_as(staff).post(
        reverse("admin:submissions_application_extend", args=[draft.pk]),
        {"until_0": "2026-09-07", "until_1": "00:00:00", "reason": "ระบบล่ม"},
        follow=True,
    )

    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        thai(
            "This deadline is set at %(time)s on %(date)s: it closes as that day begins, so people read it as the "
            "end of %(day_before)s. To close at the end of %(date)s, enter the date without a time (the deadline "
            "is then 23:59:59)."
        )
        % {"time": "00.00 น.", "date": "7 กันยายน 2569", "day_before": "6 กันยายน 2569"}
    ]


def test_dashboard_shows_the_time_of_a_deadline_not_at_the_end_of_the_day(login_as, applicant, draft):
    five_pm = timezone.localtime(timezone.now() + timedelta(days=10)).replace(hour=17, minute=0, second=0)
    draft.cycle.milestones.update(starts_at=five_pm)

    html = login_as(applicant).get("/en/my/").content.decode()

    assert f"{five_pm.day} {five_pm:%B} {five_pm.year} at 17:00" in html
