from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation

from awards.emails import known_language, queue_rendered_email


class AccountAdapter(DefaultAccountAdapter):
    """allauth's account e-mails go through the platform's outbox, in the recipient's language."""

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
