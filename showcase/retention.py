"""What the showcase removes when a cycle's retention ends (see submissions.retention): the search words
and curation of the applications that go. Those kept (the winners) stay in the showcase."""

from submissions.retention import Purge, purger

from .models import Solution


@purger
def purge_showcase(purge: Purge) -> None:
    purge.delete(
        Solution.objects.filter(application__cycle=purge.cycle).exclude(application_id__in=purge.kept), counted=False
    )
