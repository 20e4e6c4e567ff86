from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from judging.enums import AssignmentSource, ConflictAnswer, RoundKind
from judging.models import Assignment, Round, Score
from judging.reading import reading
from judging.selectors import coverage_gaps, scorecard_sheet
from submissions.enums import ApplicationStatus
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AssignmentFactory,
    CriterionFactory,
    DimensionFactory,
    FieldFactory,
    RoundFactory,
    ScorecardFactory,
    ScoreFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return RoundFactory(judges_per_application=2)


def entered(round_, **kwargs):
    return ApplicationFactory(cycle=round_.cycle, status=ApplicationStatus.SUBMITTED, **kwargs)


def test_coverage_gaps_lists_applications_short_of_judges(round_):
    full, short, bare = entered(round_), entered(round_), entered(round_)
    ApplicationFactory(cycle=round_.cycle, status=ApplicationStatus.DRAFT)  # not entered: not judged
    judges = UserFactory.create_batch(3)
    for application, judge_count in ((full, 2), (short, 1)):
        for judge in judges[:judge_count]:
            AssignmentFactory(round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC)

    gaps = {application.pk: application.judge_count for application in coverage_gaps(round_)}

    assert gaps == {short.pk: 1, bare.pk: 0}


def test_coverage_gaps_does_not_count_recusals(round_):
    application = entered(round_)
    for judge, answer in zip(
        UserFactory.create_batch(2), (ConflictAnswer.NO_CONFLICT, ConflictAnswer.RECUSED), strict=True
    ):
        AssignmentFactory(round=round_, judge=judge, application=application, conflict_answer=answer)
    assert [(a.pk, a.judge_count) for a in coverage_gaps(round_)] == [(application.pk, 1)]


def test_assignment_unique_per_round_judge_application(round_):
    application, judge = entered(round_), UserFactory()
    AssignmentFactory(round=round_, judge=judge, application=application, source=AssignmentSource.MANUAL)
    with pytest.raises(IntegrityError):
        AssignmentFactory(round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC)


def test_round_must_close_after_it_opens(round_):
    with pytest.raises(IntegrityError):
        RoundFactory(
            rubric=round_.rubric, position=2, kind=RoundKind.FINAL, opens_at=round_.closes_at, closes_at=round_.opens_at
        )


def test_round_is_open_from_its_opening_to_its_closing_both_included(round_):
    second = timedelta(seconds=1)

    opens, closes = round_.opens_at, round_.closes_at
    moments = [opens - second, opens, closes, closes + second]

    assert [round_.is_open(at) for at in moments] == [False, True, True, False]
    in_filter = [Round.objects.filter(Round.open_at(at), pk=round_.pk).exists() for at in moments]
    assert in_filter == [False, True, True, False]


# The scorecard as the scoring page and the score-sheet PDF read it.


def scored_assignment(round_, judge, maxima, points=Decimal(30)):
    """An assignment in ``round_`` whose rubric has one dimension of ``points`` with criteria of
    ``maxima``, each criterion reading a question the applicant answered."""
    dimension = DimensionFactory(rubric=round_.rubric, position=2, points=points)
    application = entered(round_)
    for position, maximum in enumerate(maxima, start=1):
        criterion = CriterionFactory(dimension=dimension, position=position, max_points=maximum)
        field = FieldFactory(section__cycle=round_.cycle)
        field.criteria.add(criterion)
        AnswerFactory(application=application, field=field, value=f"คำตอบ {position}")
    return AssignmentFactory(
        round=round_, judge=judge, application=application, conflict_answer=ConflictAnswer.NO_CONFLICT
    )


def test_scorecard_sheet_is_blank_before_any_score(round_, judge):
    assignment = scored_assignment(round_, judge, [Decimal(5), Decimal(20)])

    sheet = scorecard_sheet(assignment=assignment)

    figures = (sheet.scorecard, sheet.total, sheet.complete, sheet.comment, sheet.submitted)
    assert figures == (None, Decimal("0.00"), False, "", False)
    lines = [(line.number, line.points, line.comment) for line in sheet.blocks[0].lines]
    assert lines == [("2.1", None, ""), ("2.2", None, "")]


def test_scorecard_sheet_scales_a_dimension_whose_criteria_fall_short(round_, judge):
    assignment = scored_assignment(round_, judge, [Decimal(5), Decimal(20)])  # 25 under 30 points
    scorecard = ScorecardFactory(assignment=assignment, comment="โดยรวมดี")
    first, second = assignment.round.rubric.dimensions.get().criteria.order_by("position")
    ScoreFactory(scorecard=scorecard, criterion=first, steps=10, comment="ครบ")  # 5 points of 0.5

    sheet = scorecard_sheet(assignment=assignment, readings=reading(assignment.application, round=round_))

    block = sheet.blocks[0]
    assert (block.number, block.points, block.criteria_total, block.scaled) == (2, Decimal(30), Decimal(25), True)
    assert (block.subtotal, sheet.total, sheet.total_points) == (Decimal("6.00"), Decimal("6.00"), Decimal(30))
    assert [(line.points, line.comment) for line in block.lines] == [(Decimal("5.0"), "ครบ"), (None, "")]
    assert [item.text for item in block.lines[0].readings] == ["คำตอบ 1"]
    assert (sheet.comment, sheet.line(first.pk).saved_at) == ("โดยรวมดี", Score.objects.get().updated_at)


def _sheet_queries(round_, judge, maxima) -> int:
    assignment = scored_assignment(round_, judge, maxima)
    scorecard = ScorecardFactory(assignment=assignment)
    for criterion in assignment.round.rubric.dimensions.get().criteria.all():
        ScoreFactory(scorecard=scorecard, criterion=criterion, steps=1)
    assignment = Assignment.objects.select_related("round__rubric", "application").get(pk=assignment.pk)
    with CaptureQueriesContext(connection) as queries:
        scorecard_sheet(assignment=assignment, readings=reading(assignment.application, round=assignment.round))
    return len(queries)


def test_scorecard_sheet_queries_do_not_grow_with_criteria(judge):
    one = _sheet_queries(RoundFactory(), judge, [Decimal(10)])
    three = _sheet_queries(RoundFactory(), judge, [Decimal(2), Decimal(3), Decimal(5)])

    # The sheet: scorecard, dimensions, criteria, scores; what the judge reads: the cycle, the form's
    # questions with their categories (one query), the answers, the files of file questions, the
    # general attachments, the criteria's links.
    assert one == three == 10
