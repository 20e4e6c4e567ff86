from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


def _ensure_groups(sender, **kwargs):
    # post_migrate is sent once per app with models, in INSTALLED_APPS order, after that app's
    # permissions are created (and again after every flush): the groups need every app's permissions,
    # so they are set up once, at the last app's turn, instead of at each app's.
    if sender is not [config for config in apps.get_app_configs() if config.models_module is not None][-1]:
        return
    from .services import ensure_role_groups

    ensure_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Groups and their permissions are set up (idempotently) after every migrate and flush:
        # permissions only exist then.
        post_migrate.connect(_ensure_groups, dispatch_uid="accounts.ensure_role_groups")
        from . import checks, signals  # noqa: F401 (checks registers the deploy check on import)

        signals.connect()
        # Each app that keeps personal data says so in its own privacy.py (export and erasure).
        autodiscover_modules("privacy")
