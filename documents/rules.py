"""Who may download a generated document: staff any; a judge their own score sheets; nobody else
(the download answers 404)."""

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
