"""Saving at the same moment loses nothing: threads with their own PostgreSQL connections."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from judging.enums import AssignmentSource
from judging.models import Score
from judging.services import scoring
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CriterionFactory,
    DimensionFactory,
    RoundFactory,
    RubricFactory,
    UserFactory,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    rubric = RubricFactory(score_step=Decimal("0.5"))
    dimension = DimensionFactory(rubric=rubric, points=Decimal(20))
    criteria = [CriterionFactory(dimension=dimension, max_points=Decimal(10), position=i) for i in range(1, 5)]
    now = timezone.now()
    round_ = RoundFactory(rubric=rubric, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1))
    application = ApplicationFactory(cycle=rubric.cycle, status=ApplicationStatus.SUBMITTED)
    return round_, application, criteria


def ready(round_, application, judge):
    assignment = AssignmentFactory(
        round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC
    )
    scoring.answer_conflict(assignment=assignment, by=judge, recuse=False)
    return scoring.scorecard_for(assignment=assignment)


def run_together(*jobs):
    """Start every job at once (a barrier), each in its own thread and database connection."""
    barrier, errors = threading.Barrier(len(jobs)), []

    def worker(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []


def test_same_judge_from_two_tabs_loses_no_score(setting):
    round_, application, criteria = setting
    judge = UserFactory()
    scorecard = ready(round_, application, judge)

    def tab(criterion, steps):
        return lambda: scoring.record_score(scorecard=scorecard, criterion=criterion, steps=steps, by=judge)

    run_together(*(tab(c, i + 1) for i, c in enumerate(criteria)))

    saved = dict(Score.objects.filter(scorecard=scorecard).values_list("criterion_id", "steps"))
    assert saved == {c.pk: i + 1 for i, c in enumerate(criteria)}


def test_two_judges_at_once_lose_nothing(setting):
    round_, application, criteria = setting
    judges = UserFactory.create_batch(2)
    scorecards = [ready(round_, application, judge) for judge in judges]

    def judge_scores(scorecard, judge, steps):
        return lambda: [scoring.record_score(scorecard=scorecard, criterion=c, steps=steps, by=judge) for c in criteria]

    run_together(*(judge_scores(s, j, n) for s, j, n in zip(scorecards, judges, (4, 20), strict=True)))

    for scorecard, steps in zip(scorecards, (4, 20), strict=True):
        assert sorted(Score.objects.filter(scorecard=scorecard).values_list("steps", flat=True)) == [steps] * 4
    assert round_.rubric.__class__.objects.get(pk=round_.rubric_id).is_locked
