from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from awards.enums import MilestoneKind
from awards.models import Criterion, Rubric
from awards.services import create_rubric_version, extend_milestone, lock_rubric
from core.deadlines import end_of_day
from tests.factories import CriterionFactory, FieldFactory, MilestoneFactory
from tests.i18n import thai

pytestmark = pytest.mark.django_db


def test_extend_milestone_moves_date_and_keeps_history(staff):
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=end_of_day(date(2026, 7, 30)))
    original = deadline.starts_at

    extension = extend_milestone(milestone=deadline, new_at=original + timedelta(days=32), reason_th="ขยาย", by=staff)

    deadline.refresh_from_db()
    assert deadline.starts_at == original + timedelta(days=32)
    assert (extension.previous_at, extension.new_at, extension.created_by) == (original, deadline.starts_at, staff)


def test_extend_milestone_twice_keeps_both_moves():
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=end_of_day(date(2026, 7, 30)))
    original = deadline.starts_at
    extend_milestone(milestone=deadline, new_at=original + timedelta(days=1))
    extend_milestone(milestone=deadline, new_at=original + timedelta(days=2))
    moves = list(deadline.extensions.order_by("id").values_list("previous_at", "new_at"))
    assert moves == [
        (original, original + timedelta(days=1)),
        (original + timedelta(days=1), original + timedelta(days=2)),
    ]


def test_extend_milestone_keeps_whole_seconds():
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=end_of_day(date(2026, 7, 30)))

    extension = extend_milestone(milestone=deadline, new_at=end_of_day(date(2026, 8, 31)).replace(microsecond=600_000))

    deadline.refresh_from_db()
    assert (extension.new_at, deadline.starts_at) == (end_of_day(date(2026, 8, 31)), end_of_day(date(2026, 8, 31)))


def test_extend_milestone_refuses_earlier_date():
    deadline = MilestoneFactory(kind=MilestoneKind.SUBMISSION_DEADLINE)
    with pytest.raises(ValidationError, match=thai("An extension must move the date later.")) as error:
        extend_milestone(milestone=deadline, new_at=deadline.starts_at - timedelta(hours=1))
    assert error.value.message_dict == {"new_at": [thai("An extension must move the date later.")]}
    assert deadline.extensions.count() == 0


def test_extend_window_keeps_its_length():
    window = MilestoneFactory(kind=MilestoneKind.PRESENTATIONS)
    window.ends_at = window.starts_at + timedelta(hours=5)
    window.save()
    extend_milestone(milestone=window, new_at=window.starts_at + timedelta(days=1))
    window.refresh_from_db()
    assert window.ends_at - window.starts_at == timedelta(hours=5)


def test_lock_rubric_only_first_call_locks():
    criterion = CriterionFactory()
    rubric = criterion.dimension.rubric
    assert lock_rubric(rubric=rubric) is True
    first_lock = Rubric.objects.get(pk=rubric.pk).locked_at
    assert lock_rubric(rubric=rubric) is False
    assert Rubric.objects.get(pk=rubric.pk).locked_at == first_lock


def test_create_rubric_version_copies_unlocked_and_relinks_questions():
    criterion = CriterionFactory(max_points=Decimal(4))
    rubric = criterion.dimension.rubric
    question = FieldFactory(section__cycle=rubric.cycle)
    question.criteria.add(criterion)
    lock_rubric(rubric=rubric)

    new = create_rubric_version(rubric=rubric)

    copied = Criterion.objects.get(dimension__rubric=new)
    assert (new.version, new.locked_at, new.cycle) == (2, None, rubric.cycle)
    assert (copied.name_th, copied.max_points) == (criterion.name_th, Decimal(4))
    assert set(question.criteria.all()) == {criterion, copied}
