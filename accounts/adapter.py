from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.utils import translation

from core.emails import known_language, queue_rendered_email

from . import encryption, login_limit
from .audit import record_event
from .security import attempted_email, login_paused_response
from .two_factor import two_factor_required


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account e-mails go through the platform's outbox, in the recipient's language."""

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
        user = context.get("user")
        language = known_language(getattr(user, "language", None) or translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
        )
        queue_rendered_email(
            kind=template_prefix.rsplit("/", 1)[-1],
            to=email,
            language=language,
            subject=message.subject,
            text=message.body,
            html=html,
        )


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
