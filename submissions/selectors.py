"""Reads of applicants' data, always scoped to the person asking (what they may not see is a 404)."""

import functools
from datetime import datetime

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Collate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from awards.enums import MilestoneKind
from awards.models import DeadlineExtension, Milestone
from awards.selectors import milestone_of
from core.deadlines import accepts_changes, open_after

from . import answers, form_memo
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
    """The applications of the user's organisation (none without one). The autosave's statement
    (``_to_edit_sql``) writes the same rule out in SQL; the authorisation matrix requests both paths
    as every persona."""
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
    deadline is read with it (``cycle_deadline``); the edition itself and its form come from the
    process's memo (form_memo); the other dates of the edition and the standing, which only its pages
    show, are not read."""
    found = list(
        Application.objects.raw(_to_edit_sql(connection.vendor), [MilestoneKind.SUBMISSION_DEADLINE, pk, user.pk])
    )
    if not found:
        raise Http404
    application = found[0]
    # A column of the statement, not of the model: converted as the model's own datetimes are.
    application.submission_deadline_at = _from_db(
        Milestone._meta.get_field("starts_at"), application.submission_deadline_at
    )
    application.found_for_member = user.pk  # read by rules.is_application_member
    # The edition and its form's questions from this process's memo while no one changed them.
    form_memo.attach_form(application)
    return application


@functools.cache
def _to_edit_sql(vendor: str) -> str:
    """``application_to_edit``'s statement (once per database kind): the application of this id whose
    organisation the user is a member of, and its edition's submission deadline (one milestone of each
    kind per edition: awards_milestone_unique_kind). Written out rather than built by the ORM on each
    autosave, which cost about ten times the statement itself; the tables' names come from the models."""
    quote = connection.ops.quote_name
    application, membership, milestone = (model._meta.db_table for model in (Application, Membership, Milestone))
    return (
        f"SELECT a.*, (SELECT m.starts_at FROM {quote(milestone)} m WHERE m.cycle_id = a.cycle_id AND m.kind = %s)"  # noqa: S608 (the models' names)
        f" AS submission_deadline_at FROM {quote(application)} a WHERE a.id = %s AND a.organisation_id IN"
        f" (SELECT organisation_id FROM {quote(membership)} WHERE user_id = %s)"
    )


def _from_db(field, value):
    """``value`` as read from ``field``'s column, converted as the database backend converts it for
    the ORM (SQLite stores a datetime as text)."""
    column = field.get_col(field.model._meta.db_table)
    for converter in [*connection.ops.get_db_converters(column), *field.get_db_converters(connection)]:
        value = converter(value, column, connection)
    return value


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


def section_answers(application: Application, section) -> list:
    """The answers one section's page shows and its save checks (submissions.answers), read once for
    both."""
    return answers.section_answers(application, section)


def section_questions(application: Application, section) -> list[answers.Asked]:
    """One section's questions asked of the application's category, without their answers: what an
    autosave, which answers with what was posted, needs of the form (no query beyond the form's)."""
    return [answers.Asked(shown=answers.Shown(field=item)) for item in answers.section_questions(application, section)]


def section_form(application: Application, section, *, values: dict | None = None, saved=None) -> list[answers.Asked]:
    """One section's questions as the applicant's form shows them (submissions.answers.section_form);
    ``saved``: the section's answers (``section_answers``) when they were read already."""
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
