"""Reads of applicants' data, always scoped to the person asking (what they may not see is a 404)."""

from datetime import datetime

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Collate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from awards.enums import MilestoneKind
from awards.models import DeadlineExtension, Milestone
from awards.selectors import milestone_of
from core.deadlines import accepts_changes, open_after

from . import answers
from .enums import ApplicationStatus
from .evidence import Evidence, evidence
from .models import Application, Attachment, Membership, Organisation
from .standing import applicant_standing, with_win


def thai_order(field: str):
    """Thai dictionary order on PostgreSQL (ICU collation); code-point order elsewhere."""
    if connection.vendor == "postgresql":
        return Collate(field, "th-TH-x-icu")
    return field


def membership_of(user) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organisation__province").filter(user=user).first()


def organisation_of(user) -> Organisation | None:
    membership = membership_of(user)
    return membership.organisation if membership else None


def applications_of(user) -> QuerySet[Application]:
    """The applications of the user's organisation (none without one)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(organisation__memberships__user=user)


def application_for(user, pk: int) -> Application:
    """One application of the user's organisation, with what its pages need; 404 otherwise."""
    application = with_win(
        applications_of(user)
        .select_related("cycle", "category", "organisation__province")
        .prefetch_related("cycle__milestones")
        .filter(pk=pk)
    ).first()
    if application is None:
        raise Http404
    application.found_for_member = user.pk  # read by rules.is_application_member
    application.standing = applicant_standing(application)
    return application


