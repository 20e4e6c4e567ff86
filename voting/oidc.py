"""Voters who prove who they are with LINE or ThaiD, through django-allauth's OpenID Connect flow (the
same providers as applicants' sign-in, accounts/identity.py), without an account.

1. The voter reads the notice, agrees, and our view asks allauth's provider to redirect to LINE or
   ThaiD with allauth's ``redirect`` process (``AuthProcess.REDIRECT``: allauth checks the provider's
   answer, then only redirects; it never logs anyone in), carrying in the state's ``data`` the poll,
   the finalist to come back to, the language and the moment of consent.
2. Back at allauth's callback, after allauth has verified the code, the tokens and the subject,
   allauth sends ``pre_social_login``; our receiver sees the vote's data, makes the voter of the
   keyed hash of the subject and answers with the pass (``ImmediateHttpResponse``). No user, no
   social account and no token is written; a claim such as ThaiD's citizen ID is never read.

What is kept: ``Voter(kind=line|thaid)`` with ``identity_hash`` = voting's keyed hash (its own
purpose per provider) of allauth's uid, which our provider class has already made a keyed hash of
the subject (accounts.identity.PrivateSubjectProvider): the plain subject never reaches the database.
"""

from datetime import datetime

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.signals import pre_social_login
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import pagecache

from . import passes
from .enums import VerifierKind
from .identity import keyed_hash
from .models import Poll
from .services.codes import voter_for_identity

PROVIDER_PROOFS = (VerifierKind.LINE, VerifierKind.THAID)
# The providers' own names, as sentences name them (the proofs' labels say "LINE Login").
PROVIDER_NAMES = {VerifierKind.LINE: "LINE", VerifierKind.THAID: "ThaiD"}
MARK = "popular-vote"


def identity_providers(request) -> dict[str, str]:
    """The configured OpenID Connect providers that stand for a voter's proof: {proof: name}. Kept
    beside the public pages (core.pagecache.public_part, under the site's version, which every save or
    deletion of a provider app renews: voting/page_cache.py), so that a crowd asking for codes does not read
    allauth's apps on each request; only the proofs' names are kept, never a client's secret."""
    return pagecache.public_part(
        "vote:identity-providers", lambda: _read_identity_providers(request), by_language=False
    )


def _read_identity_providers(request) -> dict[str, str]:
    apps = get_adapter().list_apps(request, provider="openid_connect")
    return {app.provider_id: app.name for app in apps if app.provider_id in PROVIDER_PROOFS}


def redirect_to_provider(request, *, poll: Poll, proof: str, next_pk: str):
    """allauth's redirect to the provider of ``proof`` for a voter who has just agreed to the notice."""
    provider = get_adapter().get_provider(request, "openid_connect", client_id=_client_id(request, proof))
    data = {
        "mark": MARK,
        "poll": poll.pk,
        "next": next_pk,
        "language": translation.get_language(),
        "consented_at": timezone.now().isoformat(),
        "notice": settings.PRIVACY_NOTICE_VERSION,
    }
    # allauth keeps ``next`` in the state: where a cancelled or failed sign-in comes back to.
    back = request.get_full_path()
    return provider.redirect(request, AuthProcess.REDIRECT, next_url=back, data=data)


def _client_id(request, proof: str) -> str:
    for app in get_adapter().list_apps(request, provider="openid_connect"):
        if app.provider_id == proof:
            return app.client_id
    raise LookupError(proof)


def voter_from_provider(request, sociallogin: SocialLogin, **kwargs) -> None:
    """allauth's ``pre_social_login`` receiver: a voter's return from LINE or ThaiD ends here with
    their pass; any other sign-in goes on as allauth and accounts.identity decide."""
    state = sociallogin.state or {}
    data = state.get("data") or {}
    if state.get("process") != AuthProcess.REDIRECT or not isinstance(data, dict) or data.get("mark") != MARK:
        return
    proof = sociallogin.account.provider
    poll = Poll.objects.select_related("cycle").filter(pk=data.get("poll")).first()
    if poll is None or proof not in PROVIDER_PROOFS or not poll.accepts(proof):
        raise ImmediateHttpResponse(redirect("home"))
    voter = voter_for_identity(
        kind=proof,
        identity_hash=keyed_hash(sociallogin.account.uid, purpose=f"oidc:{proof}"),
        similarity_hash=keyed_hash(sociallogin.account.uid, purpose=f"oidc:{proof}"),
        language=data.get("language") or settings.LANGUAGE_CODE,
        notice_version=data.get("notice") or settings.PRIVACY_NOTICE_VERSION,
        consented_at=datetime.fromisoformat(data["consented_at"]),
    )
    next_pk = str(data.get("next") or "")
    with translation.override(voter.language):
        messages.success(
            request,
            _("You have proved who you are with %(provider)s. You can vote now.") % {"provider": PROVIDER_NAMES[proof]},
        )
        response = redirect(passes.after_verification(poll.cycle.slug, next_pk if next_pk.isdigit() else ""))
    passes.set_pass(response, voter.pk, proof)
    raise ImmediateHttpResponse(response)


def connect() -> None:
    pre_social_login.connect(voter_from_provider, sender=SocialLogin, dispatch_uid="voting.oidc.voter")
