"""A screening round with scored applications, for the shortlist and the presentations."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from judging.enums import AssignmentSource, RoundKind, ScorecardStatus
from judging.models import Assignment, Panel, PresentationSchedule, Round, Score, Scorecard
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    MembershipFactory,
    RubricFactory,
)


class Edition:
    """A cycle with a 10-point rubric (one criterion), its screening round, and helpers to enter
    applications with given scores from the given judges."""

    def __init__(self, judges):
        self.cycle = CycleFactory()
        rubric = RubricFactory(cycle=self.cycle, score_step=Decimal(1))
        self.criterion = CriterionFactory(
            dimension=DimensionFactory(rubric=rubric, points=Decimal(10)), max_points=Decimal(10)
        )
        now = timezone.now()
        self.round = Round.objects.create(
            cycle=self.cycle,
            position=1,
            kind=RoundKind.SCREENING,
            rubric=rubric,
            opens_at=now - timedelta(days=10),
            closes_at=now - timedelta(days=1),
            advance_top_n=2,
        )
        self.judges = judges
        self.categories = {}

    def category(self, code):
        if code not in self.categories:
            self.categories[code] = CategoryFactory(cycle=self.cycle, code=code)
            panel = Panel.objects.create(round=self.round, category=self.categories[code])
            panel.judges.set(self.judges)
        return self.categories[code]

    def enter(self, reference, scores, code="MOB", member=None, language="th"):
        application = ApplicationFactory(
            cycle=self.cycle, category=self.category(code), status=ApplicationStatus.SUBMITTED, reference=reference
        )
        MembershipFactory(
            organisation=application.organisation, user__language=language, **({"user": member} if member else {})
        )
        for judge, points in zip(self.judges, scores, strict=False):
            assignment = Assignment.objects.create(
                round=self.round, judge=judge, application=application, source=AssignmentSource.AUTOMATIC
            )
            card = Scorecard.objects.create(assignment=assignment, status=ScorecardStatus.SUBMITTED, submitted_at=now())
            Score.objects.create(scorecard=card, criterion=self.criterion, steps=points)
        return application

    def schedule(self, final, **kwargs):
        day = datetime(2022, 9, 14)
        values = {
            "starts_at": timezone.make_aware(day.replace(hour=10)),
            "ends_at": timezone.make_aware(day.replace(hour=15)),
            "slot_minutes": 20,
            "changeover_minutes": 10,
            "breaks": "12:00-13:00",
            "video_url": "https://meet.example.org/scsa",
            **kwargs,
        }
        return PresentationSchedule.objects.create(round=final, **values)


def now():
    return timezone.now()


@pytest.fixture
def edition(judge, chair):
    return Edition([judge, chair])
