"""Writes of judging by judges: the conflict answer per assignment, scores, submission; and staff's
reopening. Every score change is kept by django-simple-history (who, when, old, new)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Criterion
from awards.services import lock_rubric
from core.formats import points

from ..enums import ConflictAnswer, ScorecardStatus
from ..models import Assignment, Score, Scorecard
from ..totals import max_steps


def _refuse_unless_round_open(assignment: Assignment) -> None:
    now = timezone.now()
    if not (assignment.round.opens_at <= now <= assignment.round.closes_at):
        raise ValidationError(_("This judging round is closed: scores can no longer be changed."))


@transaction.atomic
def answer_conflict(*, assignment: Assignment, by, recuse: bool, reason: str = "") -> Assignment:
    """Before opening an application the judge confirms no conflict of interest, or recuses with a reason."""
    if assignment.judge_id != by.pk:
        raise ValidationError(_("Only the assigned judge can answer for this assignment."))
    if recuse and not reason.strip():
        raise ValidationError({"recusal_reason": _("Say why you recuse yourself; staff will assign another judge.")})
    assignment.conflict_answer = ConflictAnswer.RECUSED if recuse else ConflictAnswer.NO_CONFLICT
    assignment.recusal_reason = reason.strip() if recuse else ""
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["conflict_answer", "recusal_reason", "answered_at"])
    return assignment


def _editable_scorecard(scorecard: Scorecard, by) -> Scorecard:
    """The scorecard locked for writing, after the checks every change makes: its own judge, past the
    conflict gate, still a draft, and the round open."""
    scorecard = Scorecard.objects.select_for_update().select_related("assignment__round__rubric").get(pk=scorecard.pk)
    assignment = scorecard.assignment
    if assignment.judge_id != by.pk or assignment.conflict_answer != ConflictAnswer.NO_CONFLICT:
        raise ValidationError(_("Confirm that you have no conflict of interest before scoring."))
    if scorecard.status != ScorecardStatus.DRAFT:
        raise ValidationError(_("This scorecard has been submitted. Staff can reopen it if a score must change."))
    _refuse_unless_round_open(assignment)
    return scorecard


def scorecard_for(*, assignment: Assignment) -> Scorecard:
    scorecard, _created = Scorecard.objects.get_or_create(assignment=assignment)
    return scorecard


@transaction.atomic
def record_score(*, scorecard: Scorecard, criterion: Criterion, steps: int, comment: str = "", by) -> Score:
    """Save one criterion's score (whole steps of the rubric's step) on a draft scorecard."""
    scorecard = _editable_scorecard(scorecard, by)
    assignment = scorecard.assignment
    rubric = assignment.round.rubric
    if criterion.dimension.rubric_id != rubric.pk:
        raise ValidationError(_("This criterion is not part of the round's rubric."))
    highest = max_steps(criterion.max_points, rubric.score_step)
    if not 0 <= steps <= highest:
        raise ValidationError(
            _("A score for this criterion is between 0 and %(maximum)s.") % {"maximum": points(criterion.max_points)}
        )
    lock_rubric(rubric=rubric)  # the first score fixes what the rubric means
    score = Score.objects.filter(scorecard=scorecard, criterion=criterion).first() or Score(
        scorecard=scorecard, criterion=criterion
    )
    if score.pk and (score.steps, score.comment) == (steps, comment):
        return score
    score.steps, score.comment = steps, comment
    score._history_user = by
    score.save()
    return score


@transaction.atomic
def submit_scorecard(*, scorecard: Scorecard, by) -> Scorecard:
    scorecard = Scorecard.objects.select_for_update().select_related("assignment__round").get(pk=scorecard.pk)
    if scorecard.assignment.judge_id != by.pk or scorecard.status != ScorecardStatus.DRAFT:
        raise ValidationError(_("This scorecard cannot be submitted."))
    _refuse_unless_round_open(scorecard.assignment)
    criteria = Criterion.objects.filter(dimension__rubric_id=scorecard.assignment.round.rubric_id)
    missing = criteria.exclude(pk__in=scorecard.scores.values("criterion_id")).count()
    if missing:
        raise ValidationError(_("Score every criterion before submitting (%(count)s left).") % {"count": missing})
    scorecard.status, scorecard.submitted_at = ScorecardStatus.SUBMITTED, timezone.now()
    scorecard._history_user = by
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    return scorecard


@transaction.atomic
def reopen_scorecard(*, scorecard: Scorecard, by) -> Scorecard:
    """Staff give a submitted scorecard back to its judge (kept in its history)."""
    scorecard.status, scorecard.submitted_at = ScorecardStatus.DRAFT, None
    scorecard._history_user = by
    scorecard._change_reason = f"reopened by {by}"
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    return scorecard


@transaction.atomic
def record_overall_comment(*, scorecard: Scorecard, comment: str, by) -> Scorecard:
    """Save the judge's overall comment on a draft scorecard."""
    scorecard = _editable_scorecard(scorecard, by)
    if scorecard.comment != comment:
        scorecard.comment = comment
        scorecard._history_user = by
        scorecard.save(update_fields=["comment", "updated_at"])
    return scorecard
