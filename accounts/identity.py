"""Sign-in with ThaiD and LINE: allauth's OpenID Connect provider, with two rules of ours.

1. **Only a keyed hash of the subject is stored.** allauth would keep the provider's subject (``sub``)
   and every claim it received (ThaiD's include the 13-digit citizen ID). Our provider class replaces
   the subject with an HMAC keyed with ``IDENTITY_HASH_KEY`` (per provider, so two providers' subjects
   never meet) and keeps no claim at all; tokens are not stored (``SOCIALACCOUNT_STORE_TOKENS``).
   Looking an identity up works the same way: allauth hashes what the provider says, then finds it.
2. **An identity opens only the account it was linked to.** A person links ThaiD or LINE to the
   account they are signed in to (``/account/``); a sign-in with an identity linked to no account is
   refused with a message that says how to link it, rather than creating a second account (whose
   e-mail would be unverified and which would hold no PDPA consent). The provider's e-mail is never
   used to find an account (``SOCIALACCOUNT_EMAIL_AUTHENTICATION``).

Linking and unlinking are audited (accounts/signals.py). Sign-ins through an identity pass the same gates as passwords:
the two-factor requirement of staff, chairs and judges is enforced by the middleware, whatever the
way in.
"""

import logging
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlsplit

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter, get_adapter
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.hashing import keyed_hash

logger = logging.getLogger(__name__)


def subject_hash(provider_id: str, subject: str) -> str:
    return keyed_hash(subject, key=settings.IDENTITY_HASH_KEY, purpose=f"oidc-subject:{provider_id}")


class PrivateSubjectProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider that keeps no claim and only a keyed hash of the subject."""

    def extract_uid(self, data):
        return subject_hash(self.app.provider_id, super().extract_uid(data))

    def extract_extra_data(self, data):
        return {}

    def extract_common_fields(self, data):
        return {}

    def extract_email_addresses(self, data):
        return []

    @property
    def is_stand_in(self) -> bool:
        return bool(self.app.settings.get("stand_in"))


class IdentityAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        instance = super().get_provider(request, provider, client_id)
        if isinstance(instance, OpenIDConnectProvider) and not isinstance(instance, PrivateSubjectProvider):
            return PrivateSubjectProvider(request, app=instance.app)
        return instance

    def pre_social_login(self, request, sociallogin: SocialLogin) -> None:
        # "redirect" logs nobody in (allauth only redirects after checking the provider's answer): the
        # Popular Vote's voters prove who they are this way, without an account (voting/oidc.py).
        if sociallogin.state.get("process") in (AuthProcess.CONNECT, AuthProcess.REDIRECT) or sociallogin.is_existing:
            return
        name = sociallogin.provider.name
        messages.error(
            request,
            _(
                "This %(provider)s identity is not linked to an account here yet. Log in with your e-mail "
                "address and password, then link %(provider)s under My account; after that it signs you in."
            )
            % {"provider": name},
        )
        raise ImmediateHttpResponse(redirect("account_login"))

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        return reverse("accounts:account")

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        state = (extra_context or {}).get("state") or {}
        if state.get("process") == AuthProcess.REDIRECT and state.get("next"):
            # Someone proving who they are without an account (a Popular Vote's voter): back to the
            # page they came from, not to the log-in page.
            messages.error(
                request,
                _(
                    "Proving who you are with %(provider)s did not complete (it was cancelled or %(provider)s "
                    "did not answer). Try again, or choose another way."
                )
                % {"provider": getattr(provider, "name", "") or _("the identity provider")},
            )
            raise ImmediateHttpResponse(redirect(state["next"]))
        messages.error(
            request,
            _(
                "Signing in with %(provider)s did not complete (it was cancelled or %(provider)s did not "
                "answer). Try again, or log in with your e-mail address and password."
            )
            % {"provider": getattr(provider, "name", "") or _("the identity provider")},
        )
        raise ImmediateHttpResponse(redirect("account_login"))


@dataclass(frozen=True)
class Identity:
    """One sign-in provider as the account page shows it: linked to this account or not."""

    provider_id: str
    name: str
    stand_in: bool
    linked: SocialAccount | None


def identities_of(request, user) -> list[Identity]:
    """The configured identity providers, each with this person's link to it (if any)."""
    linked = {account.provider: account for account in SocialAccount.objects.filter(user=user)}
    return [
        Identity(
            provider_id=app.provider_id,
            name=app.name,
            stand_in=bool(app.settings.get("stand_in")),
            linked=linked.get(app.provider_id),
        )
        for app in get_adapter().list_apps(request, provider="openid_connect")
    ]


def allow_forms_to_providers(request, response, provider_ids) -> None:
    """Let this page's forms go on to these providers' sign-in pages. The forms post to our own
    address, which redirects to the provider's origin; the site's Content Security Policy
    (form-action 'self') holds for that redirect too, so a browser would stop there without this."""
    wanted = set(provider_ids)
    origins = []
    for app in get_adapter().list_apps(request, provider="openid_connect"):
        parts = urlsplit(app.settings.get("server_url", ""))
        if app.provider_id in wanted and parts.scheme and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    if origins:
        policy = dict(getattr(response, "_csp_config", None) or settings.SECURE_CSP)
        policy["form-action"] = [*policy.get("form-action", []), *dict.fromkeys(origins)]
        response._csp_config = policy


def provider_answers_or_login_page(view):
    """allauth's OpenID Connect views, with a provider that does not answer (down, or slower than
    ``SOCIALACCOUNT_REQUESTS_TIMEOUT``) sent back to the log-in page with a message instead of a 500."""

    @login_not_required
    @wraps(view)
    def wrapper(request, provider_id):
        try:
            response = view(request, provider_id)
        except requests.RequestException as error:
            logger.warning("identity provider %s did not answer: %s", provider_id, error)
            messages.error(
                request,
                _(
                    "The identity service is not answering at the moment. Try again in a few minutes, or "
                    "log in with your e-mail address and password."
                ),
            )
            return redirect("account_login")
        # The start page asks before leaving: its form goes on to the provider.
        allow_forms_to_providers(request, response, [provider_id])
        return response

    return wrapper


# Our own patterns for allauth's OpenID Connect pages: same addresses and names, wrapped as above.
urlpatterns = [
    path(
        "oidc/<str:provider_id>/login/",
        provider_answers_or_login_page(openid_connect_views.login),
        name="openid_connect_login",
    ),
    path(
        "oidc/<str:provider_id>/login/callback/",
        provider_answers_or_login_page(openid_connect_views.callback),
        name="openid_connect_callback",
    ),
]
