"""The shortlist: the round's advancement rule proposes, staff adjust and confirm; confirmed
applications become shortlisted, every organisation is told, and the final round opens on them."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from awards.models import Category
from submissions.enums import ApplicationStatus

from .. import emails, signals
from ..enums import RoundKind
from ..models import Panel, Round
from ..ranking import leaderboard as ranked_leaderboard
from ..selectors import round_applications
from ..shortlist import Proposal, propose, tie_broken_by_hand
from .assignments import run_automatic_assignment


@dataclass(frozen=True)
class UnscoredRow:
    """An entered application that no judge has scored yet, in the shape of a LeaderboardRow."""

    application_id: int
    reference: str
    title: str
    organisation: str
    judges: int
    mean: Decimal
    rank: int
    tied: bool


def leaderboard(round: Round, category: Category) -> list:
    """The category's leaderboard (judging.ranking, declared tie-break applied), followed by the
    entered applications that have no submitted scorecard, so that none is missing from the page."""
    rows = ranked_leaderboard(round, category)
    ranked = {row.application_id for row in rows}
    unscored = (
        round_applications(round)
        .filter(category=category, status=ApplicationStatus.SUBMITTED)
        .exclude(pk__in=ranked)
        .select_related("organisation")
        .order_by("reference", "pk")
    )
    return rows + [
        UnscoredRow(
            application_id=a.pk,
            reference=a.reference or "",
            title=a.title_th,
            organisation=a.organisation.name,
            judges=0,
            mean=Decimal("0.00"),
            rank=len(rows) + 1,
            tied=False,
        )
        for a in unscored
    ]


@dataclass(frozen=True)
class CategoryProposal:
    category: Category
    proposals: list[Proposal]


def shortlist_proposal(*, round: Round) -> list[CategoryProposal]:
    """Per category with entered applications, the rule's proposal over its leaderboard."""
    categories = Category.objects.filter(pk__in=round_applications(round).values("category_id")).order_by("position")
    return [
        CategoryProposal(
            category=category,
            proposals=propose(
                leaderboard(round, category), top_n=round.advance_top_n, min_total=round.advance_min_total
            ),
        )
        for category in categories
    ]


@transaction.atomic
def confirm_shortlist(*, round: Round, application_ids: set[int], by: User, request=None, reason: str = "") -> Round:
    """Shortlist exactly the chosen applications of the round, tell every organisation kindly, and
    open the final round on the shortlisted ones. Confirmed once; a second confirmation is refused
    (the e-mails have gone out). The committee's ``reason`` is kept (shown to staff and in the
    committee book); it is required when an application tied at the cut is left out."""
    reason = (reason or "").strip()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.shortlist_confirmed_at is not None:
        raise ValidationError(_("This round's shortlist was already confirmed."))
    if not application_ids:
        raise ValidationError(_("Choose at least one application for the shortlist."))
    entered = list(
        round_applications(round).filter(status=ApplicationStatus.SUBMITTED).select_related("organisation", "cycle")
    )
    unknown = set(application_ids) - {a.pk for a in entered}
    if unknown:
        raise ValidationError(_("Some chosen applications are not in this round; reload the page and try again."))
    proposals = [p for block in shortlist_proposal(round=round) for p in block.proposals]
    if tie_broken_by_hand(proposals, set(application_ids)) and not reason:
        raise ValidationError(
            _("An application tied at the cut is left out: give the committee's reason for breaking the tie.")
        )
    for application in entered:
        advanced = application.pk in application_ids
        if advanced:
            application.status = ApplicationStatus.SHORTLISTED
            application.save(update_fields=["status"])
        queued = emails.send_shortlist_result(application=application, advanced=advanced)
        signals.shortlist_decided.send(sender=Round, application=application, advanced=advanced, emails=queued)
    round.shortlist_confirmed_at, round.shortlist_confirmed_by = timezone.now(), by
    round.shortlist_reason = reason
    round.save(update_fields=["shortlist_confirmed_at", "shortlist_confirmed_by", "shortlist_reason"])
    record_event(
        actor=by,
        action="shortlist.confirm",
        target=round,
        request=request,
        detail={
            "shortlisted": sorted(a.reference or str(a.pk) for a in entered if a.pk in application_ids),
            "not_advanced": sorted(a.reference or str(a.pk) for a in entered if a.pk not in application_ids),
            "reason": reason,
        },
    )
    return open_final_round(screening=round)


def open_final_round(*, screening: Round) -> Round:
    """The cycle's final round (created after the screening round if there is none), with the
    screening round's panels, and every panel judge assigned to the shortlisted applications of
    their categories by the automatic assignment."""
    final = Round.objects.filter(cycle_id=screening.cycle_id, kind=RoundKind.FINAL).first()
    if final is None:
        now = timezone.now()
        final = Round.objects.create(
            cycle_id=screening.cycle_id,
            position=screening.position + 1,
            kind=RoundKind.FINAL,
            rubric=screening.rubric,
            opens_at=now,
            closes_at=now + timedelta(days=30),
            judges_per_application=1,
            judge_cap=screening.judge_cap,
        )
    largest = 1
    for panel in screening.panels.prefetch_related("judges"):
        judges = list(panel.judges.all())
        target, _created = Panel.objects.get_or_create(round=final, category_id=panel.category_id)
        target.judges.add(*judges)
        largest = max(largest, target.judges.count())
    final.judges_per_application = max(final.judges_per_application, largest)
    final.save(update_fields=["judges_per_application"])
    run_automatic_assignment(round=final)
    return final
