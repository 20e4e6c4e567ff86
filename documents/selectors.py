"""Reads the documents need: an application's score summary, the documents a person may download.
A scorecard's figures are judging's ``scorecard_sheet`` (the scoring page shows the same), and every
total follows judging.totals (one rounding)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from awards.selectors import current_cycles, public_cycles, rubric_table
from core.pagecache import public_part
from judging.enums import AssignmentStatus, ConflictAnswer
from judging.models import Assignment, Decision, Round
from judging.ranking import LeaderboardRow, leaderboard
from judging.selectors import scorecard_sheet
from judging.totals import mean as exact_mean
from submissions.models import Application

from .enums import DocumentKind, DocumentStatus
from .models import CertificateDesign, Document, Letter
from .rules import can_download, can_download_letter


@dataclass(frozen=True)
class JudgeLine:
    name: str
    submitted: bool
    subtotals: list[Decimal | None]  # per dimension, in the rubric's order (None until submitted)
    total: Decimal | None


@dataclass(frozen=True)
class Summary:
    application: Application
    round: Round
    judges: list[JudgeLine]
    dimensions: list[tuple[int, str, Decimal]]  # number, name, points
    mean: Decimal | None
    rank: int | None
    total_points: Decimal


def round_assignments(round: Round, application: Application):
    return (
        Assignment.objects.filter(round=round, application=application)
        .exclude(conflict_answer=ConflictAnswer.RECUSED)
        .exclude(status=AssignmentStatus.WITHDRAWN)
        .select_related("judge", "scorecard", "round__rubric")
        .order_by("judge__full_name", "judge__email")
    )


def application_summary(
    *, round: Round, application: Application, row: LeaderboardRow | None = None, table=None
) -> Summary:
    """Every judge of the application in the round with their total (submitted scorecards count;
    recused and withdrawn assignments are left out, as the ranking leaves them out),
    and the mean and rank of the application's ``row`` in the round's leaderboard (the mean of the
    submitted totals when it has none yet)."""
    table = table or rubric_table(round.rubric)
    dimensions = [
        (row.dimension.position, row.dimension.name, row.dimension.points) for row in table.rows if row.criteria
    ]
    judges, submitted_totals = [], []
    for assignment in round_assignments(round, application):
        sheet = scorecard_sheet(assignment=assignment, table=table)
        judges.append(
            JudgeLine(
                name=assignment.judge.full_name or assignment.judge.email,
                submitted=sheet.submitted,
                subtotals=[block.subtotal if sheet.submitted else None for block in sheet.blocks],
                total=sheet.total if sheet.submitted else None,
            )
        )
        if sheet.submitted:
            submitted_totals.append(sheet.totals.exact)
    mean = row.mean if row else exact_mean(submitted_totals)
    rank = row.rank if row else None
    return Summary(
        application=application,
        round=round,
        judges=judges,
        dimensions=dimensions,
        mean=mean,
        rank=rank,
        total_points=table.total_points,
    )


def committee_reasons(*, round: Round, category) -> dict:
    """The committee's reasons a committee book states: the shortlist's (a screening round) and
    each of the category's decisions that gives one."""
    decisions = (
        Decision.objects.filter(
            prize__cycle_id=round.cycle_id, prize__category=category, application__category=category
        )
        .exclude(reason="")
        .select_related("prize", "application")
        .order_by("prize__position", "decided_at")
    )
    return {"shortlist_reason": round.shortlist_reason, "decisions": list(decisions)}


def book_applications(*, round: Round, category) -> list[Application]:
    """The applications of a category that the round judged (those with a judge), by reference."""
    ids = Assignment.objects.filter(round=round, application__category=category).values("application_id")
    return list(
        Application.objects.filter(pk__in=ids)
        .select_related("organisation__province", "category", "cycle")
        .order_by("reference", "pk")
    )


def application_for_document(pk: int) -> Application:
    return (
        Application.objects.select_related("cycle", "category", "organisation__province")
        .prefetch_related(
            Prefetch("partners", queryset=Application.partners.rel.related_model.objects.select_related("province")),
            "attachments",
        )
        .get(pk=pk)
    )


def document_for(user, pk: int) -> Document:
    """A finished document the user may download; 404 otherwise (its existence does not leak)."""
    document = (
        Document.objects.select_related("assignment", "certificate__application")
        .filter(pk=pk, status=DocumentStatus.DONE)
        .first()
    )
    if document is None or not document.file or not can_download(user, document):
        raise Http404
    return document


def leaderboard_rows(*, round: Round, category) -> dict[int, LeaderboardRow]:
    """application id → its row in the round's leaderboard of the category (rank and mean as the
    rankings page and the decisions read them)."""
    return {row.application_id: row for row in leaderboard(round, category)}


def score_sheets_of(user):
    """A judge's own finished score sheets, newest first."""
    return (
        Document.objects.filter(kind=DocumentKind.SCORE_SHEET, status=DocumentStatus.DONE, assignment__judge=user)
        .select_related("assignment__application", "assignment__round__cycle")
        .order_by("-finished_at", "-id")
    )


def verification_facts(certificate) -> dict:
    """What the public verification page shows of a genuine certificate, in its own language."""
    from .rendering.certificate import certificate_facts

    return certificate_facts(certificate)


def winners(cycle_ids) -> list[tuple]:
    """(prize, application) of every finalised decision of the cycles, in the prizes' order."""
    decisions = Decision.objects.filter(Decision.ACTIVE, prize__cycle_id__in=cycle_ids).select_related(
        "prize__category", "application__cycle"
    )
    return [(decision.prize, decision.application) for decision in decisions]


def letters_of(user):
    """The official letters addressed to the user's organisations that are ready to download, newest first."""
    return (
        Letter.objects.filter(application__organisation__memberships__user=user, rendered_at__isnull=False)
        .exclude(file="")
        .select_related("application__cycle", "application__organisation", "application__category")
        .order_by("-issued_at", "-id")
        .distinct()
    )


def letter_for(user, pk: int) -> Letter:
    """A rendered letter the user may download; 404 otherwise (its existence does not leak)."""
    letter = Letter.objects.select_related("application__organisation", "cycle").filter(pk=pk).first()
    if letter is None or not letter.file or not can_download_letter(user, letter):
        raise Http404
    return letter


@dataclass(frozen=True)
class OrganiserFrame:
    """Who the site speaks for, as every page's header and footer name it: the current edition's
    organiser and contact, with the emblem of its certificates when staff have uploaded one."""

    cycle: object
    has_emblem: bool


def organiser_frame() -> OrganiserFrame | None:
    """The frame of the current edition (awards.selectors.current_cycle), or None without one: kept
    as the public pages are (core.pagecache.public_part, under the site's version, which every save of
    an edition or of a certificate design renews), so that a page rendered for one person (an
    applicant's, a judge's, a verified voter's) does not read it from the database each time."""
    return public_part("organiser-frame", _read_organiser_frame, by_language=False)


def _read_organiser_frame() -> OrganiserFrame | None:
    cycle = current_cycles().select_related("certificate_design").first()
    if cycle is None:
        return None
    design = getattr(cycle, "certificate_design", None)
    return OrganiserFrame(cycle=cycle, has_emblem=bool(design and design.emblem))


def emblem_of(slug: str) -> CertificateDesign:
    """The certificate design of a published edition that has an emblem; 404 otherwise."""
    design = CertificateDesign.objects.filter(cycle__in=public_cycles(), cycle__slug=slug).exclude(emblem="").first()
    if design is None:
        raise Http404
    return design
