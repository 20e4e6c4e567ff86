from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase of solutions")

    def ready(self):
        from . import receivers

        receivers.connect()
