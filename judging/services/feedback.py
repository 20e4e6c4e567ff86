"""Writes of the feedback to applicants: the chair's release of comments, the rendering of each
feedback PDF (the ``pdf`` worker), and the one e-mail per application that says it is ready.

From the feedback milestone on, the sweep (beat, judging.tasks.release_feedback) asks for a PDF per
judged application and language; each is rendered by a task through core.pdf; once every language
of an application is rendered, its organisation is told once, claimed by the unique
``FeedbackNotice`` row. A change of what is released re-renders the category's PDFs, which are not
served until rendered again (so a comment the chair withdrew is never downloaded).

A rendering that fails is recorded on its row (the error) and tried again by the sweep, at most
``MAX_ATTEMPTS`` times in all; then the PDF is failed and staff see it in admin with its error and
render it again from there once the cause is fixed (``render_again``).
"""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from accounts.rules import is_chair
from awards.models import Category
from core.broker import enqueue
from core.failures import PROCESS_EXITS, describe_failure, fail_exhausted
from submissions.models import Application

from .. import emails
from ..feedback import (
    application_feedback,
    feedback_due_cycles,
    feedback_open,
    feedback_pdf,
    feedback_round,
    judged_application_ids,
    releasable_comments,
)
from ..models import FeedbackDocument, FeedbackNotice, ReleasedComment, Round

logger = logging.getLogger(__name__)
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# A PDF still unrendered this long after it was asked for lost its task (the broker was down, a
# worker died): the sweep queues it again.
STALLED_AFTER = timedelta(minutes=10)
# A PDF whose rendering failed (or whose worker died) this many times is failed for staff rather
# than queued again: a PDF that cannot be rendered must not be tried for ever.
MAX_ATTEMPTS = 3


def _key_target(key: str) -> dict:
    """The scorecard and criterion a form key names: ``c<scorecard>-<criterion>``, ``c<scorecard>``
    (the overall comment) or ``s<application>`` (the chair's summary)."""
    if key.startswith("s"):
        return {"scorecard_id": None, "criterion_id": None}
    card, _sep, criterion = key[1:].partition("-")
    return {"scorecard_id": int(card), "criterion_id": int(criterion) if criterion else None}


@transaction.atomic
def release_comments(*, round: Round, category: Category, keys: set[str], by: User, request=None) -> int:
    """The chair's screen saved: the comments whose keys are given are released with the text shown
    (approved by ``by``, now), every other comment of the category in the round is withdrawn. Returns
    how many are released. Feedback already rendered is rendered again."""
    if not is_chair(by):
        raise ValidationError(_("Only the committee chair releases comments to applicants."))
    now, released, withdrawn, changed = timezone.now(), 0, 0, set()
    for item in releasable_comments(round, category):
        target = {"round": round, "application": item.application, **_key_target(item.key)}
        if item.key in keys:
            released += 1
            if not item.released:
                ReleasedComment.objects.filter(**target).delete()
                ReleasedComment.objects.create(**target, text=item.text, approved_by=by, approved_at=now)
                changed.add(item.application.pk)
        elif item.released or item.changed:
            withdrawn += ReleasedComment.objects.filter(**target).delete()[0]
            changed.add(item.application.pk)
    record_event(
        actor=by,
        action="feedback.release",
        target=round,
        request=request,
        detail={"category": category.code, "released": released, "withdrawn": withdrawn},
    )
    if changed and feedback_open(round.cycle):
        rerender(application_ids=changed)
    return released


def _queue(document_id: int) -> None:
    from ..tasks import render_feedback

    transaction.on_commit(lambda: enqueue(render_feedback, document_id, row=f"feedback {document_id}"))


def rerender(*, application_ids) -> int:
    """Withdraw the rendered feedback of these applications from download and render it again."""
    return _render_again(FeedbackDocument.objects.filter(application_id__in=application_ids))


def _render_again(documents) -> int:
    """Queue these PDFs afresh: not served until rendered, their attempts and failure cleared."""
    ids = list(documents.values_list("pk", flat=True))
    FeedbackDocument.objects.filter(pk__in=ids).update(
        rendered_at=None, requested_at=timezone.now(), attempts=0, error="", failed_at=None
    )
    for pk in ids:
        _queue(pk)
    return len(ids)


@transaction.atomic
def render_again(*, documents, by: User, request=None) -> int:
    """Staff render the selected feedback PDFs again (admin), failed or not; audited per PDF.
    Returns how many were queued."""
    documents = list(documents.select_related("application"))
    for document in documents:
        record_event(
            actor=by,
            action="feedback.render_again",
            target=document,
            request=request,
            detail={"language": document.language, "attempts": document.attempts, "error": document.error[:200]},
        )
    return _render_again(FeedbackDocument.objects.filter(pk__in=[d.pk for d in documents]))


def scores_changed(*, application_id: int) -> None:
    """A scorecard of this application was submitted (again, after staff reopened it): once its
    transaction commits, the application's feedback PDFs, if any were asked for (the feedback
    milestone has passed), are rendered again with the new figures. Before the milestone there are
    none, and nothing is done."""

    def rerender_if_any():
        with transaction.atomic():
            # An organisation already told (its ``FeedbackNotice`` row) is not e-mailed again for
            # the new figures: notify_if_ready's claim refuses a second e-mail, and the PDFs are
            # downloaded from the same page once rendered again.
            rerender(application_ids=[application_id])

    transaction.on_commit(rerender_if_any)


