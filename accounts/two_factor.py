"""Two-factor authentication: who must use it, and whether a session has passed it.

allauth's MFA does the work (TOTP authenticators, recovery codes, the code step at log-in); this module
holds the platform's rule on top: staff, superusers, committee chairs and judges must have an
authenticator, and their session must have passed it before they reach admin or the judges' area.
"""

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator

from .enums import Role

TWO_FACTOR_ROLES = (Role.STAFF, Role.CHAIR, Role.JUDGE)


def two_factor_required(user, roles: frozenset[str] | None = None) -> bool:
    """Staff, superusers, chairs and judges hold data that must not leak: they must use 2FA.
    ``roles`` (the user's group names) saves the query when the caller has them already."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    names = {role.value for role in TWO_FACTOR_ROLES}
    if roles is not None:
        return bool(names & roles)
    return user.groups.filter(name__in=names).exists()


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def session_passed_two_factor(request) -> bool:
    """True when this session's log-in included a second factor for this user (allauth records each
    authentication step in the session; a code at log-in or a re-authentication adds an "mfa" one)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def record_second_factor(request, authenticator: Authenticator) -> None:
    """Mark the session as having passed the second factor with this authenticator, as allauth's
    log-in step does (used when a person proves the code while activating their authenticator)."""
    record_authentication(request, authenticator.user, "mfa", id=authenticator.pk, type=authenticator.type)
