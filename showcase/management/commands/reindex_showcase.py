from django.core.management.base import BaseCommand

from submissions.enums import ENTERED_STATUSES
from submissions.models import Application

from ...services import index


class Command(BaseCommand):
    help = "Cut the search words of every entered application again (after a change of dictionary)."

    def handle(self, *args, **options):
        applications = Application.objects.filter(status__in=ENTERED_STATUSES).select_related(
            "organisation__province", "category"
        )
        count = sum(1 for application in applications.iterator() if index(application))
        self.stdout.write(f"indexed {count} applications")
