"""The e-mails of documents: the results letter, which no other e-mail announces."""

from awards.selectors import sender_block
from core.emails import email_user

from .letters import letter_attachment


def send_results_letter(*, user, letter):
    application = letter.application
    return email_user(
        user=user,
        kind="letter_results",
        template="letter_results",
        context={"application": application, "letter": letter},
        attachments=[letter_attachment(letter)],
        sender=sender_block(application.cycle),
    )
