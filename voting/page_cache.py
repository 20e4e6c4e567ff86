"""The Popular Vote's part of the public-page cache (core/pagecache.py) beyond the polls' own version
(``selectors.announce_poll_change``): the identity providers a voter may prove who they are with
(``oidc.identity_providers``, kept under the site's version) change when staff add, edit or remove a
provider app (allauth's ``SocialApp``) in admin, rarely."""

from allauth.socialaccount.models import SocialApp

from core import pagecache


def _changed(instance) -> None:
    pagecache.changed(site=True)


def connect() -> None:
    pagecache.connect(_changed, [SocialApp])
