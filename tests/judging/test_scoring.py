import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from awards.models import Rubric
from judging.enums import AssignmentSource, ConflictAnswer, ScorecardStatus
from judging.models import Round, Score, Scorecard
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
    with pytest.raises(ValidationError, match=thai("Only the assigned judge can score this application.")):
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


# save_scorecard: one service for the scoring page and its autosave, in one transaction.


def declare_conflict(assignment, judge):
    """The judge's declaration names the applicant organisation (say the assignment was made by hand)."""
    from judging.services.declarations import declare_interests

    organisation = assignment.application.organisation.name
    declare_interests(judge=judge, cycle=assignment.round.cycle, organisations=organisation, provinces=[])


def test_save_scorecard_saves_scores_comments_and_the_overall_comment(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    low, high = criteria(assignment)

    scorecard = scoring.save_scorecard(
        assignment=assignment,
        steps={low.pk: 7, high.pk: None},
        comments={low.pk: "ชัดเจน"},
        overall_comment="ดีมาก",
        by=judge,
    )

    assert list(Score.objects.values_list("criterion_id", "steps", "comment")) == [(low.pk, 7, "ชัดเจน")]
    assert (scorecard.status, Scorecard.objects.get().comment) == (ScorecardStatus.DRAFT, "ดีมาก")


def test_save_scorecard_with_an_invalid_criterion_saves_nothing(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    low, high = criteria(assignment)  # at most 8 and 12 steps

    with translation.override("en"), pytest.raises(ValidationError) as error:
        scoring.save_scorecard(
            assignment=assignment, steps={low.pk: 8, high.pk: 13}, overall_comment="ดีมาก", submit=True, by=judge
        )

    assert error.value.message_dict == {scoring.score_key(high.pk): ["A score for this criterion is between 0 and 6."]}
    assert (Scorecard.objects.count(), Score.objects.count()) == (0, 0)
    assert Rubric.objects.get(pk=assignment.round.rubric_id).is_locked is False


def test_save_scorecard_refuses_a_criterion_of_another_rubric(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    stranger = CriterionFactory(max_points=Decimal(4))

    with translation.override("en"), pytest.raises(ValidationError) as error:
        scoring.save_scorecard(assignment=assignment, steps={stranger.pk: 1}, by=judge)

    assert error.value.message_dict == {
        scoring.score_key(stranger.pk): ["This criterion is not part of the round's rubric."]
    }
    assert Score.objects.count() == 0


def test_save_scorecard_submit_with_a_missing_score_refuses_and_keeps_the_draft(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    low, _high = criteria(assignment)

    with translation.override("en"), pytest.raises(ValidationError, match=r"Score every criterion .*\(1 left\)"):
        scoring.save_scorecard(assignment=assignment, steps={low.pk: 8}, submit=True, by=judge)

    assert Scorecard.objects.get().status == ScorecardStatus.DRAFT
    assert list(Score.objects.values_list("criterion_id", "steps")) == [(low.pk, 8)]


def test_save_scorecard_submits_when_every_criterion_is_scored(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    low, high = criteria(assignment)

    scorecard = scoring.save_scorecard(assignment=assignment, steps={low.pk: 8, high.pk: 12}, submit=True, by=judge)

    assert Scorecard.objects.get().status == scorecard.status == ScorecardStatus.SUBMITTED
    assert Scorecard.objects.get().submitted_at is not None


def test_save_scorecard_refuses_a_judge_whose_declaration_conflicts(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    declare_conflict(assignment, judge)

    with translation.override("en"), pytest.raises(ValidationError, match="shows a conflict with this application"):
        scoring.save_scorecard(assignment=assignment, steps={criteria(assignment)[0].pk: 1}, by=judge)

    assert (Scorecard.objects.count(), Score.objects.count()) == (0, 0)


def test_save_scorecard_refuses_a_closed_round(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    Round.objects.filter(pk=assignment.round_id).update(closes_at=timezone.now() - timedelta(minutes=1))
    assignment.refresh_from_db()

    with translation.override("en"), pytest.raises(ValidationError, match="This judging round is closed"):
        scoring.save_scorecard(assignment=assignment, steps={criteria(assignment)[0].pk: 1}, by=judge)

    assert Score.objects.count() == 0


def test_save_scorecard_keeps_every_score_change_in_history(assignment, judge):
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    low = criteria(assignment)[0]

    scoring.save_scorecard(assignment=assignment, steps={low.pk: 3}, by=judge)
    scoring.save_scorecard(assignment=assignment, steps={low.pk: 3}, by=judge)  # unchanged: not written again
    scoring.save_scorecard(assignment=assignment, steps={low.pk: 5}, comments={low.pk: "ดีขึ้น"}, by=judge)

    history = Score.objects.get().history.order_by("history_date").values_list("steps", "comment", "history_user_id")
    assert list(history) == [(3, "", judge.pk), (5, "ดีขึ้น", judge.pk)]


@pytest.mark.parametrize("write", ["record_score", "record_overall_comment", "submit_scorecard"])
def test_scoring_services_refuse_a_judge_whose_declaration_conflicts(assignment, judge, write):
    scorecard = ready(assignment, judge)
    for criterion, steps in zip(criteria(assignment), (8, 12), strict=True):
        scoring.record_score(scorecard=scorecard, criterion=criterion, steps=steps, by=judge)
    declare_conflict(assignment, judge)
    calls = {
        "record_score": lambda: scoring.record_score(
            scorecard=scorecard, criterion=criteria(assignment)[0], steps=1, by=judge
        ),
        "record_overall_comment": lambda: scoring.record_overall_comment(scorecard=scorecard, comment="ก", by=judge),
        "submit_scorecard": lambda: scoring.submit_scorecard(scorecard=scorecard, by=judge),
    }

    with translation.override("en"), pytest.raises(ValidationError, match="shows a conflict with this application"):
        calls[write]()

    scorecard.refresh_from_db()
    assert (scorecard.status, scorecard.comment) == (ScorecardStatus.DRAFT, "")
    assert sorted(Score.objects.values_list("steps", flat=True)) == [8, 12]


def test_answer_conflict_refuses_no_conflict_when_the_declaration_names_the_applicant(assignment, judge):
    declare_conflict(assignment, judge)

    with translation.override("en"), pytest.raises(ValidationError, match="shows a conflict with this application"):
        scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)

    assignment.refresh_from_db()
    assert assignment.conflict_answer == ConflictAnswer.PENDING


def test_answer_conflict_lets_a_conflicted_judge_recuse(assignment, judge):
    declare_conflict(assignment, judge)

    scoring.answer_conflict(assignment=assignment, by=judge, recuse=True, reason="เคยเป็นที่ปรึกษา")

    assignment.refresh_from_db()
    assert assignment.conflict_answer == ConflictAnswer.RECUSED


def test_reopen_refuses_a_scorecard_that_is_still_a_draft(assignment, judge, staff):
    scorecard = ready(assignment, judge)

    with translation.override("en"), pytest.raises(ValidationError, match="Only a submitted scorecard can be reopened"):
        scoring.reopen_scorecard(scorecard=scorecard, by=staff)

    assert scorecard.history.count() == 1  # created, never saved again


def test_admin_reopen_leaves_drafts_alone_with_a_warning(assignment, judge, staff, login_as):
    from django.urls import reverse

    scorecard = ready(assignment, judge)

    data = {"action": "reopen", "_selected_action": [scorecard.pk]}

    response = login_as(staff).post(reverse("admin:judging_scorecard_changelist"), data, follow=True)

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        expected = translation.gettext(
            "Only a submitted scorecard can be reopened; this one is still a draft with its judge."
        )
    assert [message.message for message in response.context["messages"]] == [expected]
    scorecard.refresh_from_db()
    assert (scorecard.status, scorecard.history.count()) == (ScorecardStatus.DRAFT, 1)


@pytest.mark.parametrize("model", ["scorecard", "score"])
def test_admin_change_pages_of_scores_are_read_only(assignment, judge, staff, login_as, model):
    from django.urls import reverse

    scorecard = ready(assignment, judge)
    scoring.record_overall_comment(scorecard=scorecard, comment="ของกรรมการ", by=judge)
    score = scoring.record_score(scorecard=scorecard, criterion=criteria(assignment)[0], steps=3, by=judge)
    obj = {"scorecard": scorecard, "score": score}[model]
    url = reverse(f"admin:judging_{model}_change", args=[obj.pk])
    client = login_as(staff)

    page = client.get(url)
    refused = client.post(url, {"status": "submitted", "comment": "แก้โดยเจ้าหน้าที่", "steps": "1"})

    assert (page.status_code, refused.status_code) == (200, 403)
    assert page.context["adminform"].form.fields == {}
    assert (Scorecard.objects.get().comment, Score.objects.get().steps) == ("ของกรรมการ", 3)
