from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Competition")

    def ready(self):
        from core.emails import default_sender_source

        from .selectors import live_sender_block

        # E-mails of no edition (allauth's, vote codes) end with the live edition's sender block.
        default_sender_source(live_sender_block)

        # What the public pages show of the competition renews their cached copies (core/pagecache.py).
        from . import page_cache

        page_cache.connect()
