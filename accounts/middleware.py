"""Request-level account security and the one log line per request.

``AccountSecurityMiddleware`` enforces, for every request of a logged-in person:

- nobody without Django's staff flag reaches admin (403, whatever their other roles), and admin's own
  log-in form, which knows nothing of two-factor authentication, hands over to the site's log-in;
- staff, superusers, chairs and judges (``two_factor.two_factor_required``) are logged out
  ``SESSION_PRIVILEGED_MAX_AGE`` after their log-in and after ``SESSION_IDLE_TIMEOUT`` without a request;
- such a person without an authenticator is sent to set one up before anything else;
- admin and the judges' area refuse a session that did not pass the second factor (it is sent to
  re-authenticate with a code first).
"""

import logging
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import enrolment, two_factor
from .roles import roles_of

LOGGED_IN_AT = "accounts.logged_in_at"
SEEN_AT = "accounts.seen_at"
# The last-request time is written at most once a minute, so that reading a page does not cost a
# session write each time.
SEEN_RESOLUTION = 60

# Pages a person who must set up two-factor authentication may still open (by URL name).
SETUP_ALLOWED = {
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "account_login",
    "account_logout",
    "account_email",
    "account_confirm_email",
    "account_email_verification_sent",
    "privacy",
    "healthz",
    "healthz_live",
    "healthz_ready",
    "two_factor_enrolment",
    "two_factor_enrolment_link",
}
# Pages that set up a second factor: only in a session that opened the e-mailed enrolment link
# (accounts/enrolment.py), so that a password alone never enrols one.
ENROLMENT_PAGES = {"mfa_activate_totp", "mfa_generate_recovery_codes"}
# Areas a session must have passed the second factor for (URL namespaces).
SECOND_FACTOR_AREAS = {"admin", "judging"}
# Admin pages outside admin's namespace (wrapped in admin.site.admin_view in config/urls.py): gated as admin.
ADMIN_PAGES = {"backoffice_dashboard"}


def _login_redirect(request, url_name: str):
    return redirect(f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}")


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else ""
        if match and match.url_name in ADMIN_PAGES and not match.namespaces:
            namespace = "admin"
        if namespace == "admin":
            refusal = self._admin_gate(request, match.url_name)
            if refusal is not None:
                return refusal
        user = request.user
        if not user.is_authenticated or not two_factor.two_factor_required(user, roles_of(request)):
            return None
        if self._expired(request):
            logout(request)
            messages.info(request, _("Your session has ended. Please log in again."))
            return _login_redirect(request, "account_login")
        if two_factor.session_passed_two_factor(request):
            return None
        url_name = match.url_name if match else None
        if not two_factor.has_authenticator(user):
            proven = enrolment.enrolment_proven(request)
            if url_name in SETUP_ALLOWED or (proven and url_name in ENROLMENT_PAGES):
                return None
            if not proven:
                return redirect("accounts:two_factor_enrolment")
            messages.warning(request, _("Your role requires two-factor authentication. Set up an authenticator app."))
            return redirect("mfa_activate_totp")
        if namespace in SECOND_FACTOR_AREAS:
            return _login_redirect(request, "mfa_reauthenticate")
        return None

    def _admin_gate(self, request, url_name):
        if request.user.is_authenticated and not request.user.is_staff:
            # A judge, an applicant or a viewer never reaches admin, not even its log-in form.
            raise PermissionDenied
        if url_name == "login":
            next_url = request.GET.get("next") or reverse("admin:index")
            return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
        return None

    def _expired(self, request) -> bool:
        session = request.session
        now = time.time()
        logged_in_at = session.setdefault(LOGGED_IN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        if now - logged_in_at > settings.SESSION_PRIVILEGED_MAX_AGE.total_seconds():
            return True
        if now - seen_at > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return True
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now
        return False


# A path segment longer than this is nobody's slug, code, key or token (the longest, allauth's
# e-mail confirmation key, is under 100 characters).
MAX_SEGMENT_LENGTH = 200
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# allauth's keys, which its own URL patterns let through with any letter (Thai included) and any
# length: what its links really hold, by URL name and parameter.
ALLAUTH_KEY_SHAPES = {
    "account_confirm_email": {"key": re.compile(r"[-:\w]{1,150}", re.ASCII)},
    "account_reset_password_from_key": {
        "uidb36": re.compile(r"[0-9a-z]{1,13}", re.ASCII | re.IGNORECASE),
        "key": re.compile(r"[-0-9a-z]{1,100}", re.ASCII | re.IGNORECASE),
    },
}


class MalformedPathMiddleware:
    """A path parameter that cannot be what the page expects answers 404 before any view runs: a NUL
    byte or another control character (PostgreSQL refuses them in a query: that was a 500), an
    over-long segment, an allauth key of the wrong shape, or an admin object id that is not a valid
    primary key (django-simple-history's pages raise on those)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if CONTROL_CHARACTERS.search(path) or any(len(part) > MAX_SEGMENT_LENGTH for part in path.split("/")):
            raise Http404
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        for name, shape in ALLAUTH_KEY_SHAPES.get(match.url_name, {}).items():
            if not shape.fullmatch(str(view_kwargs.get(name, ""))):
                raise Http404
        if "admin" in match.namespaces:
            _check_admin_object_id(match.url_name, view_args, view_kwargs)
        return None


def _admin_models() -> dict[str, type]:
    from django.contrib import admin

    return {f"{model._meta.app_label}_{model._meta.model_name}_": model for model in admin.site._registry}


def _check_admin_object_id(url_name: str | None, view_args, view_kwargs) -> None:
    """Admin's pages of one object take its id as ``object_id`` (or first positional argument; the
    history of one version takes the version's id second): both must be valid ids."""
    models = _admin_models()
    prefixes = [prefix for prefix in models if (url_name or "").startswith(prefix)]
    object_id = view_kwargs.get("object_id", view_args[0] if view_args else None)
    if not prefixes or object_id is None:
        return
    model = models[max(prefixes, key=len)]
    try:
        model._meta.pk.to_python(object_id)
        for version_id in view_args[1:]:
            int(version_id)
    except (ValidationError, ValueError):
        raise Http404 from None


request_log = logging.getLogger("awards.requests")


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration, user id (never an e-mail address)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        user = getattr(request, "user", None)
        request_log.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            (time.monotonic() - started) * 1000,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response
