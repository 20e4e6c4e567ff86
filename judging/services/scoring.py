"""Writes of judging by judges: the conflict answer per assignment, scores, submission; and staff's
reopening. Every score change is kept by django-simple-history (who, when, old, new).

Every write a judge makes is refused, with a message they can act on, unless it is their own
assignment, they said they have no conflict of interest, their declaration of interests shows none
with the application, the scorecard is still a draft, and the round is open.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from awards.models import Criterion, Rubric
from awards.services import lock_rubric
from core.formats import points

from ..enums import ConflictAnswer, ScorecardStatus
from ..models import Assignment, Score, Scorecard
from ..results import decisions_resting_on
from ..selectors import declared_conflicts
from ..totals import max_steps
from . import feedback


def score_key(criterion_id: int) -> str:
    """The key of a criterion's errors in the ValidationError of ``save_scorecard`` (the same as the
    prefix of the criterion's score form, so that a view can put each error beside its criterion)."""
    return f"c{criterion_id}"


def _refuse_unless_round_open(assignment: Assignment) -> None:
    if not assignment.round.is_open():
        raise ValidationError(_("This judging round is closed: scores can no longer be changed."))


def _refuse_declared_conflict(assignment: Assignment, judge: User) -> None:
    """The judge's own declaration of interests closes the application to them, even if it was
    assigned by hand, they answered "no conflict", or the declaration came later."""
    if declared_conflicts(judge=judge, application=assignment.application):
        raise ValidationError(
            _(
                "Your declaration of interests shows a conflict with this application (its organisation, "
                "a partner or a province you declared), so you cannot score it. Staff will assign another "
                "judge; tell them if your declaration is wrong."
            )
        )


@transaction.atomic
def answer_conflict(*, assignment: Assignment, by: User, recuse: bool, reason: str = "") -> Assignment:
    """Before opening an application the judge confirms no conflict of interest, or recuses with a reason."""
    if assignment.judge_id != by.pk:
        raise ValidationError(_("Only the assigned judge can answer for this assignment."))
    if recuse and not reason.strip():
        raise ValidationError({"recusal_reason": _("Say why you recuse yourself; staff will assign another judge.")})
    if not recuse:
        _refuse_declared_conflict(assignment, by)
    assignment.conflict_answer = ConflictAnswer.RECUSED if recuse else ConflictAnswer.NO_CONFLICT
    assignment.recusal_reason = reason.strip() if recuse else ""
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["conflict_answer", "recusal_reason", "answered_at"])
    return assignment


def _editable_scorecard(scorecard: Scorecard, by: User) -> Scorecard:
    """The scorecard locked for writing, after the checks every change makes: its own judge, past the
    conflict gate with no conflict in their declaration, still a draft, and the round open."""
    # Only the scorecard's row is locked (``of``): the rows joined to it are read, not written.
    scorecard = (
        Scorecard.objects.select_for_update(of=("self",))
        .select_related("assignment__round__rubric", "assignment__application__organisation__province")
        .get(pk=scorecard.pk)
    )
    assignment = scorecard.assignment
    if assignment.judge_id != by.pk:
        raise ValidationError(_("Only the assigned judge can score this application."))
    if assignment.conflict_answer != ConflictAnswer.NO_CONFLICT:
        raise ValidationError(_("Confirm that you have no conflict of interest before scoring."))
    _refuse_declared_conflict(assignment, by)
    if scorecard.status != ScorecardStatus.DRAFT:
        raise ValidationError(_("This scorecard has been submitted. Staff can reopen it if a score must change."))
    _refuse_unless_round_open(assignment)
    return scorecard


def scorecard_for(*, assignment: Assignment) -> Scorecard:
    scorecard, _created = Scorecard.objects.get_or_create(assignment=assignment)
    return scorecard


def _score_problem(criterion: Criterion | None, steps: int, rubric: Rubric) -> str | None:
    """Why ``steps`` cannot be this criterion's score, or None."""
    if criterion is None or criterion.dimension.rubric_id != rubric.pk:
        return _("This criterion is not part of the round's rubric.")
    if not 0 <= steps <= max_steps(criterion.max_points, rubric.score_step):
        return _("A score for this criterion is between 0 and %(maximum)s.") % {"maximum": points(criterion.max_points)}
    return None


def _write_score(scorecard: Scorecard, criterion: Criterion, steps: int, comment: str, by: User, score=None) -> Score:
    """Save a checked score (``score``: the criterion's current one, if already read); an unchanged
    score is not written again, so that its history holds only real changes."""
    score = score or Score.objects.filter(scorecard=scorecard, criterion=criterion).first()
    score = score or Score(scorecard=scorecard, criterion=criterion)
    if score.pk and (score.steps, score.comment) == (steps, comment):
        return score
    score.steps, score.comment = steps, comment
    score._history_user = by
    score.save()
    return score


def _write_comment(scorecard: Scorecard, comment: str, by: User) -> None:
    if scorecard.comment != comment:
        scorecard.comment = comment
        scorecard._history_user = by
        scorecard.save(update_fields=["comment", "updated_at"])


def _missing(scorecard: Scorecard) -> int:
    """How many criteria of the round's rubric have no score on the scorecard."""
    criteria = Criterion.objects.filter(dimension__rubric_id=scorecard.assignment.round.rubric_id)
    return criteria.exclude(pk__in=scorecard.scores.values("criterion_id")).count()


