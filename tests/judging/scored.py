"""Scored rounds for ranking tests: a rubric, a round, applications and submitted scorecards,
written straight to the database as the scoring services would leave them."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from awards.models import Criterion, Rubric
from demo import awards as demo_data
from judging.enums import ConflictAnswer, ScorecardStatus
from judging.models import Round, Score, Scorecard
from submissions.enums import ApplicationStatus
from tests.factories import (
    ApplicationFactory,
    AssignmentFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    RoundFactory,
    RubricFactory,
    ScorecardFactory,
    UserFactory,
)


def rubric_2022(cycle) -> Rubric:
    rubric = RubricFactory(cycle=cycle, score_step=Decimal("0.5"))
    for d_no, (name_th, _en, points, items) in enumerate(demo_data.RUBRIC, start=1):
        dimension = DimensionFactory(rubric=rubric, position=d_no, name_th=name_th, points=Decimal(points))
        for c_no, (c_th, _c_en, maximum) in enumerate(items, start=1):
            CriterionFactory(dimension=dimension, position=c_no, name_th=c_th, max_points=Decimal(maximum))
    return rubric


def simple_rubric(cycle, points=(10, 10, 10)) -> Rubric:
    """One criterion per dimension, whole points (step 1): a scorecard's steps are its points."""
    rubric = RubricFactory(cycle=cycle, score_step=Decimal(1))
    for number, maximum in enumerate(points, start=1):
        dimension = DimensionFactory(rubric=rubric, position=number, name_th=f"มิติ {number}", points=maximum)
        CriterionFactory(dimension=dimension, position=1, name_th=f"หัวข้อ {number}", max_points=maximum)
    return rubric


def make_round(rubric, **options) -> Round:
    now = timezone.now()
    values = {"judges_per_application": 3, **options}
    return RoundFactory(
        rubric=rubric,
        position=Round.objects.filter(cycle=rubric.cycle).count() + 1,
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=10),
        **values,
    )


def criteria_of(rubric) -> list[Criterion]:
    return list(Criterion.objects.filter(dimension__rubric=rubric).order_by("dimension__position", "position"))


def scorecard(round, application, judge, steps: list[int], status=ScorecardStatus.SUBMITTED) -> Scorecard:
    """A scorecard with ``steps`` for the rubric's criteria in order."""
    assignment = AssignmentFactory(
        round=round, judge=judge, application=application, conflict_answer=ConflictAnswer.NO_CONFLICT
    )
    card = ScorecardFactory(assignment=assignment, status=status, submitted=status == ScorecardStatus.SUBMITTED)
    criteria = criteria_of(round.rubric)
    Score.objects.bulk_create(
        Score(scorecard=card, criterion=c, steps=s, comment=f"ความเห็น {s}")
        for c, s in zip(criteria, steps, strict=True)
    )
    return card


def scored_category(table: dict[str, dict[str, list[int]]], *, rubric_points=(10, 10, 10), **round_options):
    """``table``: application reference → judge name → steps per criterion. Returns (round, category,
    applications by reference, judges by name)."""
    cycle = CycleFactory()
    category = CategoryFactory(cycle=cycle)
    round = make_round(simple_rubric(cycle, rubric_points), **round_options)
    judges, applications = {}, {}
    for reference, by_judge in table.items():
        application = ApplicationFactory(
            cycle=cycle,
            category=category,
            status=ApplicationStatus.SUBMITTED,
            reference=reference,
            title_th=f"โครงการ {reference}",
        )
        applications[reference] = application
        for name, steps in by_judge.items():
            if name not in judges:
                judges[name] = UserFactory(full_name=name)
            scorecard(round, application, judges[name], steps)
    return round, category, applications, judges
