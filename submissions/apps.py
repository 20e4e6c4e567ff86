from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Applications")

    def ready(self):
        # Registers the receipt's renderer with the outbox, so that every worker can attach it.
        from . import receipts  # noqa: F401

        # Each app that holds data about applications says what goes when a cycle's retention ends.
        autodiscover_modules("retention")

        # A finalist's or winner's edits renew the public pages' cached copies (core/pagecache.py).
        from . import page_cache

        page_cache.connect()
