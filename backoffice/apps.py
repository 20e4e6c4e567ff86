from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    """The staff's back office (the dashboard inside admin) and the DLA/province report. The top
    floor: it may read every app, and no app reads it."""

    name = "backoffice"
    verbose_name = _("Back office")
