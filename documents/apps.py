from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = _("Documents")

    def ready(self):
        # Registers the letter's renderer with the outbox and the letters' receivers of the lower
        # apps' events, so that every process (web and workers) issues and attaches them.
        from . import letters, receivers  # noqa: F401

        receivers.connect()

        # The edition's emblem renews the public pages' cached copies (core/pagecache.py).
        from . import page_cache

        page_cache.connect()
