"""Whether a service had served the public long enough by an application deadline.

Pure date arithmetic: no models, no database, no clock. "Six months" means calendar months, counted
the way people count them on a calendar: 15 March plus six months is 15 September, and a day that
the later month lacks clamps to its last day (31 August plus six months is 28 February, or 29 February
in a leap year).
"""

import calendar
from datetime import date

DEFAULT_MONTHS = 6


def add_months(day: date, months: int) -> date:
    """Return `day` moved by `months` calendar months (negative goes back), clamping the day of month."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    return day.replace(year=year, month=month + 1, day=min(day.day, _days_in_month(year, month + 1)))


def served_long_enough(started_on: date, deadline: date, months: int = DEFAULT_MONTHS) -> bool:
    """True when `started_on` plus `months` calendar months falls on or before `deadline`."""
    _refuse_negative(months)
    return add_months(started_on, months) <= deadline


def latest_qualifying_start(deadline: date, months: int = DEFAULT_MONTHS) -> date:
    """The latest start date that still qualifies: "the service must have started on or before X".

    Going back from the deadline is not the exact inverse of going forward because of clamping. When
    the deadline is the last day of its month, every start from the clamped day to the end of that
    earlier month lands on the deadline (29, 30 and 31 August 2022 all reach 28 February 2023), so
    the whole earlier month qualifies and the answer is its last day.
    """
    _refuse_negative(months)
    if deadline.day == _days_in_month(deadline.year, deadline.month):
        start_month = add_months(deadline.replace(day=1), -months)
        return start_month.replace(day=_days_in_month(start_month.year, start_month.month))
    return add_months(deadline, -months)


def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _refuse_negative(months: int) -> None:
    # A negative period would silently turn "served at least N months" into "starts up to N months
    # after the deadline", so it is a programming error, not an ineligible applicant.
    if months < 0:
        raise ValueError(f"months must be zero or more, not {months}")
