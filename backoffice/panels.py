"""The staff dashboard as a list of panels, each computed by one function from SQL aggregates.

A panel function takes the cycle and returns a ``Panel`` (a title, column headings and rows of
ready-made cells); each costs a fixed number of queries, whatever the number of applications or
judges. ``PANELS`` is the dashboard: another app adds its panel by appending one function (the
Popular Vote's counts and flags, for instance, from the voting app).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from awards.enums import PrizeKind
from awards.models import Category, Cycle, Prize
from awards.selectors import timeline
from core.formats import local_date, local_time
from documents.enums import DocumentStatus
from documents.models import Document, Letter
from judging.enums import AssignmentStatus, ConflictAnswer, ScorecardStatus
from judging.models import Assignment, Decision, FeedbackDocument, Round
from judging.selectors import withdrawn_assignments
from submissions.enums import ENTERED_STATUSES, ApplicationStatus, OrganisationKind, Region
from submissions.models import Application
from submissions.selectors import thai_order
from voting import review
from voting.models import Poll, Vote


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    empty: str = ""
    note: str = ""
    # (label, address) pairs shown under the panel: where to act on what it says.
    links: list[tuple[str, str]] = field(default_factory=list)


ROUND = pgettext_lazy("judging round", "round")
DONE = pgettext_lazy("progress", "done")
RECUSED = Q(conflict_answer=ConflictAnswer.RECUSED)
SUBMITTED_CARD = Q(scorecard__status=ScorecardStatus.SUBMITTED)


def _entered_and_drafts(counted: str = "pk", prefix: str = "") -> dict:
    """Two counts of applications: entered in the competition (submitted or later) and drafts."""
    return {
        "entered": Count(counted, filter=Q(**{f"{prefix}status__in": ENTERED_STATUSES})),
        "drafts": Count(counted, filter=Q(**{f"{prefix}status": ApplicationStatus.DRAFT})),
    }


def applications_by_status(cycle: Cycle) -> Panel:
    counts = dict(Application.objects.filter(cycle=cycle).order_by().values_list("status").annotate(n=Count("pk")))
    rows = [[status.label, counts.get(status.value, 0)] for status in ApplicationStatus]
    rows.append([_("All"), sum(counts.values())])
    return Panel("status", _("Applications by status"), [_("status"), _("applications")], rows)


def applications_by_category(cycle: Cycle) -> Panel:
    categories = (
        Category.objects.filter(cycle=cycle)
        .annotate(**_entered_and_drafts("applications", "applications__"))
        .order_by("position", "pk")
    )
    rows = [[category.name, category.entered, category.drafts] for category in categories]
    return Panel(
        "category",
        _("Applications by category"),
        [_("category"), _("entered"), _("drafts")],
        rows,
        empty=_("This edition has no categories yet."),
    )


def _grouped(cycle: Cycle, field_name: str) -> dict:
    rows = Application.objects.filter(cycle=cycle).order_by().values(field_name).annotate(**_entered_and_drafts())
    return {row[field_name]: (row["entered"], row["drafts"]) for row in rows}


def applications_by_region(cycle: Cycle) -> Panel:
    counts = _grouped(cycle, "organisation__province__region")
    rows = [[region.label, *counts.get(region.value, (0, 0))] for region in Region]
    return Panel("region", _("Applications by region"), [_("region"), _("entered"), _("drafts")], rows)


def applications_by_province(cycle: Cycle) -> Panel:
    rows = (
        Application.objects.filter(cycle=cycle)
        .order_by()
        .values("organisation__province__name_th", "organisation__province__name_en")
        .annotate(**_entered_and_drafts())
        .order_by("-entered", thai_order("organisation__province__name_th"))
    )
    english = (get_language() or "th").startswith("en")
    return Panel(
        "province",
        _("Applications by province"),
        [_("province"), _("entered"), _("drafts")],
        [
            [
                row["organisation__province__name_en" if english else "organisation__province__name_th"],
                row["entered"],
                row["drafts"],
            ]
            for row in rows
        ],
        empty=_("No applications yet."),
    )


def applications_by_organisation_kind(cycle: Cycle) -> Panel:
    counts = _grouped(cycle, "organisation__kind")
    rows = [[kind.label, *counts.get(kind.value, (0, 0))] for kind in OrganisationKind]
    return Panel("kind", _("Applications by type of organisation"), [_("type"), _("entered"), _("drafts")], rows)


def judging_by_round(cycle: Cycle) -> Panel:
    rounds = (
        Round.objects.filter(cycle=cycle)
        .annotate(
            assigned=Count("assignments", filter=~Q(assignments__conflict_answer=ConflictAnswer.RECUSED)),
            submitted=Count("assignments", filter=Q(assignments__scorecard__status=ScorecardStatus.SUBMITTED)),
            recused=Count("assignments", filter=Q(assignments__conflict_answer=ConflictAnswer.RECUSED)),
        )
        .order_by("position")
    )
    rows = [
        [
            r.get_kind_display(),
            r.assigned,
            r.submitted,
            r.recused,
            _percent(r.submitted, r.assigned),
            f"{local_date(r.closes_at)} {local_time(r.closes_at)}",
        ]
        for r in rounds
    ]
    return Panel(
        "rounds",
        _("Judging progress by round"),
        [ROUND, _("assigned"), _("submitted"), _("recused"), DONE, _("closes")],
        rows,
        empty=_("No judging round yet."),
    )


def judging_by_judge(cycle: Cycle) -> Panel:
    rows = (
        Assignment.objects.filter(round__cycle=cycle)
        .order_by()
        .values("round__position", "round__kind", "judge__email", "judge__full_name")
        .annotate(
            assigned=Count("pk", filter=~RECUSED),
            submitted=Count("pk", filter=SUBMITTED_CARD),
            recused=Count("pk", filter=RECUSED),
        )
        .order_by("round__position", "judge__full_name", "judge__email")
    )
    kinds = dict(Round._meta.get_field("kind").choices)
    return Panel(
        "judges",
        _("Judging progress by judge"),
        [_("judge"), ROUND, _("assigned"), _("submitted"), _("recused"), DONE],
        [
            [
                row["judge__full_name"] or row["judge__email"],
                kinds.get(row["round__kind"], ""),
                row["assigned"],
                row["submitted"],
                row["recused"],
                _percent(row["submitted"], row["assigned"]),
            ]
            for row in rows
        ],
        empty=_("No judge has been assigned yet."),
    )


def withdrawn_to_replace(cycle: Cycle) -> Panel:
    """The flag of conflicts that surfaced after assignment: each withdrawn assignment whose
    application still has fewer judges than its round asks for (the next automatic assignment
    replaces the judge; the row then goes away). One query."""
    active = (
        Assignment.objects.filter(
            round_id=OuterRef("round_id"), application_id=OuterRef("application_id"), status=AssignmentStatus.ACTIVE
        )
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .order_by()
        .values("application_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        withdrawn_assignments(cycle=cycle)
        .annotate(active_judges=Coalesce(Subquery(active, output_field=IntegerField()), 0))
        .filter(active_judges__lt=F("round__judges_per_application"))
    )
    return Panel(
        "withdrawn",
        _("Withdrawn for a conflict of interest: judges to replace"),
        [_("application"), _("judge"), ROUND, _("reason"), _("withdrawn on")],
        [
            [
                row.application.reference or row.application.title_th,
                row.judge.full_name or row.judge.email,
                row.round.get_kind_display(),
                row.withdrawal_reason_display,
                local_date(row.withdrawn_at),
            ]
            for row in rows
        ],
        empty=_("No assignment waits for a replacement."),
        note=_("Run the automatic assignment of the round (Judging rounds in admin) to replace these judges."),
    )


def due_next(cycle: Cycle) -> Panel:
    """What comes next on the timeline (awards.selectors.timeline), the first one marked."""
    rows = []
    for entry in timeline(cycle):
        if entry.is_past:
            continue
        milestone = entry.milestone
        when = local_date(milestone.starts_at)
        if milestone.show_time:
            when = f"{when} {local_time(milestone.starts_at)}"
        rows.append([milestone.get_kind_display(), when, _("next") if entry.is_next else ""])
    return Panel(
        "timeline",
        _("Due next"),
        [_("milestone"), _("date"), ""],
        rows,
        empty=_("Every date of this edition has passed."),
    )


def popular_vote(cycle: Cycle) -> Panel:
    """Valid and voided votes per finalist from the ledger, and how many votes each fraud check flags
    (the review page, /vote/<cycle>/review/, names them and voids them), with the vote's window.

    The edition's public page announces a Popular Vote when one of its awards is the Popular Vote:
    without a poll set up yet, the panel says so and links to adding one; a winner recorded without
    a ledger on this site (an edition entered after the fact, as 2022) is shown as recorded."""
    poll = Poll.objects.filter(cycle=cycle).first()
    if poll is None:
        return _popular_vote_without_poll(cycle)
    per_finalist = (
        Vote.objects.filter(cycle=cycle)
        .order_by()
        .values("application__reference", "application__title_th", "application__title_en")
        .annotate(valid=Count("pk", filter=Q(void__isnull=True)), voided=Count("pk", filter=Q(void__isnull=False)))
        .order_by("-valid", "application__reference")
    )
    rows = [
        [_title(row["application__title_th"], row["application__title_en"]), row["valid"], row["voided"]]
        for row in per_finalist
    ]
    flagged = {
        _("bursts"): review.bursts(cycle),
        _("shared address ranges"): review.shared_networks(cycle),
        _("disposable e-mail domains"): review.disposable_domains(cycle),
        _("near-identical addresses"): review.near_identical(cycle),
    }
    note = _("Votes flagged for review: %(flags)s.") % {
        "flags": ", ".join(f"{label} {sum(f.count for f in found)}" for label, found in flagged.items())
    }
    return Panel(
        "vote",
        _("Popular Vote"),
        [_("finalist"), _("valid votes"), _("voided votes")],
        rows,
        empty=_("No vote has been cast yet."),
        note=f"{_poll_window(poll)} {note}",
        links=[
            (_("The public gallery"), reverse("voting:gallery", args=[cycle.slug])),
            (_("Review the votes"), reverse("voting:review", args=[cycle.slug])),
        ],
    )


def _title(thai: str, english: str) -> str:
    return ((english if (get_language() or "").startswith("en") else "") or thai) or ""


def _poll_window(poll: Poll) -> str:
    """When the public may vote, as the gallery says it: from when to when, and where it stands."""
    window = {
        "opens": f"{local_date(poll.opens_at)} {local_time(poll.opens_at)}",
        "closes": f"{local_date(poll.closes_at)} {local_time(poll.closes_at)}",
    }
    states = {
        "upcoming": _("The vote opens on %(opens)s and closes on %(closes)s."),
        "open": _("The vote is open to the public until %(closes)s (it opened on %(opens)s)."),
        "closed": _("The vote closed on %(closes)s; its result is not declared yet."),
        "declared": _("The vote closed on %(closes)s and its result is declared."),
    }
    return states[poll.state] % window


def _popular_vote_without_poll(cycle: Cycle) -> Panel:
    prize = Prize.objects.filter(cycle=cycle, kind=PrizeKind.POPULAR_VOTE).order_by("position", "pk").first()
    if prize is None:
        return Panel("vote", _("Popular Vote"), [], empty=_("This edition has no Popular Vote."))
    winners = (
        Decision.objects.filter(Decision.ACTIVE, prize=prize).select_related("application").order_by("decided_at", "pk")
    )
    rows = [[_title(d.application.title_th, d.application.title_en), local_date(d.decided_at)] for d in winners]
    if rows:
        return Panel(
            "vote",
            _("Popular Vote"),
            [_("winner"), _("recorded on")],
            rows,
            note=_("The winner was recorded without a vote on this site: there is no ledger to count."),
        )
    return Panel(
        "vote",
        _("Popular Vote"),
        [],
        empty=_(
            "The edition's page announces the Popular Vote award, but its vote is not set up yet: "
            "add it under Popular Votes (when it opens and closes)."
        ),
        links=[(_("Set up the Popular Vote"), f"{reverse('admin:voting_poll_add')}?cycle={cycle.pk}")],
    )


def _document_of(cycle: Cycle) -> Q:
    """A PDF job of this cycle, whatever it is about (an application, a scorecard, a round's or a
    category's book, a certificate)."""
    return (
        Q(application__cycle=cycle)
        | Q(assignment__round__cycle=cycle)
        | Q(round__cycle=cycle)
        | Q(category__cycle=cycle)
        | Q(certificate__prize__cycle=cycle)
    )


def failed_documents(cycle: Cycle) -> Panel:
    """The flag of what the workers gave up on: PDFs, official letters and feedback PDFs of this
    edition that failed after their attempts, each kind with where in admin to read the error and
    render it again. Three queries."""
    kinds = [
        (
            _("PDFs for staff (score sheets, books, certificates…)"),
            Document.objects.filter(_document_of(cycle), status=DocumentStatus.FAILED).distinct().count(),
            f"{reverse('admin:documents_document_changelist')}?status__exact={DocumentStatus.FAILED}",
        ),
        (
            _("Official letters"),
            Letter.objects.filter(cycle=cycle, failed_at__isnull=False).count(),
            f"{reverse('admin:documents_letter_changelist')}?state=failed&cycle__id__exact={cycle.pk}",
        ),
        (
            _("Feedback to applicants"),
            FeedbackDocument.objects.filter(application__cycle=cycle, failed_at__isnull=False).count(),
            f"{reverse('admin:judging_feedbackdocument_changelist')}?state=failed&round__cycle__id__exact={cycle.pk}",
        ),
    ]
    failed = [(label, count, url) for label, count, url in kinds if count]
    return Panel(
        "failed_documents",
        _("Documents the workers could not render"),
        [_("what"), _("failed")],
        [[label, count] for label, count, _url in failed],
        empty=_("Every document of this edition was rendered, or is still waiting its turn."),
        note=_("Open each list for the error; fix its cause, then render the documents again from there.")
        if failed
        else "",
        links=[(label, url) for label, _count, url in failed],
    )


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


PANELS: list[Callable[[Cycle], Panel]] = [
    due_next,
    applications_by_status,
    applications_by_category,
    applications_by_region,
    applications_by_province,
    applications_by_organisation_kind,
    judging_by_round,
    judging_by_judge,
    withdrawn_to_replace,
    failed_documents,
    popular_vote,
]


def dashboard(cycle: Cycle) -> list[Panel]:
    return [panel(cycle) for panel in PANELS]
