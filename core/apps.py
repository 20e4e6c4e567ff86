from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and that knows nothing of awards: the e-mail outbox, PDFs, health checks,
    Thai dates and numbers."""

    name = "core"
    verbose_name = _("Platform")
