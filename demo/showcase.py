"""The demo's showcase: the search words of every entered demo application (some demo editions set
statuses in bulk, which sends no signal), and one featured solution."""

from showcase.models import Solution
from showcase.services import index
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application


def load_showcase_demo() -> None:
    applications = Application.objects.filter(status__in=ENTERED_STATUSES).select_related(
        "organisation__province", "category"
    )
    for application in applications.filter(solution__isnull=True):
        index(application)
    if not Solution.objects.filter(featured=True).exists():
        first = Solution.objects.filter(application__status="awarded").order_by("application_id").first()
        if first is not None:
            Solution.objects.filter(pk=first.pk).update(featured=True)
