from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "voting"
    verbose_name = _("Popular Vote")

    def ready(self):
        from . import oidc, page_cache

        oidc.connect()
        # An edit of a provider app renews what the verification pages keep of the providers.
        page_cache.connect()
