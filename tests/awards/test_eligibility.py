"""Calendar-month eligibility: edges around the 2022 deadline, month-end clamping and a sweep of 2021-2024."""

from datetime import date, timedelta

import pytest

from awards.eligibility import add_months, latest_qualifying_start, served_long_enough

DEADLINE_2022 = date(2022, 8, 31)
ONE_DAY = timedelta(days=1)


def test_add_months_clamps_31_august_to_28_february():
    assert add_months(date(2022, 8, 31), 6) == date(2023, 2, 28)


def test_add_months_clamps_31_august_to_29_february_in_leap_year():
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_add_months_crosses_year_end():
    assert add_months(date(2022, 11, 15), 3) == date(2023, 2, 15)


def test_add_months_goes_back_with_negative_months():
    assert add_months(date(2023, 3, 31), -1) == date(2023, 2, 28)


def test_add_months_goes_back_across_year_start():
    assert add_months(date(2022, 2, 10), -14) == date(2020, 12, 10)


def test_add_months_zero_returns_same_day():
    assert add_months(date(2024, 2, 29), 0) == date(2024, 2, 29)


def test_served_long_enough_start_28_february_2022_qualifies_for_2022_deadline():
    assert served_long_enough(date(2022, 2, 28), DEADLINE_2022) is True


def test_served_long_enough_start_1_march_2022_misses_2022_deadline():
    assert served_long_enough(date(2022, 3, 1), DEADLINE_2022) is False


def test_served_long_enough_exactly_six_months_qualifies():
    assert served_long_enough(date(2022, 3, 15), date(2022, 9, 15)) is True


def test_served_long_enough_one_day_short_fails():
    assert served_long_enough(date(2022, 3, 16), date(2022, 9, 15)) is False


def test_served_long_enough_start_after_deadline_fails():
    assert served_long_enough(date(2022, 9, 1), DEADLINE_2022) is False


def test_served_long_enough_start_on_deadline_fails():
    assert served_long_enough(DEADLINE_2022, DEADLINE_2022) is False


def test_served_long_enough_zero_months_start_on_deadline_qualifies():
    assert served_long_enough(DEADLINE_2022, DEADLINE_2022, months=0) is True


def test_served_long_enough_zero_months_start_after_deadline_fails():
    assert served_long_enough(DEADLINE_2022 + ONE_DAY, DEADLINE_2022, months=0) is False


def test_served_long_enough_twelve_months_from_leap_day_qualifies_on_28_february():
    assert served_long_enough(date(2024, 2, 29), date(2025, 2, 28), months=12) is True


def test_served_long_enough_negative_months_refused():
    with pytest.raises(ValueError) as raised:
        served_long_enough(date(2022, 1, 1), DEADLINE_2022, months=-1)

    assert str(raised.value) == "months must be zero or more, not -1"


def test_latest_qualifying_start_2022_deadline_is_28_february_2022():
    assert latest_qualifying_start(DEADLINE_2022) == date(2022, 2, 28)


def test_latest_qualifying_start_deadline_mid_month_keeps_day():
    assert latest_qualifying_start(date(2022, 9, 15)) == date(2022, 3, 15)


def test_latest_qualifying_start_deadline_on_month_end_allows_whole_earlier_month():
    # 31 August 2022 + 6 months clamps to 28 February 2023, so the whole of August qualifies.
    assert latest_qualifying_start(date(2023, 2, 28)) == date(2022, 8, 31)


def test_latest_qualifying_start_deadline_on_leap_day_allows_whole_earlier_month():
    assert latest_qualifying_start(date(2024, 2, 29)) == date(2023, 8, 31)


def test_latest_qualifying_start_deadline_clamped_but_not_month_end():
    # 30 March minus one month clamps to 28 February; 1 March + 1 month is 1 April, too late.
    assert latest_qualifying_start(date(2023, 3, 30), months=1) == date(2023, 2, 28)


def test_latest_qualifying_start_zero_months_is_deadline():
    assert latest_qualifying_start(DEADLINE_2022, months=0) == DEADLINE_2022


def test_latest_qualifying_start_negative_months_refused():
    with pytest.raises(ValueError) as raised:
        latest_qualifying_start(DEADLINE_2022, months=-6)

    assert str(raised.value) == "months must be zero or more, not -6"


def _every_day(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


@pytest.mark.parametrize("months", [0, 1, 6, 12, 18])
def test_latest_qualifying_start_is_last_qualifying_day_for_every_deadline_2021_to_2024(months):
    misses = [
        deadline
        for deadline in _every_day(date(2021, 1, 1), date(2024, 12, 31))
        if not served_long_enough(latest_qualifying_start(deadline, months), deadline, months)
        or served_long_enough(latest_qualifying_start(deadline, months) + ONE_DAY, deadline, months)
    ]

    assert misses == []
