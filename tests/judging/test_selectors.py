import pytest
from django.db import IntegrityError

from judging.enums import AssignmentSource, ConflictAnswer, RoundKind
from judging.selectors import coverage_gaps
from submissions.enums import ApplicationStatus
from tests.factories import ApplicationFactory, AssignmentFactory, RoundFactory, UserFactory

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
