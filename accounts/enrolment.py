"""Proof of the inbox before a privileged account sets up its first second factor.

Staff, superusers, chairs and judges must use an authenticator app; whoever holds such a person's
password before their first log-in must not be able to set one up in their place. So the set-up page
opens only in a session that has followed the link of an e-mail sent to the account's address at
log-in (or sent by staff from admin): a signed token (``TimestampSigner``, its own salt) holding the
user's id and a random nonce, valid ``TWO_FACTOR_ENROLMENT_LINK_HOURS``, and single-use: the nonce of
the one live link per person is kept in the cache (Redis in production) and consumed when opened;
sending a new link retires the earlier one.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import email_user
from core.models import OutboundEmail

from .audit import record_event

SALT = "accounts.two-factor-enrolment"
SESSION_KEY = "accounts.enrolment_proven_for"


def _nonce_key(user_id) -> str:
    return f"accounts:enrolment-nonce:{user_id}"


def _max_age() -> int:
    return settings.TWO_FACTOR_ENROLMENT_LINK_HOURS * 3600


def send_enrolment_link(*, user, by=None, request=None) -> OutboundEmail:
    """E-mail the person a fresh link to set up two-factor authentication (earlier links stop working)."""
    nonce = secrets.token_urlsafe(16)
    cache.set(_nonce_key(user.pk), nonce, timeout=_max_age())
    token = signing.TimestampSigner(salt=SALT).sign_object({"user": user.pk, "nonce": nonce})
    with translation.override(user.language):
        path = reverse("accounts:two_factor_enrolment_link", args=[token])
    expires_at = timezone.now() + timedelta(seconds=_max_age())
    record_event(actor=by or user, action="mfa.enrolment_link_sent", target=user, request=request)
    return email_user(
        user=user,
        kind="two_factor_enrolment",
        template="two_factor_enrolment",
        context={"link_path": path, "expires_at": expires_at},
    )


def open_enrolment_link(*, request, token: str) -> bool:
    """Mark this session as allowed to set up an authenticator for its user when ``token`` is a live
    link of that same user; the link is used up. Returns whether it was."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=_max_age())
    except signing.BadSignature:
        return False
    user = request.user
    if not isinstance(value, dict) or value.get("user") != user.pk:
        return False
    nonce = cache.get(_nonce_key(user.pk))
    if nonce is None or not secrets.compare_digest(str(nonce), str(value.get("nonce"))):
        return False
    cache.delete(_nonce_key(user.pk))
    request.session[SESSION_KEY] = user.pk
    record_event(actor=user, action="mfa.enrolment_link_opened", target=user, request=request)
    return True


def enrolment_proven(request) -> bool:
    return request.session.get(SESSION_KEY) == request.user.pk
