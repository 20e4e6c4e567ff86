from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JudgingConfig(AppConfig):
    name = "judging"
    verbose_name = _("Judging")

    def ready(self):
        # Registers the .ics renderers with the outbox, so that every worker can attach them; a decision
        # renews the public pages' cached copies (core/pagecache.py).
        from . import ics, page_cache  # noqa: F401

        page_cache.connect()
