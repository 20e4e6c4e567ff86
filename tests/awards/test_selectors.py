from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from awards.enums import MilestoneKind, Phase
from awards.selectors import current_cycle, current_phase, eligibility_rules, rubric_table, timeline
from tests.factories import (
    CriterionFactory,
    CycleFactory,
    DeadlineExtensionFactory,
    DimensionFactory,
    FieldFactory,
    MilestoneFactory,
    SectionFactory,
    facts_field,
)

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2022, 9, day, hour))


@pytest.fixture
def cycle():
    """A cycle like 2022: open until 31 Aug, presentations 14 Sep 10-15, voting 6-13 Sep, results 15 Sep."""
    cycle = CycleFactory()
    moments = {
        MilestoneKind.APPLICATIONS_OPEN: (timezone.make_aware(datetime(2022, 7, 1)), None),
        MilestoneKind.SUBMISSION_DEADLINE: (timezone.make_aware(datetime(2022, 8, 31, 23, 59, 59)), None),
        MilestoneKind.VOTING: (at(6, 0), at(13, 23)),
        MilestoneKind.PRESENTATIONS: (at(14, 10), at(14, 15)),
        MilestoneKind.RESULTS: (at(15, 9), None),
    }
    for kind, (starts_at, ends_at) in moments.items():
        MilestoneFactory(cycle=cycle, kind=kind, starts_at=starts_at, ends_at=ends_at)
    return cycle


@pytest.mark.parametrize(
    ("moment", "phase"),
    [
        (timezone.make_aware(datetime(2022, 6, 30, 23, 59)), Phase.UPCOMING),
        (timezone.make_aware(datetime(2022, 7, 1)), Phase.OPEN),
        (timezone.make_aware(datetime(2022, 8, 31, 23, 59, 59)), Phase.OPEN),
        (timezone.make_aware(datetime(2022, 9, 1, 0, 0)), Phase.JUDGING),
        (at(6, 1), Phase.VOTING),
        (at(14, 9), Phase.JUDGING),
        (at(14, 10), Phase.PRESENTATIONS),
        (at(14, 15), Phase.PRESENTATIONS),
        (at(14, 16), Phase.JUDGING),
        (at(15, 9), Phase.RESULTS),
        (timezone.make_aware(datetime(2030, 1, 1)), Phase.RESULTS),
    ],
)
def test_current_phase_follows_the_timeline(cycle, moment, phase):
    assert current_phase(cycle, moment) == phase


def test_current_phase_without_deadline_is_upcoming():
    cycle = CycleFactory()
    assert current_phase(cycle, at(1)) == Phase.UPCOMING


def test_current_phase_without_opening_date_is_open_until_deadline():
    cycle = CycleFactory()
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=at(30))
    assert current_phase(cycle, timezone.make_aware(datetime(2000, 1, 1))) == Phase.OPEN


def test_current_phase_follows_an_extended_deadline(cycle):
    from awards.services import extend_milestone

    deadline = cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)
    extend_milestone(milestone=deadline, new_at=at(4, 23))
    assert current_phase(cycle, at(3)) == Phase.OPEN


def test_current_cycle_is_newest_unarchived_published():
    CycleFactory(year=2022, is_archived=True)
    CycleFactory(year=2027, is_published=False)
    newest = CycleFactory(year=2026)
    CycleFactory(year=2025)
    assert current_cycle() == newest


def test_current_cycle_none_when_nothing_published():
    CycleFactory(is_published=False)
    assert current_cycle() is None


def test_rubric_table_flags_dimension_whose_criteria_fall_short():
    short = DimensionFactory(position=2, points=Decimal(30))
    for maximum in (5, 15, 5):
        CriterionFactory(dimension=short, max_points=Decimal(maximum))
    whole = DimensionFactory(rubric=short.rubric, position=1, points=Decimal(10))
    for maximum in (4, 3, 3):
        CriterionFactory(dimension=whole, max_points=Decimal(maximum))

    table = rubric_table(short.rubric)

    assert [row.dimension.position for row in table.rows] == [1, 2]
    assert [row.criteria_total for row in table.rows] == [Decimal(10), Decimal(25)]
    assert [row.dimension for row in table.discrepancies] == [short]
    assert table.total_points == Decimal(40)


