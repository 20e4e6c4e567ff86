"""What the reminder ledger removes when a cycle's retention ends (see submissions.retention): who
was reminded of what in that cycle. Its deadlines are long past, so nothing could be sent twice."""

from submissions.retention import Purge, purger

from .models import Reminder


@purger
def purge_reminders(purge: Purge) -> None:
    purge.delete(Reminder.objects.filter(cycle=purge.cycle))
