"""The organisation's consents, given or withdrawn by a member at any time, deadline or not: to publish
the project if it is shortlisted (``publish_consent``), and to show it in the showcase of solutions
once the results are announced even if it was not shortlisted (``showcase_consent``, which opens such
an entry's public answers and cover: ``Application.public_consent``). Both change here only.

Consent covers the answers to the questions staff marked public and the cover image, wherever the
public reads them: the vote gallery and finalist pages, the showcase, its open data (solutions.json and
solutions.csv) and the results page. Every one of those reads through ``submissions.answers`` (and the
cover views through ``views.consent.published_cover``) when it is rendered, so a withdrawal is in force
for the next request everywhere. The copies kept of those pages for anonymous visitors
(``core.pagecache``) are dropped by the same save: a save of an application that has left the draft
is a new version of every public page (``submissions.page_cache``). The showcase's search words
(``showcase.Solution.words``) are re-cut from the public answers on that save too (showcase's receiver
of Application's ``post_save``), so that a withheld summary no longer finds the project. Cover images
are served with ``Cache-Control: no-cache``, so a browser or a proxy asks again before showing a kept
copy.

Who changed either and when stay in the application's history (a row per change, with its reason) and
in the audit log (``application.publish_consent``, ``application.showcase_consent``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User

from ..models import Application
from ..rules import is_application_member


def withdraw_publish_consent(*, application: Application, by: User, request=None) -> Application:
    """The organisation takes back its consent: nothing more of the project than its results is public."""
    return set_publish_consent(application=application, consent=False, by=by, request=request)


def give_publish_consent(*, application: Application, by: User, request=None) -> Application:
    """The organisation agrees that its public answers and cover may be shown (once it is a finalist)."""
    return set_publish_consent(application=application, consent=True, by=by, request=request)


@transaction.atomic
def set_publish_consent(
    *, application: Application, consent: bool, by: User, request=None, editor: str = ""
) -> Application:
    """The one way the consent changes: the overview's buttons and the project page's checkbox
    (``services.applications.save_facts``, which passes its form's ``editor``, so that the same tab's
    next save is not taken for another tab's) both come here."""
    current = _locked(
        application,
        by,
        refusal=_("Only a member of the applying organisation can change its consent to publish."),
    )
    if current.publish_consent == consent:
        return current
    current.publish_consent = consent
    # A facts form open in another tab holds the old consent: a new version makes its next save a
    # conflict to resolve rather than a silent undoing of this change.
    current.version += 1
    current.facts_editor, current.facts_saved_by = editor, by
    _save_audited(
        current, by=by, consent=consent, what="publish consent", action="application.publish_consent", request=request
    )
    application.publish_consent, application.version = consent, current.version
    application.facts_editor, application.facts_saved_by = editor, by
    return current


def give_showcase_consent(*, application: Application, by: User, request=None) -> Application:
    """The organisation agrees that, once the results are announced, the project may be shown in the
    showcase with its public answers and cover even if it was not shortlisted."""
    return set_showcase_consent(application=application, consent=True, by=by, request=request)


def withdraw_showcase_consent(*, application: Application, by: User, request=None) -> Application:
    """The organisation takes the project, if it was not shortlisted, off the showcase."""
    return set_showcase_consent(application=application, consent=False, by=by, request=request)


@transaction.atomic
def set_showcase_consent(*, application: Application, consent: bool, by: User, request=None) -> Application:
    """The one way the consent to the showcase changes (the overview's buttons): audited, and saved
    whole so that the showcase re-cuts the project's search words (its public answers come and go
    with this consent for an entry that was not shortlisted)."""
    current = _locked(
        application,
        by,
        refusal=_("Only a member of the applying organisation can change its consent to the showcase."),
    )
    if current.showcase_consent == consent:
        return current
    current.showcase_consent = consent
    _save_audited(
        current, by=by, consent=consent, what="showcase consent", action="application.showcase_consent", request=request
    )
    application.showcase_consent = consent
    return current


def _locked(application: Application, by: User, *, refusal: str) -> Application:
    """The application locked for a consent change, once ``by`` is found to be a member (else
    ``refusal``)."""
    if not is_application_member(by, application):
        raise ValidationError(refusal)
    return (
        Application.objects.select_for_update()
        .select_related("organisation__province", "category")
        .get(pk=application.pk)
    )


def _save_audited(current: Application, *, by: User, consent: bool, what: str, action: str, request) -> None:
    """Save a changed consent with its history reason and its audit event. save() without
    update_fields: the showcase re-cuts its search words on post_save."""
    current._change_reason = f"{what} {'given' if consent else 'withdrawn'} by {by}"
    current._history_user = by
    current.save()
    record_event(
        actor=by,
        action=action,
        target=current,
        detail={"before": not consent, "after": consent},
        request=request,
    )