def test_rubric_table_query_count_does_not_grow(django_assert_num_queries):
    small = DimensionFactory()
    CriterionFactory(dimension=small)
    # Positions given: the factory's own sequence could reach 11-13 and collide with the others.
    large = DimensionFactory(position=1)
    for position in range(2, 5):
        CriterionFactory(dimension=DimensionFactory(rubric=large.rubric, position=position))

    with django_assert_num_queries(2):
        rubric_table(small.rubric)
    with django_assert_num_queries(2):
        rubric_table(large.rubric)


def test_timeline_marks_past_and_next_and_shows_extensions(cycle):
    deadline = cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)
    extension = DeadlineExtensionFactory(milestone=deadline, previous_at=deadline.starts_at - timedelta(days=32))

    entries = timeline(cycle, at(10))

    assert [e.milestone.kind for e in entries] == [
        MilestoneKind.APPLICATIONS_OPEN,
        MilestoneKind.SUBMISSION_DEADLINE,
        MilestoneKind.VOTING,
        MilestoneKind.PRESENTATIONS,
        MilestoneKind.RESULTS,
    ]
    assert [e.is_past for e in entries] == [True, True, False, False, False]
    assert [e.is_next for e in entries] == [False, False, True, False, False]
    assert entries[1].extensions == [extension]


def test_timeline_deadline_is_not_past_in_its_last_second(cycle):
    last_second = timezone.make_aware(datetime(2022, 8, 31, 23, 59, 59, 999_999))

    entries = timeline(cycle, last_second)

    assert [(e.milestone.kind, e.is_past, e.is_next) for e in entries[:2]] == [
        (MilestoneKind.APPLICATIONS_OPEN, True, False),
        (MilestoneKind.SUBMISSION_DEADLINE, False, True),
    ]


def test_timeline_shows_the_time_of_a_deadline_only_when_it_is_not_the_end_of_the_day(cycle):
    deadline = cycle.milestones.get(kind=MilestoneKind.SUBMISSION_DEADLINE)
    at_end_of_day = [e.shows_time for e in timeline(cycle, at(1)) if e.milestone == deadline]
    deadline.starts_at = timezone.make_aware(datetime(2022, 8, 31, 17, 0))
    deadline.save()

    at_five_pm = [e.shows_time for e in timeline(cycle, at(1)) if e.milestone == deadline]

    assert (at_end_of_day, at_five_pm) == ([False], [True])


def test_eligibility_rules_state_the_six_month_rule_with_its_latest_date(cycle):
    facts_field(cycle)

    with translation.override("th"):
        thai_rules = eligibility_rules(cycle)
    with translation.override("en"):
        english_rules = eligibility_rules(cycle)

    assert thai_rules == [
        "ผลงานต้องให้บริการประชาชนมาแล้วอย่างน้อย 6 เดือนก่อนวันปิดรับสมัคร: ต้องเริ่มให้บริการภายในวันที่ 28 กุมภาพันธ์ 2565"
    ]
    assert english_rules == [
        "The service must have served the public for at least 6 months by the deadline: it must have started "
        "on or before 28 February 2022."
    ]


def test_eligibility_rules_leave_out_retired_questions_and_questions_without_a_rule(cycle):
    old = facts_field(cycle, rule_value=Decimal(12), rule_message_th="เก่า {n} เดือน")
    old.retired = True
    old.save()
    FieldFactory(section__cycle=cycle, key="problem")
    section = SectionFactory(cycle=cycle, position=1)
    rule = {"max_chars": None, "section": section}
    FieldFactory(key="consent", kind="yes_no", rule="must_be_yes", rule_message_th="ต้องยินยอม", **rule)
    budget = {"rule": "at_most", "rule_value": Decimal(5000000), "rule_message_th": "งบประมาณไม่เกิน {n} บาท"}
    FieldFactory(key="budget", kind="money", **budget, **rule)

    with translation.override("th"):
        assert eligibility_rules(cycle) == ["ต้องยินยอม", "งบประมาณไม่เกิน 5,000,000 บาท"]
