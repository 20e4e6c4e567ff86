"""The search words follow the application: re-cut when an entered application or its organisation is
saved (a draft's autosaves cost nothing here)."""

from django.db.models.signals import post_save

from submissions.enums import ENTERED_STATUSES
from submissions.models import Application, Organisation


def _application_saved(sender, instance: Application, raw=False, **kwargs):
    if raw or instance.status not in ENTERED_STATUSES:
        return
    from .services import index

    index(instance)


def _organisation_saved(sender, instance: Organisation, raw=False, **kwargs):
    if raw:
        return
    from .services import index

    for application in instance.applications.filter(status__in=ENTERED_STATUSES).select_related(
        "organisation__province", "category"
    ):
        index(application)


def connect() -> None:
    post_save.connect(_application_saved, sender=Application, dispatch_uid="showcase.index_application")
    post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="showcase.index_organisation")
