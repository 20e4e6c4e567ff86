from datetime import timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from judging.enums import AssignmentSource, ConflictAnswer, ScorecardStatus
from judging.models import Round
from reminders.models import Reminder
from reminders.services import sweep

from ..factories import AssignmentFactory, RoundFactory, ScorecardFactory
from .conftest import DAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    now = timezone.now()
    return RoundFactory(opens_at=now - 5 * DAY, closes_at=(now + 5 * DAY).replace(microsecond=0))


def assign(round_, judge, status=None, conflict=ConflictAnswer.NO_CONFLICT):
    assignment = AssignmentFactory(
        round=round_, judge=judge, source=AssignmentSource.AUTOMATIC, conflict_answer=conflict
    )
    if status:
        ScorecardFactory(assignment=assignment, status=status)
    return assignment


def test_judge_with_unsubmitted_scorecards_reminded_3_days_and_1_day_before(round_, judge):
    assign(round_, judge)
    assign(round_, judge, status=ScorecardStatus.DRAFT)
    closes = round_.closes_at

    for at in [closes - 4 * DAY, closes - 2 * DAY, closes - 2 * DAY, closes - timedelta(hours=20), closes]:
        sweep(at=at)

    emails = list(OutboundEmail.objects.order_by("pk"))
    assert [(e.to, e.kind) for e in emails] == [(judge.email, "scoring_3d"), (judge.email, "scoring_1d")]
    assert "2 ผลงาน" in emails[0].body_text or "2 applications" in emails[0].body_text
    assert set(Reminder.objects.values_list("deadline", flat=True)) == {closes}


def test_judge_who_submitted_or_recused_everything_is_not_reminded(round_, judge, chair):
    assign(round_, judge, status=ScorecardStatus.SUBMITTED)
    assign(round_, chair, conflict=ConflictAnswer.RECUSED)

    sweep(at=round_.closes_at - 2 * DAY)
    assert OutboundEmail.objects.count() == 0


def test_moved_round_close_moves_the_judges_reminders(round_, judge):
    assign(round_, judge)
    sweep(at=round_.closes_at - 2 * DAY)
    Round.objects.filter(pk=round_.pk).update(closes_at=round_.closes_at + 7 * DAY)
    round_.refresh_from_db()

    sweep(at=round_.closes_at - 2 * DAY)
    assert [e.kind for e in OutboundEmail.objects.order_by("pk")] == ["scoring_3d", "scoring_3d"]
    assert Reminder.objects.count() == 2
