"""Writes to applications: start, save the project's columns (with edit-conflict detection), submit,
withdraw, reopen. Answers to the form's questions are written by services.answers."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.enums import Phase
from awards.models import Category, Cycle
from awards.selectors import current_phase
from core.deadlines import whole_seconds

from .. import emails, signals
from ..enums import ApplicationStatus
from ..models import FACT_FIELDS, Application, Organisation, Partner, ReferenceCounter
from ..rules import before_deadline, is_application_member
from ..selectors import effective_deadline
from .answers import Problem, answer_problems, clear_stale_answers
from .consent import set_publish_consent
from .editing import EditConflict, refuse_unless_editable

logger = logging.getLogger(__name__)


def start_application(
    *, organisation: Organisation, cycle: Cycle, category: Category, title_th: str, by: User
) -> Application:
    if current_phase(cycle) != Phase.OPEN:
        raise ValidationError(_("This edition is not open for applications."))
    if category.cycle_id != cycle.pk:
        raise ValidationError({"category": _("Choose a category of this edition.")})
    application = Application(
        cycle=cycle, category=category, organisation=organisation, title_th=title_th, created_by=by
    )
    application.full_clean(exclude=["cover_image"])
    application.save()
    return application


@transaction.atomic
def save_facts(
    *,
    application: Application,
    by: User,
    expected_version: int,
    editor: str = "",
    publish_consent: bool | None = None,
    request=None,
    **facts,
) -> Application:
    """Save the project facts unless another form saved them since ``expected_version``.

    ``editor`` names the open form (a browser tab): a newer version written by the same form is its
    own autosave, not a conflict; one written by another tab or a colleague is. ``publish_consent``
    (the project page's checkbox), when given and changed, goes through the consent service after the
    facts, in the same transaction and behind the same conflict check.
    """
    refuse_unless_editable(application, by)
    unknown = set(facts) - set(FACT_FIELDS)
    if unknown:
        raise TypeError(f"not project facts: {sorted(unknown)}")
    current = Application.objects.select_for_update(of=("self",)).get(pk=application.pk)
    if current.version != expected_version and not (editor and current.facts_editor == editor):
        raise EditConflict(
            current_text="",
            current_version=current.version,
            saved_by=str(current.facts_saved_by or ""),
            saved_at=current.updated_at,
            by_you=current.facts_saved_by_id == by.pk,
        )
    for name, value in facts.items():
        setattr(application, name, value)
    application.full_clean(exclude=["cover_image"])
    application.version, application.facts_editor, application.facts_saved_by = current.version + 1, editor, by
    application.updated_at = timezone.now()
    columns = {Application._meta.get_field(name).attname for name in facts}
    Application.objects.filter(pk=application.pk).update(
        **{column: getattr(application, column) for column in columns},
        version=application.version,
        facts_editor=editor,
        facts_saved_by=by,
        updated_at=application.updated_at,
    )
    if publish_consent is not None and publish_consent != current.publish_consent:
        set_publish_consent(application=application, consent=publish_consent, by=by, request=request, editor=editor)
    return application


@transaction.atomic
def replace_partners(*, application: Application, partners: list[dict], by: User) -> None:
    refuse_unless_editable(application, by)
    application.partners.all().delete()
    Partner.objects.bulk_create(
        [Partner(application=application, position=i, **partner) for i, partner in enumerate(partners)]
    )


def submission_problems(application: Application) -> list[Problem]:
    """What still stops this application from being submitted, each as a sentence to act on (with
    the question it is about)."""
    deadline = effective_deadline(application)
    local_deadline = timezone.localtime(deadline).date() if deadline else None
    return answer_problems(application, deadline=local_deadline)


def _next_reference(application: Application) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        cycle=application.cycle, category=application.category
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    year_be = application.cycle.year + 543
    reference = f"{application.cycle.reference_prefix}{year_be}-{application.category.code}-{counter.last:03d}"
    if Application.objects.filter(reference=reference).exists():
        raise _reference_taken(application, reference)
    return reference


def _reference_taken(application: Application, reference: str) -> ValidationError:
    """Staff are refused a reference prefix that another edition of the year uses (Cycle.clean), so
    this is a safety net: the applicant is told, nothing is saved, and the error is logged for staff."""
    logger.error("reference %s is already taken; application %s was not submitted", reference, application.pk)
    return ValidationError(
        _(
            "The application could not be submitted: its reference %(reference)s is already used by another "
            "application. Nothing was changed. Please tell the award's staff, who must correct this edition's "
            "reference prefix, and then submit again."
        )
        % {"reference": reference}
    )


def _locked(application: Application) -> Application:
    """The row as it is now, locked until the transaction ends (a second tab may have changed it)."""
    return (
        Application.objects.select_for_update()
        .select_related("cycle", "category", "organisation")
        .prefetch_related("cycle__milestones")
        .get(pk=application.pk)
    )


@transaction.atomic
def submit_application(*, application: Application, by: User) -> Application:
    application = _locked(application)
    refuse_unless_editable(application, by)
    problems = submission_problems(application)
    if problems:
        raise ValidationError([problem.message for problem in problems])
    clear_stale_answers(application)
    if not application.reference:
        application.reference = _next_reference(application)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    try:
        # A savepoint, so that a reference taken at the same moment by another edition's application
        # becomes a refusal the applicant reads rather than a server error.
        with transaction.atomic():
            application.save(update_fields=["reference", "status", "submitted_at", "updated_at"])
    except IntegrityError:
        raise _reference_taken(application, application.reference) from None
    queued = emails.send_submission_confirmation(application=application)
    signals.application_submitted.send(sender=Application, application=application, emails=queued)
    return application


@transaction.atomic
def withdraw_application(*, application: Application, by: User) -> Application:
    """A member withdraws a submitted application before the deadline (the same deadline rule as for
    changes: selectors.open_for_changes_at); who withdrew it and when are kept."""
    application = _locked(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted application can be withdrawn; this one is %(status)s.")
            % {"status": application.get_status_display()}
        )
    if not is_application_member(by, application):
        raise ValidationError(_("Only a member of the applying organisation can withdraw its application."))
    if not before_deadline(by, application):
        raise ValidationError(
            _(
                "The deadline has passed: the application can no longer be withdrawn. If it should not be "
                "judged, write to the award's staff."
            )
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at, application.withdrawn_by = timezone.now(), by
    application._change_reason = f"withdrawn by {by}"
    application.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
    return application


@transaction.atomic
def reopen_application(*, application: Application, by: User) -> Application:
    """Staff send a submitted or withdrawn application back to draft (its reference is kept; an
    earlier withdrawal stays in the history)."""
    application = _locked(application)
    if application.status not in {ApplicationStatus.SUBMITTED, ApplicationStatus.WITHDRAWN}:
        raise ValidationError(_("Only a submitted or withdrawn application can be reopened."))
    application.status = ApplicationStatus.DRAFT
    application.withdrawn_at, application.withdrawn_by = None, None
    application._change_reason = f"reopened by {by}"
    application.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "updated_at"])
    return application


@transaction.atomic
def grant_extension(*, application: Application, until: datetime, reason: str, by: User) -> Application:
    """Staff give one application more time; who, why and when are kept in its history."""
    if not reason.strip():
        raise ValidationError({"extension_reason": _("Give the reason for the extension.")})
    application.extended_until = whole_seconds(until)
    application.extension_reason = reason
    application._change_reason = f"extension by {by}: {reason}"
    application.save(update_fields=["extended_until", "extension_reason", "updated_at"])
    return application
