import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from judging.enums import AssignmentSource, ConflictAnswer, ScorecardStatus
from judging.models import Round
from judging.services import scoring
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CriterionFactory,
    DimensionFactory,
    RoundFactory,
    RubricFactory,
)
from tests.i18n import thai

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(judge):
    rubric = RubricFactory(score_step=Decimal("0.5"))
    dimension = DimensionFactory(rubric=rubric, points=Decimal(10))
    CriterionFactory(dimension=dimension, max_points=Decimal(4))
    CriterionFactory(dimension=dimension, max_points=Decimal(6))
    now = timezone.now()
    round_ = RoundFactory(rubric=rubric, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))
    application = ApplicationFactory(cycle=rubric.cycle, status=ApplicationStatus.SUBMITTED)
    return AssignmentFactory(round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC)


def criteria(assignment):
    return list(assignment.round.rubric.dimensions.get().criteria.order_by("max_points"))


def ready(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    return scoring.scorecard_for(assignment=assignment)


def test_score_needs_the_conflict_answer_first(assignment, judge):
    scorecard = scoring.scorecard_for(assignment=assignment)
    with pytest.raises(ValidationError, match=thai("Confirm that you have no conflict of interest before scoring.")):
        scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=2, by=judge)


def test_score_within_zero_and_maximum_in_steps(assignment, judge):
    scorecard = ready(assignment, judge)
    low = criteria(assignment)[0]  # maximum 4 points = 8 steps
    assert scoring.record_score(scorecard=scorecard, criterion=low, steps=8, by=judge).steps == 8
    out_of_bounds = thai("A score for this criterion is between 0 and %(maximum)s.") % {"maximum": 4}
    with pytest.raises(ValidationError, match=out_of_bounds):
        scoring.record_score(scorecard=scorecard, criterion=low, steps=9, by=judge)


def test_first_score_locks_the_rubric(assignment, judge):
    scorecard = ready(assignment, judge)
    scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=1, by=judge)
    assignment.round.rubric.refresh_from_db()
    assert assignment.round.rubric.is_locked is True


def test_every_score_change_is_kept_with_who_old_and_new(assignment, judge):
    scorecard = ready(assignment, judge)
    criterion = criteria(assignment)[0]
    scoring.record_score(scorecard=scorecard, criterion=criterion, steps=3, by=judge)
    score = scoring.record_score(scorecard=scorecard, criterion=criterion, steps=5, comment="ชัดเจน", by=judge)
    history = list(score.history.order_by("history_date").values_list("steps", "comment", "history_user_id"))
    assert history == [(3, "", judge.pk), (5, "ชัดเจน", judge.pk)]


def test_submit_needs_every_criterion_then_locks(assignment, judge):
    scorecard = ready(assignment, judge)
    low, high = criteria(assignment)
    scoring.record_score(scorecard=scorecard, criterion=low, steps=8, by=judge)
    incomplete = re.escape(thai("Score every criterion before submitting (%(count)s left).") % {"count": 1})
    with pytest.raises(ValidationError, match=incomplete):
        scoring.submit_scorecard(scorecard=scorecard, by=judge)
    scoring.record_score(scorecard=scorecard, criterion=high, steps=12, by=judge)
    scorecard = scoring.submit_scorecard(scorecard=scorecard, by=judge)
    assert scorecard.status == ScorecardStatus.SUBMITTED
    submitted = thai("This scorecard has been submitted. Staff can reopen it if a score must change.")
    with pytest.raises(ValidationError, match=submitted):
        scoring.record_score(scorecard=scorecard, criterion=low, steps=1, by=judge)


def test_staff_reopen_lets_the_judge_change_again(assignment, judge, staff):
    scorecard = ready(assignment, judge)
    for criterion, steps in zip(criteria(assignment), (8, 12), strict=True):
        scoring.record_score(scorecard=scorecard, criterion=criterion, steps=steps, by=judge)
    scoring.submit_scorecard(scorecard=scorecard, by=judge)
    scoring.reopen_scorecard(scorecard=scorecard, by=staff)
    assert scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=7, by=judge).steps == 7


def test_closed_round_refuses_scores(assignment, judge):
    scorecard = ready(assignment, judge)
    Round.objects.filter(pk=assignment.round_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError, match=thai("This judging round is closed: scores can no longer be changed.")):
        scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=1, by=judge)


def test_recusal_needs_a_reason(assignment, judge):
    with pytest.raises(ValidationError, match=thai("Say why you recuse yourself; staff will assign another judge.")):
        scoring.answer_conflict(assignment=assignment, by=judge, recuse=True, reason=" ")
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=True, reason="เคยเป็นที่ปรึกษา")
    assignment.refresh_from_db()
    assert (assignment.conflict_answer, assignment.recusal_reason) == (ConflictAnswer.RECUSED, "เคยเป็นที่ปรึกษา")


def test_another_judge_cannot_answer_or_score(assignment, judge, conflicted_judge):
    with pytest.raises(ValidationError, match=thai("Only the assigned judge can answer for this assignment.")):
        scoring.answer_conflict(assignment=assignment, by=conflicted_judge, recuse=False)
    scorecard = ready(assignment, judge)
    with pytest.raises(ValidationError, match=thai("Confirm that you have no conflict of interest before scoring.")):
        scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=1, by=conflicted_judge)


def test_staff_reopen_from_admin(assignment, judge, staff, login_as):
    from django.urls import reverse

    scorecard = ready(assignment, judge)
    for criterion, steps in zip(criteria(assignment), (8, 12), strict=True):
        scoring.record_score(scorecard=scorecard, criterion=criterion, steps=steps, by=judge)
    scoring.submit_scorecard(scorecard=scorecard, by=judge)
    login_as(staff).post(
        reverse("admin:judging_scorecard_changelist"), {"action": "reopen", "_selected_action": [scorecard.pk]}
    )
    scorecard.refresh_from_db()
    assert scorecard.status == ScorecardStatus.DRAFT
    assert scorecard.history.first().history_change_reason == f"reopened by {staff}"


def test_out_of_bounds_message_reads_the_maximum_plainly(assignment, judge):
    from django.utils import translation

    ten = CriterionFactory(dimension=assignment.round.rubric.dimensions.get(), max_points=Decimal("10.00"))
    scorecard = ready(assignment, judge)
    with translation.override("en"), pytest.raises(ValidationError, match="between 0 and 10") as error:
        scoring.record_score(scorecard=scorecard, criterion=ten, steps=21, by=judge)
    assert error.value.messages == ["A score for this criterion is between 0 and 10."]
