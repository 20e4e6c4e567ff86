"""Decisions: who won which prize, with the data behind it frozen as canonical JSON and hashed.

The canonical form is JSON with sorted keys, no insignificant whitespace and UTF-8 text
(``ensure_ascii=False``); decimals and fractions are written as strings so that no float rounding
creeps in. Anyone can recompute the SHA-256 of the downloaded bytes.
"""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.audit import record_event
from accounts.models import User
from accounts.rules import is_staff_member
from awards.enums import PrizeKind
from awards.models import Prize
from submissions.enums import ENTERED_STATUSES
from submissions.models import Application

from .. import deliberation, signals
from ..models import Decision, Round
from ..rules import can_finalise


def _plain(value):
    if isinstance(value, (Decimal, Fraction)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not allowed in a decision's data")


def canonical_json(data: dict) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse_unless_eligible(*, prize: Prize, application: Application) -> None:
    if application.cycle_id != prize.cycle_id:
        raise ValidationError(_("This application belongs to another award cycle."))
    if prize.kind == PrizeKind.CATEGORY and application.category_id != prize.category_id:
        raise ValidationError(_("This award is for another category."))
    if application.status not in ENTERED_STATUSES:
        raise ValidationError(_("Only a submitted application can win an award."))


def _with_corrections(data: dict, prize: Prize) -> dict:
    """The data with the award's withdrawn decisions (hash, dates, reason), oldest first, when there
    are any: a corrected result carries its history inside what its own hash covers."""
    withdrawn = Decision.objects.filter(prize=prize, withdrawn_at__isnull=False).order_by("withdrawn_at", "pk")
    corrections = [
        {
            "sha256": old.sha256,
            "winner": old.application.reference or str(old.application_id),
            "decided_at": old.decided_at,
            "withdrawn_at": old.withdrawn_at,
            "reason": old.withdrawal_reason,
        }
        for old in withdrawn.select_related("application")
    ]
    return {**data, "corrections": corrections} if corrections else data


@transaction.atomic
def withdraw_decision(*, decision: Decision, by: User, reason: str, request=None) -> Decision:
    """Staff withdraw a finalised decision to correct a result: the reason is kept, audited and shown
    on the public results page; the scorecards behind it can then be reopened, and the award
    finalised again (with a new hash that carries this correction)."""
    if not is_staff_member(by):
        raise ValidationError(_("Only staff can withdraw a decision."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the decision is withdrawn: the reason is published with the results.")}
        )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.withdrawn_at is not None:
        raise ValidationError(_("This decision has already been withdrawn."))
    decision.withdrawn_at, decision.withdrawn_by, decision.withdrawal_reason = timezone.now(), by, reason
    decision.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    record_event(
        actor=by,
        action="decision.withdraw",
        target=decision,
        request=request,
        detail={"prize": decision.prize_id, "sha256": decision.sha256, "reason": reason},
    )
    return decision


def tie_broken_by_hand(data: dict, application: Application) -> bool:
    """The winner's row of the frozen ranking is tied: the declared tie-break did not separate it
    from another, so the committee chose by hand."""
    winner = application.reference or str(application.pk)
    return any(row.get("tied") and row.get("reference") == winner for row in data.get("rows", ()))


def _with_deliberation(data: dict, *, round: Round, application: Application, reason: str) -> tuple[dict, str]:
    """The data with the committee's reason and the deliberation's SHA-256 (and the chair's summary
    where it is marked public), and that SHA-256."""
    record = deliberation.deliberation_record(round, application)
    digest = sha256_of(canonical_json(record))
    summary = record["summary"]
    public = {"sha256": digest, "summary": summary["text"] if summary and summary["public"] else None}
    return {**data, "reason": reason, "deliberation": public}, digest


@transaction.atomic
def finalise_prize(
    *,
    prize: Prize,
    application: Application,
    by: User,
    data: dict,
    request=None,
    round: Round | None = None,
    reason: str = "",
) -> Decision:
    """Record ``application`` as a winner of ``prize`` (chair or staff only), freezing ``data`` (the
    ranking or tally the decision rests on, judges already pseudonymised) and its SHA-256; the
    audit log keeps who did it (and from where, given the ``request``). Given the judging ``round``,
    the data also carries the committee's ``reason`` (required when the winner was tied and chosen
    by hand) and the SHA-256 of the panel's deliberation, which closes the discussion."""
    reason = (reason or "").strip()
    if not can_finalise(by):
        raise ValidationError(_("Only the committee chair or staff can finalise an award."))
    prize = Prize.objects.select_for_update().get(pk=prize.pk)
    _refuse_unless_eligible(prize=prize, application=application)
    active = Decision.objects.filter(Decision.ACTIVE, prize=prize)
    if active.filter(application=application).exists():
        raise ValidationError(_("This application has already been recorded as a winner of this award."))
    if active.count() >= prize.quantity:
        raise ValidationError(
            _("This award has all its %(count)s winner(s) already; staff must remove a decision first.")
            % {"count": prize.quantity}
        )
    if tie_broken_by_hand(data, application) and not reason:
        raise ValidationError(
            _("The winner is tied with another application: give the committee's reason for choosing it.")
        )
    digest = ""
    if round is not None:
        # A message posted meanwhile waits for this decision, then finds the discussion closed.
        Round.objects.select_for_update().get(pk=round.pk)
        data, digest = _with_deliberation(data, round=round, application=application, reason=reason)
    text = canonical_json(_with_corrections(data, prize))
    decision = Decision(
        prize=prize,
        application=application,
        decided_by=by,
        decided_at=timezone.now(),
        data=text,
        sha256=sha256_of(text),
        reason=reason,
        deliberation_sha256=digest,
    )
    decision.full_clean()
    decision.save()
    record_event(
        actor=by,
        action="decision.finalise",
        target=decision,
        request=request,
        detail={
            "prize": prize.pk,
            "application": application.reference or application.pk,
            "sha256": decision.sha256,
            "reason": reason,
        },
    )
    signals.prize_finalised.send(sender=Decision, decision=decision)
    return decision
