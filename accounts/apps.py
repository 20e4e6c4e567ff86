from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, **kwargs):
    from .services import ensure_role_groups

    ensure_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Groups and their permissions are set up after every migrate: permissions only exist then,
        # and they are created app by app, so this runs (idempotently) after each app's turn.
        post_migrate.connect(_ensure_groups, dispatch_uid="accounts.ensure_role_groups")
        from . import checks, signals  # noqa: F401 (checks registers the deploy check on import)

        signals.connect()
        # Each app that keeps personal data says so in its own privacy.py (export and erasure).
        autodiscover_modules("privacy")
