"""Carrying a form over to a new edition (copy_form) and replacing an answered question (replace_field)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from awards.enums import FieldKind, FieldRule, Visibility
from awards.models import Field, Section
from awards.services import copy_form, replace_field
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    FieldFactory,
    RubricFactory,
    SectionFactory,
)
from tests.i18n import thai

pytestmark = pytest.mark.django_db

OPTIONS = [{"value": "app", "th": "แอปพลิเคชัน", "en": "App"}, {"value": "other", "th": "อื่น ๆ", "en": "Other"}]


def _rubric(cycle, numbers):
    """A rubric of ``cycle`` with criteria numbered as given: {(dimension, criterion): Criterion}."""
    rubric = RubricFactory(cycle=cycle)
    dimensions, criteria = {}, {}
    for dimension, criterion in numbers:
        if dimension not in dimensions:
            dimensions[dimension] = DimensionFactory(rubric=rubric, position=dimension)
        criteria[(dimension, criterion)] = CriterionFactory(dimension=dimensions[dimension], position=criterion)
    return criteria


@pytest.fixture
def source():
    """Last year's form: two sections, a choice with a conditional question under it, a date with the
    six-month rule, a question for one category only, two rubric links and a retired question."""
    cycle = CycleFactory(slug="last-year")
    mobility = CategoryFactory(cycle=cycle, slug="mobility", code="MOB")
    CategoryFactory(cycle=cycle, slug="living", code="LIV")
    criteria = _rubric(cycle, [(1, 1), (2, 3)])
    facts = SectionFactory(cycle=cycle, position=1, name_th="ข้อมูลโครงการ", guidance_th="กรอกให้ครบ")
    more = SectionFactory(cycle=cycle, position=2, name_th="รายละเอียด")
    started = FieldFactory(
        section=facts,
        key="started_on",
        kind=FieldKind.DATE,
        max_chars=None,
        rule=FieldRule.MONTHS_BEFORE_DEADLINE,
        rule_value=Decimal(6),
        rule_message_th="ต้องเปิดให้บริการก่อน {date}",
        visibility=Visibility.PUBLIC,
    )
    kind = FieldFactory(section=more, key="service_kind", kind=FieldKind.CHOICE, choices=OPTIONS, max_chars=None)
    other = FieldFactory(
        section=more, key="service_kind_other", kind=FieldKind.SHORT_TEXT, max_chars=200, identifying=True
    )
    other.condition_field, other.condition_values = kind, ["other"]
    other.save()
    other.categories.add(mobility)
    started.criteria.add(criteria[(1, 1)])
    kind.criteria.add(criteria[(2, 3)])
    FieldFactory(section=more, key="old_question", retired=True)
    return cycle


@pytest.fixture
def target():
    cycle = CycleFactory(slug="this-year")
    CategoryFactory(cycle=cycle, slug="mobility", code="MOB")
    _rubric(cycle, [(1, 1), (2, 3)])
    return cycle


def test_copy_form_copies_sections_and_current_questions(source, target, staff):
    result = copy_form(source=source, target=target, by=staff)

    assert (result.sections, result.fields) == (2, 3)
    sections = list(Section.objects.filter(cycle=target).order_by("position").values_list("position", "name_th"))
    assert sections == [(1, "ข้อมูลโครงการ"), (2, "รายละเอียด")]
    assert Section.objects.get(cycle=target, position=1).guidance_th == "กรอกให้ครบ"
    keys = sorted(Field.objects.filter(cycle=target).values_list("key", flat=True))
    assert keys == ["service_kind", "service_kind_other", "started_on"]


def test_copy_form_leaves_retired_questions_behind(source, target, staff):
    copy_form(source=source, target=target, by=staff)
    assert not Field.objects.filter(cycle=target, key="old_question").exists()
    assert not Field.objects.filter(cycle=target, retired=True).exists()


def test_copy_form_carries_rules_limits_and_readers(source, target, staff):
    copy_form(source=source, target=target, by=staff)

    started = Field.objects.get(cycle=target, key="started_on")
    assert (started.kind, started.rule, started.rule_value) == (FieldKind.DATE, FieldRule.MONTHS_BEFORE_DEADLINE, 6)
    assert (started.rule_message_th, started.visibility) == ("ต้องเปิดให้บริการก่อน {date}", Visibility.PUBLIC)
    other = Field.objects.get(cycle=target, key="service_kind_other")
    assert (other.max_chars, other.identifying, other.section.position) == (200, True, 2)
    assert Field.objects.get(cycle=target, key="service_kind").choices == OPTIONS


def test_copy_form_points_conditions_at_the_copies(source, target, staff):
    copy_form(source=source, target=target, by=staff)

    other = Field.objects.get(cycle=target, key="service_kind_other")
    assert other.condition_field == Field.objects.get(cycle=target, key="service_kind")
    assert other.condition_values == ["other"]


def test_copy_form_matches_categories_by_slug(source, target, staff):
    result = copy_form(source=source, target=target, by=staff)

    other = Field.objects.get(cycle=target, key="service_kind_other")
    assert [(c.cycle, c.slug) for c in other.categories.all()] == [(target, "mobility")]
    assert list(Field.objects.get(cycle=target, key="started_on").categories.all()) == []
    assert result.categories_unmatched == []


def test_copy_form_reports_categories_the_target_lacks(source, staff):
    bare = CycleFactory(slug="no-categories")
    result = copy_form(source=source, target=bare, by=staff)
    assert result.categories_unmatched == ["mobility"]


def test_copy_form_links_criteria_of_the_same_numbers_in_the_target_rubric(source, target, staff):
    result = copy_form(source=source, target=target, by=staff)

    started = Field.objects.get(cycle=target, key="started_on")
    kind = Field.objects.get(cycle=target, key="service_kind")
    assert [(c.dimension.rubric.cycle, str(c)[:3]) for c in started.criteria.all()] == [(target, "1.1")]
    assert [(c.dimension.rubric.cycle, str(c)[:3]) for c in kind.criteria.all()] == [(target, "2.3")]
    assert result.criteria_unmatched == []


def test_copy_form_reports_criteria_the_target_rubric_lacks(source, staff):
    smaller = CycleFactory(slug="smaller-rubric")
    _rubric(smaller, [(1, 1)])
    result = copy_form(source=source, target=smaller, by=staff)
    assert result.criteria_unmatched == ["2.3"]
    assert list(Field.objects.get(cycle=smaller, key="service_kind").criteria.all()) == []


def test_copy_form_refused_when_target_has_questions(source, target, staff):
    FieldFactory(section__cycle=target, key="own_question")

    with pytest.raises(ValidationError) as refused:
        copy_form(source=source, target=target, by=staff)

    expected = thai("%(edition)s already has an application form: copy only into an edition without one.")
    assert refused.value.messages == [expected % {"edition": target.name_th}]
    assert list(Field.objects.filter(cycle=target).values_list("key", flat=True)) == ["own_question"]


def test_copy_form_refused_into_the_same_edition(source, staff):
    with pytest.raises(ValidationError):
        copy_form(source=source, target=source, by=staff)


def test_copy_form_is_audited(source, target, staff):
    copy_form(source=source, target=target, by=staff)

    event = AuditEvent.objects.get(action="form.copy")
    assert (event.actor, event.target_id) == (staff, str(target.pk))
    assert event.detail == {"from": "last-year", "sections": 2, "fields": 3}


@pytest.fixture
def answered():
    """A date question with its rule, two criteria, a category and a conditional dependant, answered once."""
    question = FieldFactory(
        key="started_on",
        kind=FieldKind.YES_NO,
        max_chars=None,
        rule=FieldRule.MUST_BE_YES,
        rule_message_th="ต้องเปิดให้บริการแล้ว",
    )
    cycle = question.cycle
    question.categories.add(CategoryFactory(cycle=cycle))
    question.criteria.add(*_rubric(cycle, [(1, 1), (1, 2)]).values())
    FieldFactory(section=question.section, key="since", condition_field=question, condition_values=["yes"])
    AnswerFactory(application=ApplicationFactory(cycle=cycle), field=question, value="yes")
    return question


def test_replace_field_copies_the_question_under_a_new_key(answered, staff):
    new = replace_field(field=answered, by=staff)

    assert (new.key, new.kind, new.section, new.position) == (
        "started_on_v2",
        "yes_no",
        answered.section,
        answered.position,
    )
    assert (new.rule, new.rule_message_th, new.retired) == (FieldRule.MUST_BE_YES, "ต้องเปิดให้บริการแล้ว", False)
    assert set(new.categories.all()) == set(answered.categories.all())
    assert set(new.criteria.all()) == set(answered.criteria.all())


def test_replace_field_retires_the_old_one_with_its_answers(answered, staff):
    new = replace_field(field=answered, by=staff)

    answered.refresh_from_db()
    assert (answered.retired, answered.replaced_by) == (True, new)
    assert list(answered.answers.values_list("value", flat=True)) == ["yes"]
    assert new.answers.count() == 0


def test_replace_field_moves_the_conditions_of_other_questions(answered, staff):
    new = replace_field(field=answered, by=staff)
    assert Field.objects.get(key="since").condition_field == new


def test_replace_field_twice_takes_the_next_free_key(answered, staff):
    first = replace_field(field=answered, by=staff)
    second = replace_field(field=first, by=staff)
    assert second.key == "started_on_v3"


def test_replace_field_refused_for_a_retired_question(answered, staff):
    replace_field(field=answered, by=staff)
    with pytest.raises(ValidationError) as refused:
        replace_field(field=answered, by=staff)
    assert refused.value.messages == [thai("This question has already been replaced.")]


def test_replace_field_is_audited(answered, staff):
    replace_field(field=answered, by=staff)
    event = AuditEvent.objects.get(action="form.replace_field")
    assert (event.actor, event.target_id, event.detail) == (
        staff,
        str(answered.pk),
        {"old": "started_on", "new": "started_on_v2"},
    )
