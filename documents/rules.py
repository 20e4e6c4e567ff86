"""Who may download a generated document: staff any; a judge their own score sheets; the members of
an organisation the official letters addressed to it; nobody else (the download answers 404)."""

import rules

from accounts.rules import is_staff_member

from .enums import DocumentKind


@rules.predicate
def is_own_score_sheet(user, document) -> bool:
    return bool(
        user.is_authenticated and document.kind == DocumentKind.SCORE_SHEET and document.assignment.judge_id == user.pk
    )


can_download = is_staff_member | is_own_score_sheet

rules.add_perm("documents.download_document", can_download)


@rules.predicate
def is_letter_addressee(user, letter) -> bool:
    """A member of the organisation the letter is addressed to."""
    return bool(user.is_authenticated and letter.application.organisation.memberships.filter(user_id=user.pk).exists())


can_download_letter = is_staff_member | is_letter_addressee

rules.add_perm("documents.download_letter", can_download_letter)
