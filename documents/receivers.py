"""The letters the events of the lower apps call for (their signals: submissions/signals.py,
judging/signals.py), issued in the event's transaction and attached to the e-mails that announce
it. The results, which no e-mail announced before, get the e-mail of their letter here."""

from django.db import transaction

from core.emails import add_attachment, known_language
from judging import signals as judging_signals
from submissions import signals as submissions_signals

from . import emails
from .enums import LetterKind
from .letters import issue_letter, letter_attachment, reissue_letter


def _letters_on(emails_queued, *, application, kind, reissue: bool = False) -> list:
    """One letter per language the e-mails are written in (Thai when there is no e-mail), each
    attached to the e-mails of its language; an existing letter is re-issued when ``reissue``."""
    languages = sorted({email.language for email in emails_queued}) or ["th"]
    letters = {}
    for language in languages:
        letter, new = issue_letter(application=application, kind=kind, language=language)
        if reissue and not new:
            letter = reissue_letter(letter=letter)
        letters[language] = letter
    for email in emails_queued:
        add_attachment(email, letter_attachment(letters[email.language]))
    return list(letters.values())


def application_submitted(sender, *, application, emails, **kwargs):
    _letters_on(emails, application=application, kind=LetterKind.ACKNOWLEDGEMENT)


def shortlist_decided(sender, *, application, advanced, emails, **kwargs):
    kind = LetterKind.SHORTLISTED if advanced else LetterKind.NOT_SHORTLISTED
    _letters_on(emails, application=application, kind=kind)


def presentation_sent(sender, *, slot, update, emails, **kwargs):
    # A changed presentation re-issues the invitation under its number, with the new date and time.
    _letters_on(emails, application=slot.application, kind=LetterKind.INVITATION, reissue=update)


@transaction.atomic
def prize_finalised(sender, *, decision, **kwargs):
    application = decision.application
    members = [membership.user for membership in application.organisation.memberships.select_related("user")]
    languages = sorted({known_language(user.language) for user in members}) or ["th"]
    letters = {}
    for language in languages:
        letter, new = issue_letter(application=application, kind=LetterKind.RESULTS, language=language)
        # A second award of the same application: the results letter is re-issued to name both.
        letters[language] = letter if new else reissue_letter(letter=letter)
    for user in members:
        emails.send_results_letter(user=user, letter=letters[known_language(user.language)])


def connect() -> None:
    submissions_signals.application_submitted.connect(application_submitted, dispatch_uid="documents.letter.ack")
    judging_signals.shortlist_decided.connect(shortlist_decided, dispatch_uid="documents.letter.shortlist")
    judging_signals.presentation_sent.connect(presentation_sent, dispatch_uid="documents.letter.invitation")
    judging_signals.prize_finalised.connect(prize_finalised, dispatch_uid="documents.letter.results")
