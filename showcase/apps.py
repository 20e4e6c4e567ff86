from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    name = "showcase"
    verbose_name = _("Showcase of solutions")

    def ready(self):
        from . import receivers

        receivers.connect()

        # Curation renews the public pages' cached copies (core/pagecache.py).
        from . import page_cache

        page_cache.connect()
