"""The e-mails of the applicant area, one function per kind; each renders templates/emails/<kind>/ in
the recipient's language through core.emails."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from awards.selectors import sender_block
from core.emails import email_user, queue_email
from core.models import OutboundEmail

from .models import Invitation
from .receipts import receipt_attachment


def _language_of_address(email: str, fallback: str) -> str:
    """The language a person chose, if the address already has an account; else ``fallback``."""
    user = User.objects.filter(email__iexact=email).only("language").first()
    return user.language if user else fallback


def send_invitation(*, invitation: Invitation) -> OutboundEmail:
    """Tell the invited person who invites them to which organisation, with the link to accept."""
    inviter = invitation.invited_by
    language = _language_of_address(invitation.email, inviter.language if inviter else settings.LANGUAGE_CODE)
    organisation = invitation.organisation
    with translation.override(language):
        # The link opens the page in the language the e-mail is written in (/my/… in Thai, /en/my/… in English).
        accept_path = reverse("submissions:accept_invitation", args=[invitation.token])
    context = {
        "invitation": invitation,
        "organisation_name": (organisation.name_en if language == "en" and organisation.name_en else organisation.name),
        "inviter_name": inviter.get_full_name() if inviter else "",
        "accept_path": accept_path,
    }
    return queue_email(
        kind="invitation", to=invitation.email, language=language, template="invitation", context=context
    )


def send_submission_confirmation(*, application) -> list[OutboundEmail]:
    """Every member of the organisation gets the confirmation, each in their own language, with the
    PDF receipt (rendered by the worker when the e-mail is sent). Returns the queued e-mails."""
    return [
        email_user(
            user=membership.user,
            kind="submission_confirmation",
            template="submission_confirmation",
            context={"application": application},
            attachments=[receipt_attachment(application)],
            sender=sender_block(application.cycle),
        )
        for membership in application.organisation.memberships.select_related("user")
    ]


def send_staff_message(*, application, subject: str, message: str) -> int:
    """A message staff wrote to an application's organisation (admin's "notify" action): every
    member gets it, wrapped in a greeting in their own language. Returns how many e-mails were queued."""
    memberships = application.organisation.memberships.select_related("user")
    for membership in memberships:
        email_user(
            user=membership.user,
            kind="staff_message",
            template="staff_message",
            context={"application": application, "subject": subject, "message": message},
            sender=sender_block(application.cycle),
        )
    return len(memberships)