def application_to_edit(user, pk: int) -> Application:
    """One application of the user's organisation for a save that answers with no page (an autosave),
    or 404: the application and what the deadline rule needs, in one query. Its edition's submission
    deadline is read with it (``cycle_deadline``); the other dates of the edition and the standing,
    which only its pages show, are not read."""
    # One milestone of each kind per edition (awards_milestone_unique_kind): no order needed.
    deadline = Milestone.objects.filter(cycle=OuterRef("cycle_id"), kind=MilestoneKind.SUBMISSION_DEADLINE).order_by()
    application = (
        applications_of(user)
        .select_related("cycle")
        .annotate(submission_deadline_at=Subquery(deadline.values("starts_at")[:1]))
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    application.found_for_member = user.pk  # read by rules.is_application_member
    return application


def attachment_for(user, application_pk: int, pk: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("application__cycle")
        .filter(pk=pk, application_id=application_pk, application__organisation__memberships__user=user)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def cycle_deadline(application: Application) -> datetime | None:
    if hasattr(application, "submission_deadline_at"):  # read with it (application_to_edit)
        return application.submission_deadline_at
    milestone = milestone_of(application.cycle, MilestoneKind.SUBMISSION_DEADLINE)
    return milestone.starts_at if milestone else None


def effective_deadline(application: Application) -> datetime | None:
    """The cycle's deadline (extensions included), or the application's personal extension if later."""
    deadline = cycle_deadline(application)
    if application.extended_until and (deadline is None or application.extended_until > deadline):
        return application.extended_until
    return deadline


def open_for_changes_at(application: Application, at: datetime) -> bool:
    """The one deadline rule: whether the application may still change, be submitted or be withdrawn
    at ``at``. The call's "until 31 August" is stored as 23:59:59 Asia/Bangkok on that day, and that
    whole second is on time (``core.deadlines.accepts_changes``)."""
    deadline = effective_deadline(application)
    return deadline is not None and accepts_changes(deadline, at)


def dashboard_applications(user) -> QuerySet[Application]:
    """The applicant's list, with counts, in a constant number of queries."""
    return with_win(
        applications_of(user)
        .select_related("cycle", "category")
        .prefetch_related(Prefetch("cycle__milestones"))
        .annotate(attachment_count=Count("attachments", distinct=True))
        .order_by("-created_at")
    )


def with_progress(applications) -> list[Application]:
    """The applications, each with ``sections_done`` and ``section_total``: the sections of its form
    that ask it something, and those whose required questions are all answered. Constant queries
    (submissions.answers.answers_for_many)."""
    applications = list(applications)
    shown = answers.answers_for_many(applications, answers.Reader.APPLICANT)
    for application in applications:
        sections = answers.grouped(shown[application.pk])
        application.section_total = len(sections)
        application.sections_done = sum(1 for item in sections if item.done)
    return applications


def sections_with_answers(application: Application) -> list[answers.SectionAnswers]:
    """The sections that ask the application something, in order, each with its answers as the
    applicant reads them (``.done`` when every required question is answered)."""
    return answers.answers_for(application, answers.Reader.APPLICANT)


def judges_evidence(application: Application) -> Evidence:
    """The evidence block as the judges will see it beside the application (a round that is not
    blind; a blind one leaves out the identifying questions), each file opened through the
    applicant's own download: two queries besides the form's fields."""
    shown = answers.answers_for_many([application], answers.Reader.JUDGE)[application.pk]
    general = list(application.attachments.filter(field__isnull=True).order_by("uploaded_at", "id"))
    return evidence(
        shown,
        general,
        file_url=lambda file: reverse("submissions:download_attachment", args=[application.pk, file.pk]),
    )


def form_section(application: Application, number: int):
    """The section of the application's form at this position, or 404: taken from the form's
    questions, read with their sections (a section without a current question is read apart)."""
    for item in answers.form_fields(application.cycle):
        if item.section.position == number:
            return item.section
    return get_object_or_404(application.cycle.sections, position=number)


def saved_answers(application: Application) -> list:
    """The application's answers with their questions (submissions.answers), read once for a page
    and the save it posts."""
    return answers.saved_answers(application)


def section_form(application: Application, section, *, values: dict | None = None, saved=None) -> list[answers.Asked]:
    """One section's questions as the applicant's form shows them (submissions.answers.section_form);
    ``saved``: the application's answers when they were read already."""
    return answers.section_form(application, section, values=values, answers=saved)


def stored_values(application: Application) -> dict:
    return answers.stored_values(application)


def form_field(application: Application, key: str):
    """The question of the application's form with this key (retired ones left out), or 404."""
    for item in answers.form_fields(application.cycle):
        if item.key == key:
            return item
    raise Http404


def days_left(deadline: datetime | None, at: datetime) -> int | None:
    """Whole days until the deadline in Bangkok's calendar (0 on the last day), None when past."""
    if deadline is None or not accepts_changes(deadline, at):
        return None
    return (timezone.localtime(deadline).date() - timezone.localtime(at).date()).days


def drafts_before_deadline(*, at: datetime) -> list[Application]:
    """Drafts whose deadline (the cycle's, or a personal extension) is still ahead at ``at``, with
    the members to remind and the deadline's extensions, in a constant number of queries (the
    reminder sweep reads this every few minutes)."""
    after = open_after(at)
    open_cycles = Milestone.objects.filter(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at__gt=after)
    return list(
        Application.objects.filter(status=ApplicationStatus.DRAFT)
        .filter(Q(cycle__in=open_cycles.values("cycle")) | Q(extended_until__gt=after))
        .select_related("cycle", "category", "organisation")
        .prefetch_related(
            Prefetch("cycle__milestones__extensions", queryset=DeadlineExtension.objects.order_by("created_at", "id")),
            Prefetch("organisation__memberships", queryset=Membership.objects.select_related("user")),
        )
        .order_by("pk")
    )


def latest_deadline_extension(application: Application) -> DeadlineExtension | None:
    """The extension that set the cycle's current deadline, if the deadline was extended (read from
    the prefetched extensions)."""
    milestone = milestone_of(application.cycle, MilestoneKind.SUBMISSION_DEADLINE)
    extensions = list(milestone.extensions.all()) if milestone else []
    latest = extensions[-1] if extensions else None
    return latest if latest and latest.new_at == milestone.starts_at else None
