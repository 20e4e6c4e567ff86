from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.utils import translation

from core.emails import known_language, queue_rendered_email

from .two_factor import two_factor_required


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account e-mails go through the platform's outbox, in the recipient's language."""

    def pre_authenticate(self, request, **credentials):
        # Wrong passwords are counted by django-axes alone (one rule, one lock-out page); allauth's
        # "login_failed" limit stays on for what axes does not see: wrong two-factor codes.
        return None

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
    def can_delete_authenticator(self, authenticator):
        # Staff, chairs and judges must keep their authenticator app; a lost phone is replaced by
        # another staff member deleting the authenticator in admin, after which a new one is set up.
        return not (authenticator.type == "totp" and two_factor_required(authenticator.user))
