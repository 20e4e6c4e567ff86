from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and that knows nothing of awards: the e-mail outbox, PDFs, health checks,
    Thai dates and numbers."""

    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks on import)


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with dates in the Buddhist Era (``core.admin_dates``); named in
    ``INSTALLED_APPS`` in its place."""

    default = False  # chosen by name; CoreConfig stays this module's configuration for "core"

    def ready(self):
        from .admin_dates import install

        install()
        super().ready()
