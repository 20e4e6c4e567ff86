"""The audit log's account events: log-ins, failed log-ins, lock-outs, log-outs, 2FA changes and the
identities (ThaiD, LINE) linked and unlinked.

These receivers only record what happened (accounts.audit.record_event); they drive nothing.
"""

import time

from allauth.mfa import signals as mfa_signals
from allauth.socialaccount import signals as identity_signals
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .audit import record_event
from .security import attempted_email


def _logged_in(sender, request, user, **kwargs):
    from .middleware import LOGGED_IN_AT, SEEN_AT

    if request is not None and hasattr(request, "session"):
        request.session[LOGGED_IN_AT] = request.session[SEEN_AT] = time.time()
    record_event(actor=user, action="auth.login", target=user, request=request)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action="auth.logout", target=user, request=request)


def _login_failed(sender, credentials, request=None, **kwargs):
    email = attempted_email(request, credentials)
    record_event(actor=None, action="auth.login_failed", detail={"email": email or ""}, request=request)


def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record_event(actor=None, action="auth.locked_out", detail={"email": username or ""}, request=request)


def _authenticator_added(sender, request, user, authenticator, **kwargs):
    from .two_factor import record_second_factor

    record_event(actor=user, action="mfa.added", target=user, detail={"type": authenticator.type}, request=request)
    if authenticator.type == authenticator.Type.TOTP and request is not None:
        # Activating the authenticator app needs a valid code from it: this session has just passed
        # the second factor, so its holder need not type a second code to reach their area.
        record_second_factor(request, authenticator)


def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    record_event(actor=user, action="mfa.removed", target=user, detail={"type": authenticator.type}, request=request)


def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    record_event(actor=user, action="mfa.reset", target=user, detail={"type": authenticator.type}, request=request)


def _mfa_failed(sender, request, user, authenticator, **kwargs):
    record_event(
        actor=None, action="auth.mfa_failed", target=user, detail={"type": authenticator.type}, request=request
    )


def _identity_linked(sender, request, sociallogin, **kwargs):
    user = sociallogin.user
    record_event(
        actor=user,
        action="identity.link",
        target=user,
        detail={"provider": sociallogin.account.provider},
        request=request,
    )


def _identity_unlinked(sender, request, socialaccount, **kwargs):
    user = socialaccount.user
    record_event(
        actor=user, action="identity.unlink", target=user, detail={"provider": socialaccount.provider}, request=request
    )


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.audit.login")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts.audit.logout")
    user_login_failed.connect(_login_failed, dispatch_uid="accounts.audit.login_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.audit.locked_out")
    mfa_signals.authenticator_added.connect(_authenticator_added, dispatch_uid="accounts.audit.mfa_added")
    mfa_signals.authenticator_removed.connect(_authenticator_removed, dispatch_uid="accounts.audit.mfa_removed")
    mfa_signals.authenticator_reset.connect(_authenticator_reset, dispatch_uid="accounts.audit.mfa_reset")
    mfa_signals.authentication_failed.connect(_mfa_failed, dispatch_uid="accounts.audit.mfa_failed")
    identity_signals.social_account_added.connect(_identity_linked, dispatch_uid="accounts.audit.identity_linked")
    identity_signals.social_account_removed.connect(_identity_unlinked, dispatch_uid="accounts.audit.identity_unlinked")
