"""Staff type a deadline in admin as a date (the end of that day) or a date and time, and are warned
when a deadline at 00:00 would read as the day before."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.enums import MilestoneKind
from awards.models import Milestone
from core.deadlines import end_of_day
from tests.factories import CycleFactory, MilestoneFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db

MIDNIGHT = (
    "This deadline is set at %(time)s on %(date)s: it closes as that day begins, so people read it as the end of "
    "%(day_before)s. To close at the end of %(date)s, enter the date without a time (the deadline is then 23:59:59)."
)


def bangkok(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def add_milestone(client, cycle, kind, day: str, time: str = ""):
    return client.post(
        reverse("admin:awards_milestone_add"),
        {
            "cycle": cycle.pk,
            "kind": kind,
            "starts_at_0": day,
            "starts_at_1": time,
            "ends_at_0": "",
            "ends_at_1": "",
            "extensions-TOTAL_FORMS": 0,
            "extensions-INITIAL_FORMS": 0,
        },
        follow=True,
    )


def warnings(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_milestone_admin_deadline_typed_as_a_date_closes_at_the_end_of_that_day(login_as, staff):
    cycle = CycleFactory()

    response = add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "2026-08-31")

    assert cycle.milestones.get().starts_at == end_of_day(date(2026, 8, 31))
    assert warnings(response) == []


def test_milestone_admin_other_moment_typed_as_a_date_is_the_start_of_that_day(login_as, staff):
    cycle = CycleFactory()

    add_milestone(login_as(staff), cycle, MilestoneKind.RESULTS, "2026-09-15")

    assert cycle.milestones.get().starts_at == bangkok(2026, 9, 15, 0, 0)


def test_milestone_admin_keeps_a_time_staff_typed(login_as, staff):
    cycle = CycleFactory()

    add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "2026-08-31", "17:00")

    assert cycle.milestones.get().starts_at == bangkok(2026, 8, 31, 17, 0)


def test_milestone_admin_warns_about_a_deadline_at_midnight(login_as, staff):
    cycle = CycleFactory()

    response = add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "2026-09-01", "00:00")

    assert cycle.milestones.get().starts_at == bangkok(2026, 9, 1, 0, 0)
    assert warnings(response) == [
        thai(MIDNIGHT) % {"time": "00.00 น.", "date": "1 กันยายน 2569", "day_before": "31 สิงหาคม 2569"}
    ]


def test_milestone_admin_does_not_warn_about_results_at_midnight(login_as, staff):
    response = add_milestone(login_as(staff), CycleFactory(), MilestoneKind.RESULTS, "2026-09-15", "00:00")

    assert warnings(response) == []


def extend(client, milestone, day: str, time: str = ""):
    return client.post(
        reverse("admin:awards_deadlineextension_add"),
        {"milestone": milestone.pk, "new_at_0": day, "new_at_1": time, "reason_th": "ขยายเวลา", "reason_en": ""},
        follow=True,
    )


def test_deadline_extension_typed_as_a_date_moves_to_the_end_of_that_day(login_as, staff):
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=end_of_day(date(2026, 7, 30)))

    response = extend(login_as(staff), deadline, "2026-08-31")

    deadline.refresh_from_db()
    assert deadline.starts_at == end_of_day(date(2026, 8, 31))
    assert deadline.extensions.get().new_at == end_of_day(date(2026, 8, 31))
    assert warnings(response) == []


def test_deadline_extension_at_midnight_warns(login_as, staff):
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=end_of_day(date(2026, 7, 30)))

    response = extend(login_as(staff), deadline, "2026-09-01", "00:00")

    assert Milestone.objects.get(pk=deadline.pk).starts_at == bangkok(2026, 9, 1, 0, 0)
    assert warnings(response) == [
        thai(MIDNIGHT) % {"time": "00.00 น.", "date": "1 กันยายน 2569", "day_before": "31 สิงหาคม 2569"}
    ]


# Dates typed the Thai way: the Buddhist Era, Thai digits, two-digit years (core.thai.parse_thai_date).


def test_milestone_admin_reads_a_buddhist_era_date(login_as, staff):
    cycle = CycleFactory()

    add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "18/01/2570")

    assert cycle.milestones.get().starts_at == end_of_day(date(2027, 1, 18))


def test_milestone_admin_reads_a_two_digit_year_as_the_buddhist_era(login_as, staff):
    cycle = CycleFactory()

    add_milestone(login_as(staff), cycle, MilestoneKind.RESULTS, "15/9/65")

    assert cycle.milestones.get().starts_at == bangkok(2022, 9, 15, 0, 0)


def test_milestone_admin_reads_thai_digits_in_the_date_and_the_time(login_as, staff):
    cycle = CycleFactory()

    add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "๑๘/๐๑/๒๕๗๐", "๑๖.๓๐")

    assert cycle.milestones.get().starts_at == bangkok(2027, 1, 18, 16, 30)


def test_milestone_admin_says_an_impossible_date_does_not_exist_and_keeps_what_was_typed(login_as, staff):
    cycle = CycleFactory()

    response = add_milestone(login_as(staff), cycle, MilestoneKind.SUBMISSION_DEADLINE, "31/02/2565", "17:00")

    page = response.content.decode()
    assert not cycle.milestones.exists()
    assert thai("The date %(date)s does not exist: check the day and the month.") % {"date": "31/02/2565"} in page
    assert 'value="31/02/2565"' in page and 'value="17:00"' in page


def test_milestone_admin_shows_a_stored_date_in_the_buddhist_era(login_as, staff):
    milestone = MilestoneFactory(starts_at=end_of_day(date(2027, 1, 18)))

    page = login_as(staff).get(reverse("admin:awards_milestone_change", args=[milestone.pk])).content.decode()

    assert 'name="starts_at_0" value="18/01/2570"' in page
    assert 'name="starts_at_1" value="23:59:59"' in page