@transaction.atomic
def request_due_feedback() -> int:
    """The sweep: for each cycle past its feedback milestone, a PDF per judged application and
    language that has none yet (queued), and the e-mail for those whose PDFs are all rendered."""
    created = 0
    for cycle in feedback_due_cycles():
        judged = judged_application_ids(cycle)
        have = set(FeedbackDocument.objects.filter(application_id__in=judged).values_list("application_id", "language"))
        for application in Application.objects.filter(pk__in=judged):
            for language in LANGUAGES:
                if (application.pk, language) not in have:
                    created += _request(application, language)
        told = set(FeedbackNotice.objects.filter(application_id__in=judged).values_list("application_id", flat=True))
        for application_id in judged - told:
            notify_if_ready(application_id=application_id)
    return created + _requeue_stalled()


def _requeue_stalled() -> int:
    """Queue again each PDF whose task was lost, claimed by a conditional update (one queueing)."""
    now, count = timezone.now(), 0
    stalled = FeedbackDocument.objects.filter(
        rendered_at__isnull=True, failed_at__isnull=True, requested_at__lt=now - STALLED_AFTER
    )
    fail_exhausted(
        stalled,
        max_attempts=MAX_ATTEMPTS,
        now=now,
        message=_(
            "The worker stopped while rendering this feedback PDF (see the worker's log: memory, time limit). "
            "Render it again once the cause is fixed."
        ),
    )
    for document in stalled.filter(attempts__lt=MAX_ATTEMPTS).values("pk", "requested_at"):
        claimed = FeedbackDocument.objects.filter(pk=document["pk"], requested_at=document["requested_at"]).update(
            requested_at=now
        )
        if claimed == 1:
            _queue(document["pk"])
            count += 1
    return count


def _request(application: Application, language: str) -> int:
    document, new = FeedbackDocument.objects.get_or_create(
        application=application,
        language=language,
        defaults={"round": feedback_round(application), "requested_at": timezone.now()},
    )
    if new:
        _queue(document.pk)
    return int(new)


def render_feedback(*, document_id: int) -> FeedbackDocument | None:
    """The worker's side: render the PDF in its language and store it; then tell the organisation if
    this was the last language it waited for."""
    document = FeedbackDocument.objects.select_related("application__category", "application__cycle").filter(
        pk=document_id
    )
    document = document.first()
    if document is None:
        logger.info("feedback %s is gone", document_id)
        return None
    if document.rendered_at is not None:
        return document
    claimed = FeedbackDocument.objects.filter(
        pk=document.pk, rendered_at__isnull=True, failed_at__isnull=True, attempts__lt=MAX_ATTEMPTS
    ).update(attempts=F("attempts") + 1)
    if claimed != 1:
        logger.info("feedback %s failed or used its attempts; staff render it again", document_id)
        return None
    document.attempts += 1
    try:
        return _render(document)
    except (OperationalError, InterfaceError, *PROCESS_EXITS):
        raise  # the task retries a lost connection; a stopped worker is the sweep's to count
    except BaseException as error:  # noqa: BLE001 - every failure must reach staff, whatever it is
        logger.error("feedback %s failed", document.pk, exc_info=error)
        failed = {"failed_at": timezone.now()} if document.attempts >= MAX_ATTEMPTS else {}
        FeedbackDocument.objects.filter(pk=document.pk).update(error=describe_failure(error), **failed)
        return None


def _render(document: FeedbackDocument) -> FeedbackDocument | None:
    feedback = application_feedback(document.application)
    if feedback is None:
        logger.info("feedback %s: the application is no longer judged", document.pk)
        FeedbackDocument.objects.filter(pk=document.pk).update(
            error=_("The application is no longer judged (withdrawn, or its scorecards no longer count).")
        )
        return None
    pdf = feedback_pdf(feedback, document.language)
    previous = document.file.name
    with tempfile.TemporaryFile() as out:
        out.write(pdf)
        out.seek(0)
        document.file.save("feedback.pdf", File(out), save=False)
    FeedbackDocument.objects.filter(pk=document.pk).update(
        file=document.file.name, round=feedback.round, rendered_at=timezone.now(), error=""
    )
    if previous and previous != document.file.name:
        _delete_stored(previous)
    notify_if_ready(application_id=document.application_id)
    return document


def _delete_stored(name: str) -> None:
    """The PDF a re-render replaced: nobody is served it any more, and it holds scores and comments
    that may have changed since. A storage that fails here leaves a file behind, never a failed render."""
    try:
        FeedbackDocument._meta.get_field("file").storage.delete(name)
    except Exception as error:  # noqa: BLE001 - the new PDF is stored; the old one is only garbage
        logger.warning("feedback file %s left behind: %s", name, error)


def notify_if_ready(*, application_id: int) -> bool:
    """E-mail the organisation once every language of its feedback is rendered: the notice row is
    the claim, so this sends at most once per application, whoever calls it and however often."""
    documents = FeedbackDocument.objects.filter(application_id=application_id)
    if documents.count() < len(LANGUAGES) or documents.filter(rendered_at__isnull=True).exists():
        return False
    try:
        with transaction.atomic():
            FeedbackNotice.objects.create(application_id=application_id)
            application = Application.objects.select_related("cycle", "organisation").get(pk=application_id)
            emails.send_feedback_ready(application=application)
    except IntegrityError:
        return False
    return True
