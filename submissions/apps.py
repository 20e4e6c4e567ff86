from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


def _ensure_provinces(sender, using="default", **kwargs):
    """The 77 provinces after every migrate and every flush (a test database's, a restored dump's):
    reference data that a migration loads and a flush would otherwise leave empty."""
    from .models import Province
    from .services.provinces import ensure_provinces

    if Province._meta.db_table in connections[using].introspection.table_names():
        ensure_provinces()


class SubmissionsConfig(AppConfig):
    name = "submissions"
    verbose_name = _("Applications")

    def ready(self):
        post_migrate.connect(_ensure_provinces, sender=self, dispatch_uid="submissions.ensure_provinces")
        # Registers the receipt's renderer with the outbox, so that every worker can attach it.
        from . import receipts  # noqa: F401

        # Each app that holds data about applications says what goes when a cycle's retention ends.
        autodiscover_modules("retention")

        # A finalist's or winner's edits renew the public pages' cached copies (core/pagecache.py).
        from . import page_cache

        page_cache.connect()

        # An edit of a form ends what each process kept of it for the autosave (form_memo.py).
        from . import form_memo

        form_memo.connect()
