import logging
from types import SimpleNamespace
from urllib.parse import urlparse

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from core.emails import default_sender, known_language, queue_email, queue_rendered_email, sender_text

from . import encryption, login_limit
from .audit import record_event
from .models import User
from .rules import is_chair, is_judge, is_province_viewer, is_staff_member
from .security import attempted_email, login_paused_response
from .two_factor import two_factor_required

logger = logging.getLogger(__name__)


def email_site() -> SimpleNamespace:
    """What allauth's e-mail templates call ``current_site``: the platform's name (translated when the
    e-mail is rendered, in the recipient's language) and the host of ``SITE_URL``. The Sites framework
    is not installed, so nothing else would name the site."""
    return SimpleNamespace(name=gettext_lazy("Smart City Solution Awards"), domain=urlparse(settings.SITE_URL).netloc)


def our_template(template_prefix: str) -> str | None:
    """Our templates for one of allauth's e-mails: ``account/email/password_reset_key`` is
    ``templates/emails/account_password_reset_key/``. None for an e-mail we have no templates for."""
    app, _separator, name = template_prefix.partition("/email/")
    template = f"{app}_{name}"
    try:
        get_template(f"emails/{template}/subject.txt")
    except TemplateDoesNotExist:
        return None
    return template


# Where each role lands after logging in (without a ``next`` address), the first that applies. URL
# names only: accounts is the ground floor and imports nothing of the apps above it.
LANDINGS = (
    (is_staff_member, "backoffice_dashboard"),
    (is_chair | is_judge, "judging:dashboard"),
    (is_province_viewer, "backoffice:local_governments"),
)


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account e-mails are ours: written in our words (templates/emails/account_*/ and
    mfa_*/), in the recipient's language, in the branded layout with the sender block, through the
    outbox. People land by role after logging in."""

    def get_login_redirect_url(self, request):
        """Staff on the admin dashboard, judges (and the chair) on their dashboard, province viewers on
        their report; anyone else (applicants) where ``LOGIN_REDIRECT_URL`` says."""
        for applies, name in LANDINGS:
            if applies(request.user):
                return reverse(name)
        return super().get_login_redirect_url(request)

    def pre_authenticate(self, request, **credentials):
        # Wrong passwords are counted by django-axes per (address, IP) and by accounts.login_limit per
        # address from anywhere; allauth's own "login_failed" limit, which would also count the right
        # password and answer with a form error, stays on for wrong two-factor codes only.
        email = attempted_email(request, credentials)
        until = login_limit.paused_until(email) if email else None
        if until is not None:
            raise ImmediateHttpResponse(login_paused_response(request, until))

    def authentication_failed(self, request, **credentials):
        email = attempted_email(request, credentials)
        if email and login_limit.record_failure(email) == settings.LOGIN_ACCOUNT_FAILURE_LIMIT:
            record_event(actor=None, action="auth.account_limited", detail={"email": email}, request=request)

    def _delete_login_attempts_cached_email(self, request, **credentials):
        # allauth calls this after a successful password reset, for each of the person's addresses:
        # the reset proves the inbox, so the pause on wrong passwords ends at once.
        super()._delete_login_attempts_cached_email(request, **credentials)
        login_limit.clear(credentials.get("email") or "")

    def send_mail(self, template_prefix, email, context):
        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = known_language(getattr(user, "language", None) or translation.get_language())
        kind = template_prefix.rsplit("/", 1)[-1]
        context = {"email": email, "current_site": email_site(), "user": user, **context}
        template = our_template(template_prefix)
        if template is not None:
            queue_email(kind=kind, to=email, language=language, template=template, context=context)
            return
        # An e-mail a later allauth adds before we write ours: allauth's own words, with the site named
        # and our sender block, rather than no e-mail at all.
        logger.warning("no templates of ours for allauth's e-mail %s: sending allauth's", template_prefix)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
            text = f"{message.body.strip()}\n\n{sender_text({'sender': default_sender()})}\n"
        queue_rendered_email(kind=kind, to=email, language=language, subject=message.subject, text=text)

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth leaves the user out of a security notice's context: it decides the notice's language.
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)


class MFAAdapter(DefaultMFAAdapter):
    # Authenticator secrets are stored encrypted (accounts/encryption.py).
    def encrypt(self, text):
        return encryption.encrypt(text)

    def decrypt(self, encrypted_text):
        return encryption.decrypt(encrypted_text)

    def can_delete_authenticator(self, authenticator):
        # Staff, chairs and judges must keep their authenticator app; a lost phone is replaced by
        # another staff member deleting the authenticator in admin, after which a new one is set up.
        return not (authenticator.type == "totp" and two_factor_required(authenticator.user))
