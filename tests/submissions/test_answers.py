"""The one selector of answers (submissions.answers): who reads which question, which questions are
asked of an application (category, condition), a retired question's answers, and constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from awards.enums import FieldKind, Visibility
from submissions.answers import Reader, answers_for, answers_for_many, by_key, public_values
from tests.factories import AnswerFactory, ApplicationFactory, CategoryFactory, FieldFactory, SectionFactory

pytestmark = pytest.mark.django_db
YES_NO = {"kind": FieldKind.YES_NO, "max_chars": None}


@pytest.fixture
def application():
    return ApplicationFactory(publish_consent=True)


def ask(application, key, value="คำตอบ", **options):
    """A question of the application's edition (in its first section) and, unless None, its answer."""
    section = application.cycle.sections.first() or SectionFactory(cycle=application.cycle, position=1)
    field = FieldFactory(section=section, key=key, **options)
    if value is not None:
        AnswerFactory(application=application, field=field, value=value)
    return field


def keys(application, reader, **options):
    return [item.key for group in answers_for(application, reader, **options) for item in group.items]


def test_each_reader_reads_what_the_question_allows(application):
    ask(application, "staff_note", visibility=Visibility.STAFF)
    ask(application, "method", visibility=Visibility.JUDGES)
    ask(application, "logo_text", visibility=Visibility.JUDGES, identifying=True)
    ask(application, "summary", visibility=Visibility.PUBLIC)

    everything = ["staff_note", "method", "logo_text", "summary"]
    assert keys(application, Reader.APPLICANT) == everything
    assert keys(application, Reader.STAFF) == everything
    assert keys(application, Reader.JUDGE) == ["method", "logo_text", "summary"]
    assert keys(application, Reader.JUDGE, blind=True) == ["method", "summary"]
    assert keys(application, Reader.PUBLIC) == ["summary"]


def test_the_public_reads_nothing_without_the_organisations_consent(application):
    ask(application, "summary", visibility=Visibility.PUBLIC)
    application.publish_consent = False

    assert keys(application, Reader.PUBLIC) == []
    assert public_values(application) == {}
    assert keys(application, Reader.STAFF) == ["summary"]


def test_a_question_for_another_category_is_not_asked(application):
    other = CategoryFactory(cycle=application.cycle)
    field = ask(application, "mobility_only", value="เก่า")
    field.categories.add(other)
    ask(application, "everyone")

    assert keys(application, Reader.STAFF) == ["everyone"]


def test_a_conditional_question_is_asked_only_while_its_condition_holds(application):
    choices = [{"value": "yes", "th": "ใช่"}, {"value": "no", "th": "ไม่ใช่"}]
    mode = ask(application, "has_app", value="no", kind=FieldKind.CHOICE, max_chars=None, choices=choices)
    ask(application, "app_name", value="แอปเก่า", condition_field=mode, condition_values=["yes"])

    assert keys(application, Reader.STAFF) == ["has_app"]

    application.answers.filter(field=mode).update(value="yes")
    assert keys(application, Reader.STAFF) == ["has_app", "app_name"]
    assert by_key(answers_for_many([application], Reader.STAFF)[application.pk])["app_name"].text == "แอปเก่า"


def test_a_retired_questions_answer_is_still_read_under_its_question(application):
    old = ask(application, "started", value="2022-09-15", kind=FieldKind.DATE, max_chars=None)
    new = FieldFactory(section=old.section, key="started_v2", kind=FieldKind.DATE, max_chars=None)
    old.retired, old.replaced_by = True, new
    old.save()

    shown = by_key(answers_for_many([application], Reader.STAFF)[application.pk])

    assert set(shown) == {"started", "started_v2"}
    assert shown["started"].value == "2022-09-15"
    assert not shown["started_v2"].answered


def test_a_blank_or_dash_answer_is_not_answered(application):
    ask(application, "dash", value="-")
    ask(application, "spaces", value="   ")
    ask(application, "real", value="มีคำตอบ")

    shown = by_key(answers_for_many([application], Reader.STAFF)[application.pk])

    assert {key: item.answered for key, item in shown.items()} == {"dash": False, "spaces": False, "real": True}


def _queries(applications, reader):
    for application in applications:
        application.cycle = type(application.cycle).objects.get(pk=application.cycle_id)  # no cached questions
    with CaptureQueriesContext(connection) as context:
        answers_for_many(applications, reader)
    return len(context.captured_queries)


def test_reading_many_applications_costs_the_same_for_one_or_many_questions():
    few = ApplicationFactory()
    ask(few, "one")
    many = ApplicationFactory()
    for number in range(3):
        ask(many, f"text_{number}")
        ask(many, f"yes_no_{number}", value="yes", **YES_NO)
    more = [ApplicationFactory(cycle=many.cycle, category=many.category) for _ in range(3)]

    assert _queries([few], Reader.STAFF) == _queries([many, *more], Reader.STAFF)
