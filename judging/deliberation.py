"""Reads of the panel's deliberation on one application in one round.

The panel is the judges assigned to the application in the round (never a recused one) and the
committee chair(s). Independence first: a judge reads the discussion only once their own scorecard is
submitted; the chair and staff read it any time, staff without taking part. The discussion is closed
while the category has a decision in force (``discussion_closed`` reads the decisions themselves, so
that a decision withdrawn reopens it). The deliberation record (messages and summary as canonical
JSON) is what a decision freezes by its SHA-256.
"""

import re
from dataclasses import dataclass

from django.db.models import Q

from accounts.enums import Role
from accounts.models import User
from accounts.rules import is_chair, is_staff_member
from awards.enums import PrizeKind
from submissions.models import Application

from .enums import ConflictAnswer, ScorecardStatus
from .models import Assignment, Decision, DiscussionMessage, PanelSummary, Round
from .selectors import declared_conflicts

RECORD_FORMAT = "scsa-deliberation/1"


def _panel_assignments(round: Round, application: Application):
    return Assignment.objects.filter(round=round, application=application).exclude(
        conflict_answer=ConflictAnswer.RECUSED
    )


def panel_members(round: Round, application: Application) -> list[User]:
    """The assigned judges and the chair(s), each once, by name."""
    judges = _panel_assignments(round, application).values("judge_id")
    return list(
        User.objects.filter(Q(pk__in=judges) | Q(groups__name=Role.CHAIR.value), is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )


def _submitted_judge(user: User, round: Round, application: Application) -> bool:
    assignment = _panel_assignments(round, application).filter(judge=user).select_related("scorecard").first()
    if assignment is None or assignment.conflict_answer != ConflictAnswer.NO_CONFLICT:
        return False
    scorecard = getattr(assignment, "scorecard", None)
    if scorecard is None or scorecard.status != ScorecardStatus.SUBMITTED:
        return False
    return not declared_conflicts(judge=user, application=application)


def can_take_part(user: User, round: Round, application: Application) -> bool:
    """A panel member who may read and write: the chair, or an assigned judge who has submitted."""
    return is_chair(user) or _submitted_judge(user, round, application)


def can_read(user: User, round: Round, application: Application) -> bool:
    return can_take_part(user, round, application) or is_staff_member(user)


def can_summarise(user: User) -> bool:
    return is_chair(user)


def decisions_in_force(round: Round, application: Application):
    """The category's decisions that stand (a withdrawn decision no longer closes the discussion)."""
    return Decision.objects.filter(
        Decision.ACTIVE,
        prize__cycle_id=round.cycle_id,
        prize__kind=PrizeKind.CATEGORY,
        prize__category_id=application.category_id,
    )


def discussion_closed(round: Round, application: Application) -> bool:
    return decisions_in_force(round, application).exists()


def thread(round: Round, application: Application) -> list[DiscussionMessage]:
    return list(
        DiscussionMessage.objects.filter(round=round, application=application)
        .select_related("author")
        .order_by("created_at", "pk")
    )


def summary_of(round: Round, application: Application) -> PanelSummary | None:
    return PanelSummary.objects.filter(round=round, application=application).select_related("author").first()


def mentioned(body: str, members: list[User]) -> list[User]:
    """The panel members the message mentions: "@" and their name, or the part of their e-mail
    address before the "@" (``@judge1``). Anyone else's name mentions nobody."""
    found = []
    for member in members:
        local = member.email.split("@", 1)[0]
        by_name = bool(member.full_name) and f"@{member.full_name}" in body
        by_local = bool(local) and re.search(rf"@{re.escape(local)}(?![\w.-])", body, re.IGNORECASE)
        if by_name or by_local:
            found.append(member)
    return found


@dataclass(frozen=True)
class Deliberation:
    round: Round
    application: Application
    messages: list[DiscussionMessage]
    summary: PanelSummary | None


def deliberation(round: Round, application: Application) -> Deliberation:
    return Deliberation(round, application, thread(round, application), summary_of(round, application))


def deliberation_record(round: Round, application: Application) -> dict:
    """The deliberation as data: every message (author's name, time, text) and the summary; its
    canonical JSON is what the decision's ``deliberation_sha256`` hashes."""
    record = deliberation(round, application)
    summary = record.summary
    return {
        "format": RECORD_FORMAT,
        "round": round.position,
        "application": application.reference or str(application.pk),
        "messages": [
            {"author": m.author.get_full_name(), "at": m.created_at.isoformat(), "text": m.body}
            for m in record.messages
        ],
        "summary": None
        if summary is None
        else {"author": summary.author.get_full_name(), "text": summary.text, "public": summary.public},
    }