def _missing_refusal(count: int) -> ValidationError:
    return ValidationError(_("Score every criterion before submitting (%(count)s left).") % {"count": count})


def refuse_unless_complete(scorecard: Scorecard) -> None:
    """The refusal a submission would meet for criteria left unscored (the confirmation step asks first)."""
    if missing := _missing(scorecard):
        raise _missing_refusal(missing)


def _mark_submitted(scorecard: Scorecard, by: User) -> None:
    scorecard.status, scorecard.submitted_at = ScorecardStatus.SUBMITTED, timezone.now()
    scorecard._history_user = by
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    # A scorecard submitted again (staff reopened it) after the feedback milestone changes the
    # application's figures: its feedback PDFs are rendered again once this commits.
    feedback.scores_changed(application_id=scorecard.assignment.application_id)


@transaction.atomic
def record_score(*, scorecard: Scorecard, criterion: Criterion, steps: int, comment: str = "", by: User) -> Score:
    """Save one criterion's score (whole steps of the rubric's step) on a draft scorecard."""
    scorecard = _editable_scorecard(scorecard, by)
    rubric = scorecard.assignment.round.rubric
    if problem := _score_problem(criterion, steps, rubric):
        raise ValidationError(problem)
    lock_rubric(rubric=rubric)  # the first score fixes what the rubric means
    return _write_score(scorecard, criterion, steps, comment, by)


def _checked_criteria(scorecard: Scorecard, steps: dict[int, int]) -> dict[int, Criterion]:
    """The criteria of the given scores, once every score is checked; otherwise a ValidationError
    with each criterion's problem under its ``score_key``."""
    rubric = scorecard.assignment.round.rubric
    criteria = Criterion.objects.select_related("dimension").in_bulk(list(steps))
    problems = {
        score_key(pk): problem
        for pk, value in steps.items()
        if (problem := _score_problem(criteria.get(pk), value, rubric))
    }
    if problems:
        raise ValidationError(problems)
    return criteria


def save_scorecard(
    *,
    assignment: Assignment,
    steps: dict[int, int | None],
    comments: dict[int, str] | None = None,
    overall_comment: str | None = None,
    submit: bool = False,
    by: User,
) -> Scorecard:
    """Save a judge's scores (criterion id → whole steps; None leaves a criterion as it is), their
    comments, the overall comment (None leaves it as it is) and, with ``submit``, submit the
    scorecard: all in one transaction.

    Any refusal raises a ValidationError and saves nothing: a criterion's (a score out of bounds)
    as a dict under its ``score_key``, the scorecard's own (not the judge's, a conflict, submitted,
    the round closed) as a plain message. One exception, so
    that a judge loses nothing typed: a submission refused for criteria left unscored keeps the
    scores and comments just saved as a draft, then raises.
    """
    given = {pk: value for pk, value in steps.items() if value is not None}
    comments = comments or {}
    with transaction.atomic():
        scorecard = Scorecard.objects.get_or_create(assignment_id=assignment.pk)[0]
        scorecard = _editable_scorecard(scorecard, by)
        criteria = _checked_criteria(scorecard, given)
        if given:
            lock_rubric(rubric=scorecard.assignment.round.rubric)  # the first score fixes what the rubric means
        current = {score.criterion_id: score for score in Score.objects.filter(scorecard=scorecard)}
        for pk, value in given.items():
            _write_score(scorecard, criteria[pk], value, comments.get(pk, ""), by, current.get(pk))
        if overall_comment is not None:
            _write_comment(scorecard, overall_comment, by)
        missing = _missing(scorecard) if submit else 0
        if submit and not missing:
            _mark_submitted(scorecard, by)
    if missing:
        raise _missing_refusal(missing)
    return scorecard


@transaction.atomic
def submit_scorecard(*, scorecard: Scorecard, by: User) -> Scorecard:
    scorecard = _editable_scorecard(scorecard, by)
    if missing := _missing(scorecard):
        raise _missing_refusal(missing)
    _mark_submitted(scorecard, by)
    return scorecard


@transaction.atomic
def reopen_scorecard(*, scorecard: Scorecard, by: User) -> Scorecard:
    """Staff give a submitted scorecard back to its judge (kept in its history); refused while a
    finalised decision rests on its round's ranking of the category."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    if scorecard.status != ScorecardStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted scorecard can be reopened; this one is still a draft with its judge.")
        )
    assignment = Assignment.objects.select_related("round", "application__category").get(pk=scorecard.assignment_id)
    if decisions_resting_on(round=assignment.round, category=assignment.application.category):
        raise ValidationError(
            _(
                "A finalised decision rests on this scorecard's ranking: withdraw the decision first, with "
                "the reason (it is published with the results), then reopen the scorecard."
            )
        )
    scorecard.status, scorecard.submitted_at = ScorecardStatus.DRAFT, None
    scorecard._history_user = by
    scorecard._change_reason = f"reopened by {by}"
    scorecard.save(update_fields=["status", "submitted_at", "updated_at"])
    return scorecard


@transaction.atomic
def record_overall_comment(*, scorecard: Scorecard, comment: str, by: User) -> Scorecard:
    """Save the judge's overall comment on a draft scorecard."""
    scorecard = _editable_scorecard(scorecard, by)
    _write_comment(scorecard, comment, by)
    return scorecard
