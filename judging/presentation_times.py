"""Times of day for the presentation schedule: breaks typed as "12:00-13:00", one a line, on the
window's day in the project's time zone (Asia/Bangkok)."""

import re
from datetime import datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

_LINE = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*[-–]\s*(\d{1,2})[:.](\d{2})\s*$")


def parse_breaks(text: str) -> list[tuple[time, time]]:
    """Each non-empty line as (start, end); a ValueError names the line that is not understood."""
    breaks = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _LINE.match(line)
        try:
            if not match:
                raise ValueError
            h1, m1, h2, m2 = (int(part) for part in match.groups())
            start, end = time(h1, m1), time(h2, m2)
        except ValueError:
            raise ValueError(_("“%(line)s”: write a break as 12:00-13:00") % {"line": line.strip()}) from None
        if end <= start:
            raise ValueError(_("“%(line)s”: a break must end after it starts") % {"line": line.strip()})
        breaks.append((start, end))
    return breaks


def breaks_between(text: str, starts_at: datetime, ends_at: datetime) -> tuple[tuple[datetime, datetime], ...]:
    """The breaks as moments on every local day the window covers."""
    first, last = timezone.localdate(starts_at), timezone.localdate(ends_at)
    days = [first.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    return tuple(
        (timezone.make_aware(datetime.combine(day, start)), timezone.make_aware(datetime.combine(day, end)))
        for day in days
        for start, end in parse_breaks(text)
    )
