"""A screening round with scored applications, for the shortlist and the presentations."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from judging.enums import AssignmentSource, RoundKind
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    MembershipFactory,
    PanelFactory,
    PresentationScheduleFactory,
    RoundFactory,
    RubricFactory,
    ScorecardFactory,
    ScoreFactory,
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
        self.round = RoundFactory(
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
            PanelFactory(round=self.round, category=self.categories[code], judges=self.judges)
        return self.categories[code]

    def enter(self, reference, scores, code="MOB", member=None, language="th"):
        application = ApplicationFactory(
            cycle=self.cycle, category=self.category(code), status=ApplicationStatus.SUBMITTED, reference=reference
        )
        MembershipFactory(
            organisation=application.organisation, user__language=language, **({"user": member} if member else {})
        )
        for judge, points in zip(self.judges, scores, strict=False):
            card = ScorecardFactory(
                assignment__round=self.round,
                assignment__judge=judge,
                assignment__application=application,
                assignment__source=AssignmentSource.AUTOMATIC,
                submitted=True,
            )
            ScoreFactory(scorecard=card, criterion=self.criterion, steps=points)
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
        return PresentationScheduleFactory(round=final, **values)


@pytest.fixture
def edition(judge, chair):
    return Edition([judge, chair])
