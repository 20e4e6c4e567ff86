import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone, translation

from awards.enums import MilestoneKind, PrizeKind
from awards.services import lock_rubric
from tests.factories import (
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    MilestoneFactory,
    PrizeFactory,
)
from tests.i18n import thai

pytestmark = pytest.mark.django_db


def test_localized_name_falls_back_to_thai_when_english_is_empty():
    cycle = CycleFactory(name_th="รางวัล", name_en="")
    with translation.override("en"):
        assert cycle.name == "รางวัล"


def test_localized_name_english_when_given():
    cycle = CycleFactory(name_th="รางวัล", name_en="Award")
    with translation.override("en"):
        assert cycle.name == "Award"
    with translation.override("th"):
        assert cycle.name == "รางวัล"


@pytest.mark.parametrize("slug", ["admin", "solutions", "privacy", "static"])
def test_cycle_slug_may_not_take_a_site_address(slug):
    # admin and the showcase's /solutions/ are pages of the URLs; static is served before Django.
    cycle = CycleFactory.build(slug=slug)
    taken = thai("This address is used by the site itself; choose another.")
    with pytest.raises(ValidationError, match=taken) as error:
        cycle.full_clean()
    assert list(error.value.message_dict) == ["slug"]


@pytest.mark.parametrize("slug", ["2027", "smart-city-2570", "demo-judging"])
def test_cycle_slug_of_an_edition_is_free(slug):
    CycleFactory.build(slug=slug).full_clean(exclude=["reference_prefix"])


def test_category_prize_needs_category_in_database():
    cycle = CycleFactory()
    with pytest.raises(IntegrityError):
        PrizeFactory(cycle=cycle, kind=PrizeKind.CATEGORY, category=None)


def test_popular_vote_prize_may_not_have_category():
    category = CategoryFactory()
    prize = PrizeFactory.build(cycle=category.cycle, kind=PrizeKind.POPULAR_VOTE, category=category)
    popular_vote_only = thai("The Popular Vote is cycle-wide: leave the category empty.")
    with pytest.raises(ValidationError, match=re.escape(popular_vote_only)) as error:
        prize.full_clean()
    assert list(error.value.message_dict) == ["category"]


def test_prize_category_must_belong_to_same_cycle():
    prize = PrizeFactory.build(cycle=CycleFactory(), category=CategoryFactory())
    with pytest.raises(ValidationError, match=thai("This category belongs to another cycle.")) as error:
        prize.full_clean()
    assert error.value.message_dict["category"] == [thai("This category belongs to another cycle.")]


def test_milestone_window_needs_an_end():
    milestone = MilestoneFactory.build(cycle=CycleFactory(), kind=MilestoneKind.PRESENTATIONS, ends_at=None)
    with pytest.raises(ValidationError, match=thai("This milestone is a window: give its end.")) as error:
        milestone.full_clean()
    assert list(error.value.message_dict) == ["ends_at"]


def test_milestone_one_per_kind_and_cycle():
    first = MilestoneFactory()
    with pytest.raises(IntegrityError):
        MilestoneFactory(cycle=first.cycle, kind=first.kind)


def test_milestone_end_before_start_refused_by_database():
    with pytest.raises(IntegrityError):
        MilestoneFactory(
            kind=MilestoneKind.VOTING, ends_at=timezone.now(), starts_at=timezone.now() + timezone.timedelta(days=1)
        )


def test_locked_rubric_refuses_changed_criterion():
    criterion = CriterionFactory()
    lock_rubric(rubric=criterion.dimension.rubric)
    criterion.refresh_from_db()
    criterion.max_points = Decimal(7)
    locked = thai("This rubric is locked because scores exist. Create a new version to change it.")
    with pytest.raises(ValidationError, match=locked) as error:
        criterion.full_clean()
    assert error.value.messages == [locked]


def test_locked_rubric_refuses_new_dimension():
    dimension = DimensionFactory()
    lock_rubric(rubric=dimension.rubric)
    dimension.rubric.refresh_from_db()
    new = DimensionFactory.build(rubric=dimension.rubric, position=9)
    locked = thai("This rubric is locked because scores exist. Create a new version to change it.")
    with pytest.raises(ValidationError, match=locked):
        new.full_clean()
