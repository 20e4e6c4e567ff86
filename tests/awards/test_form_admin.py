"""Staff build an edition's application form in admin: a section with its questions as rows, a
question's page with its options as lines, "replace this question", and the copy of a form."""

from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.enums import FieldKind, Visibility
from awards.forms import FILE_KINDS, columns_text, options_text, parse_columns, parse_options
from awards.models import Field, Section
from submissions.filetypes import FileKind
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    CategoryFactory,
    CriterionFactory,
    CycleFactory,
    FieldFactory,
    SectionFactory,
)
from tests.i18n import thai
from tests.test_admin_thai import english_on, visible_text

pytestmark = pytest.mark.django_db

LAYOUT = "Line %(number)s: write it as “value | Thai | English” (the English may be left out)."
LINES = "app | แอปพลิเคชัน | Mobile application\nweb | เว็บไซต์\n\nother | อื่น ๆ | Other"


def test_parse_options_reads_value_thai_english_lines():
    assert parse_options(LINES) == [
        {"value": "app", "th": "แอปพลิเคชัน", "en": "Mobile application"},
        {"value": "web", "th": "เว็บไซต์", "en": ""},
        {"value": "other", "th": "อื่น ๆ", "en": "Other"},
    ]


def test_options_text_writes_back_what_staff_typed():
    assert options_text(parse_options(LINES)) == LINES.replace("\n\n", "\n")


@pytest.mark.parametrize(
    ("text", "msgid", "values"),
    [
        ("app", LAYOUT, {}),
        ("app | แอป\n | ว่าง", LAYOUT, {}),
        (
            "app | แอป\nรถ เมล์ | รถเมล์",
            "Line %(number)s: the value “%(value)s” may hold only English letters, digits, - and _.",
            {"value": "รถ เมล์"},
        ),
        ("app | แอป\napp | แอปอีกครั้ง", "Line %(number)s: “%(value)s” is listed twice.", {"value": "app"}),
    ],
)
def test_parse_options_refuses_a_bad_line_naming_it(text, msgid, values):
    with pytest.raises(Exception) as refused:
        parse_options(text)
    assert refused.value.messages == [thai(msgid) % {"number": 2 if "\n" in text else 1, **values}]


COLUMNS = "name | ชื่อหน่วยงาน | Name\nkind | ประเภท | Type\n- public | ภาครัฐ | Public sector\n- private | ภาคเอกชน"


def test_parse_columns_reads_columns_and_their_options():
    assert parse_columns(COLUMNS) == [
        {"key": "name", "th": "ชื่อหน่วยงาน", "en": "Name"},
        {
            "key": "kind",
            "th": "ประเภท",
            "en": "Type",
            "choices": [
                {"value": "public", "th": "ภาครัฐ", "en": "Public sector"},
                {"value": "private", "th": "ภาคเอกชน", "en": ""},
            ],
        },
    ]
    assert columns_text(parse_columns(COLUMNS)) == COLUMNS


def test_parse_columns_refuses_an_option_before_any_column():
    with pytest.raises(Exception) as refused:
        parse_columns("- public | ภาครัฐ")
    assert refused.value.messages == [
        thai("Line %(number)s: an option (a line starting with -) must follow its column.") % {"number": 1}
    ]


def test_file_kinds_offered_are_the_kinds_the_site_accepts():
    assert [value for value, _label in FILE_KINDS] == [kind.value for kind in FileKind]


@pytest.fixture
def admin_client(login_as, staff):
    return login_as(staff)


@pytest.fixture
def section():
    return SectionFactory(cycle=CycleFactory(slug="edition"), position=1)


def field_data(field=None, **changes) -> dict:
    """What the question's admin page posts: ``field``'s settings (or a new long answer), with changes."""
    data = {
        "cycle": field.cycle_id if field else "",
        "section": field.section_id if field else "",
        "position": field.position if field else 1,
        "key": field.key if field else "problem",
        "kind": field.kind if field else FieldKind.LONG_TEXT,
        "name_th": field.name_th if field else "ปัญหาที่เมืองพบ",
        "name_en": "",
        "help_th": "",
        "help_en": "",
        "max_chars": field.max_chars or "" if field else 3000,
        "unit_th": "",
        "unit_en": "",
        "min_value": "",
        "max_value": "",
        "decimals": 0,
        "choices": options_text(field.choices) if field else "",
        "columns": "",
        "max_rows": "",
        "max_file_mb": "",
        "visibility": field.visibility if field else Visibility.JUDGES,
        "condition_field": "",
        "condition_values": "",
        "rule": "",
        "rule_value": "",
        "rule_message_th": "",
        "rule_message_en": "",
        "_save": "บันทึก",
    }
    if field and field.required:
        data["required"] = "on"
    return {**data, **changes}


def test_question_saves_options_typed_as_lines(admin_client, section):
    data = field_data(cycle=section.cycle_id, section=section.pk, key="service_kind", kind=FieldKind.CHOICE)
    response = admin_client.post(reverse("admin:awards_field_add"), {**data, "choices": LINES, "max_chars": ""})

    assert response.status_code == 302
    field = Field.objects.get(key="service_kind")
    assert (field.cycle, field.section, field.choices) == (section.cycle, section, parse_options(LINES))


def test_question_refuses_a_bad_line_of_options_with_its_number(admin_client, section):
    data = field_data(cycle=section.cycle_id, section=section.pk, kind=FieldKind.CHOICE, choices="app | แอป\nweb")
    response = admin_client.post(reverse("admin:awards_field_add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["choices"] == [
        thai("Line %(number)s: write it as “value | Thai | English” (the English may be left out).") % {"number": 2}
    ]
    assert 'name="choices"' in response.content.decode() and "app | แอป\nweb" in response.content.decode()
    assert not Field.objects.exists()


def test_question_model_checks_reach_the_page(admin_client, section):
    data = field_data(cycle=section.cycle_id, section=section.pk, kind=FieldKind.CHOICE)
    response = admin_client.post(reverse("admin:awards_field_add"), data)
    assert response.context["adminform"].form.errors["choices"] == [thai("List the options to choose from.")]


def test_question_saves_group_columns_file_kinds_and_condition(admin_client, section):
    choice = FieldFactory(section=section, key="service_kind", kind=FieldKind.CHOICE, choices=parse_options(LINES))
    data = field_data(cycle=section.cycle_id, section=section.pk, key="partners", kind=FieldKind.GROUP)
    data |= {"columns": COLUMNS, "file_kinds": ["pdf", "png"], "condition_field": choice.pk}
    data |= {"condition_values": "app, web", "max_chars": ""}
    response = admin_client.post(reverse("admin:awards_field_add"), data)

    assert response.status_code == 302
    field = Field.objects.get(key="partners")
    assert (field.columns, field.file_kinds) == (parse_columns(COLUMNS), ["pdf", "png"])
    assert (field.condition_field, field.condition_values) == (choice, ["app", "web"])


def test_question_refuses_a_condition_answer_the_question_does_not_have(admin_client, section):
    choice = FieldFactory(section=section, key="service_kind", kind=FieldKind.CHOICE, choices=parse_options(LINES))
    data = field_data(cycle=section.cycle_id, section=section.pk, condition_field=choice.pk, condition_values="bus")
    response = admin_client.post(reverse("admin:awards_field_add"), data)

    expected = thai("“%(values)s” is not an answer of that question; its answers are: %(known)s.")
    assert response.context["adminform"].form.errors["condition_values"] == [
        expected % {"values": "bus", "known": "app, web, other"}
    ]


def test_question_offers_only_its_own_editions_categories_and_criteria(admin_client, section):
    own = CategoryFactory(cycle=section.cycle)
    CategoryFactory()
    criterion = CriterionFactory(dimension__rubric__cycle=section.cycle)
    CriterionFactory()
    field = FieldFactory(section=section)

    form = admin_client.get(reverse("admin:awards_field_change", args=[field.pk])).context["adminform"].form

    assert list(form.fields["categories"].queryset) == [own]
    assert list(form.fields["criteria"].queryset) == [criterion]


def test_question_saves_categories_criteria_and_rule(admin_client, section):
    category = CategoryFactory(cycle=section.cycle)
    criterion = CriterionFactory(dimension__rubric__cycle=section.cycle)
    field = FieldFactory(section=section, key="started_on", kind=FieldKind.DATE, max_chars=None)
    data = field_data(field, categories=[category.pk], criteria=[criterion.pk], rule="months_before_deadline")
    data |= {"rule_value": "6", "rule_message_th": "ต้องเริ่มก่อน {date}"}
    response = admin_client.post(reverse("admin:awards_field_change", args=[field.pk]), data)

    assert response.status_code == 302
    field.refresh_from_db()
    assert (list(field.categories.all()), list(field.criteria.all())) == ([category], [criterion])
    assert (field.rule, field.rule_value, field.rule_message_th) == ("months_before_deadline", 6, "ต้องเริ่มก่อน {date}")


def test_question_kind_change_refused_once_answered(admin_client, section):
    field = FieldFactory(section=section, kind=FieldKind.SHORT_TEXT, max_chars=200)
    AnswerFactory(application=ApplicationFactory(cycle=section.cycle), field=field, value="ระบบแจ้งเหตุ")
    response = admin_client.post(
        reverse("admin:awards_field_change", args=[field.pk]), field_data(field, kind=FieldKind.LONG_TEXT)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kind"] == [
        thai(
            "This question already has answers, so its kind cannot change. Use “Replace this question” "
            "on its page: a new question takes its place in the form and the answers stay with this one."
        )
    ]
    field.refresh_from_db()
    assert field.kind == FieldKind.SHORT_TEXT
    assert reverse("admin:awards_field_replace", args=[field.pk]) in response.content.decode()


def test_question_kind_changes_while_unanswered(admin_client, section):
    field = FieldFactory(section=section, kind=FieldKind.SHORT_TEXT, max_chars=200)
    response = admin_client.post(
        reverse("admin:awards_field_change", args=[field.pk]), field_data(field, kind=FieldKind.LONG_TEXT)
    )
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.kind == FieldKind.LONG_TEXT


def test_replace_question_page_says_what_happens_then_replaces(admin_client, section):
    field = FieldFactory(section=section, key="budget", kind=FieldKind.NUMBER, max_chars=None)
    AnswerFactory(application=ApplicationFactory(cycle=section.cycle), field=field, value="1200")
    url = reverse("admin:awards_field_replace", args=[field.pk])

    page = admin_client.get(url)
    response = admin_client.post(url)

    assert page.status_code == 200 and 'data-testid="confirm-replace"' in page.content.decode()
    new = Field.objects.get(key="budget_v2")
    assert response.status_code == 302 and response["Location"] == reverse("admin:awards_field_change", args=[new.pk])
    field.refresh_from_db()
    assert (field.retired, field.replaced_by, new.kind) == (True, new, FieldKind.NUMBER)


def test_section_page_saves_its_questions_as_rows(admin_client, section):
    prefix = "fields"
    data = {
        "cycle": section.cycle_id,
        "position": 1,
        "name_th": section.name_th,
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-0-position": 1,
        f"{prefix}-0-kind": FieldKind.NUMBER,
        f"{prefix}-0-key": "population",
        f"{prefix}-0-name_th": "จำนวนประชากรที่ได้รับบริการ",
        f"{prefix}-0-unit_th": "คน",
        f"{prefix}-0-min_value": "0",
        f"{prefix}-0-visibility": Visibility.PUBLIC,
    }
    response = admin_client.post(reverse("admin:awards_section_change", args=[section.pk]), data)

    assert response.status_code == 302
    field = Field.objects.get(key="population")
    assert (field.cycle, field.section, field.unit_th, field.min_value) == (section.cycle, section, "คน", Decimal(0))


def test_section_page_refuses_a_key_the_edition_uses(admin_client, section):
    FieldFactory(section=SectionFactory(cycle=section.cycle, position=2), key="population")
    data = {
        "cycle": section.cycle_id,
        "position": 1,
        "name_th": section.name_th,
        "fields-TOTAL_FORMS": 1,
        "fields-INITIAL_FORMS": 0,
        "fields-0-position": 1,
        "fields-0-kind": FieldKind.CHOICE,
        "fields-0-key": "population",
        "fields-0-name_th": "คำถามซ้ำรหัส",
        "fields-0-visibility": Visibility.JUDGES,
    }
    response = admin_client.post(reverse("admin:awards_section_change", args=[section.pk]), data)

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert errors["key"] == [thai("Another question of this edition has this key.")]
    # The model's own check (a choice needs options) reaches the row too, named by its label.
    assert errors["__all__"] == [f"{thai('options').capitalize()}: {thai('List the options to choose from.')}"]


def _copy(client, target, **extra):
    """The copy action on ``target``, as the changelist (then its own pages) posts it."""
    data = {"action": "copy_form_action", ACTION_CHECKBOX_NAME: [target.pk], **extra}
    return client.post(reverse("admin:awards_cycle_changelist"), data, follow=True)


def test_copy_form_action_chooses_confirms_and_copies(admin_client, section):
    FieldFactory(section=section, key="problem")
    FieldFactory(section=section, key="retired_one", retired=True)
    target = CycleFactory(slug="next-edition")

    choose = _copy(admin_client, target)
    assert list(choose.context["form"].fields["source"].queryset) == [section.cycle]

    confirm = _copy(admin_client, target, source=section.cycle_id)
    summary = thai("Copy %(sections)s sections and %(questions)s questions from %(source)s into %(target)s?")
    expected = summary % {"sections": 1, "questions": 1, "source": section.cycle.name_th, "target": target.name_th}
    assert expected in visible_text(confirm.content.decode())
    assert not Section.objects.filter(cycle=target).exists()  # nothing copied before the confirmation

    done = _copy(admin_client, target, source=section.cycle_id, confirm="yes")
    assert list(Section.objects.filter(cycle=target).values_list("position", flat=True)) == [1]
    assert list(Field.objects.filter(cycle=target).values_list("key", flat=True)) == ["problem"]
    copied = thai("Copied %(sections)s and %(questions)s into %(edition)s.") % {
        "sections": "ส่วนของใบสมัคร 1 ส่วน",
        "questions": "หัวข้อในใบสมัคร 1 หัวข้อ",
        "edition": target.name_th,
    }
    assert [str(m) for m in done.context["messages"]] == [copied]


def test_copy_form_action_refused_into_an_edition_with_a_form(admin_client, section):
    target = FieldFactory(key="own").cycle
    response = _copy(admin_client, target, source=section.cycle_id, confirm="yes")

    refused = thai("%(edition)s already has an application form: copy only into an edition without one.")
    assert [str(m) for m in response.context["messages"]] == [refused % {"edition": target.name_th}]
    assert list(Field.objects.filter(cycle=target).values_list("key", flat=True)) == ["own"]


def test_form_builder_pages_show_no_english_in_thai(admin_client, section):
    choice = FieldFactory(section=section, key="kind", kind=FieldKind.CHOICE, choices=parse_options(LINES))
    AnswerFactory(application=ApplicationFactory(cycle=section.cycle), field=choice, value="app")
    CycleFactory(slug="next-edition")
    pages = [
        reverse("admin:awards_section_change", args=[section.pk]),
        reverse("admin:awards_field_add"),
        reverse("admin:awards_field_change", args=[choice.pk]),
        reverse("admin:awards_field_replace", args=[choice.pk]),
        reverse("admin:awards_field_changelist"),
    ]
    data = [section.cycle.name_th, section.name_th, choice.name_th, choice.key, LINES, "edition", "next-edition"]
    data += [section.cycle.name_en, "cycle-", "question_", "Mobile application", "Other"]
    found = {}
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        hits = english_on(visible_text(response.content.decode()), data)
        if hits:
            found[url] = hits
    assert found == {}


def test_cycle_page_links_its_application_form(admin_client, section):
    FieldFactory(section=section)
    FieldFactory(section=section, retired=True)
    html = admin_client.get(reverse("admin:awards_cycle_change", args=[section.cycle_id])).content.decode()

    counts = thai("%(sections)s sections, %(questions)s questions") % {"sections": 1, "questions": 1}
    link = reverse("admin:awards_section_changelist") + f"?cycle__id__exact={section.cycle_id}"
    assert f'<a href="{link}">{counts}</a>' in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", ["field", "section"])
def test_form_lists_query_count_does_not_grow(admin_client, section, model):
    FieldFactory(section=section)
    url = reverse(f"admin:awards_{model}_changelist")
    one = _queries(admin_client, url)
    for position in (2, 3):
        FieldFactory(section=SectionFactory(cycle=CycleFactory(), position=position))
    assert _queries(admin_client, url) == one


def test_question_add_page_opened_for_a_section_offers_its_edition_only(admin_client, section):
    own = CategoryFactory(cycle=section.cycle)
    CategoryFactory()
    SectionFactory()
    url = reverse("admin:awards_field_add") + f"?section={section.pk}"
    form = admin_client.get(url).context["adminform"].form

    assert (list(form.fields["section"].queryset), list(form.fields["categories"].queryset)) == ([section], [own])


def test_question_keeps_an_option_applicants_chose(admin_client, section):
    field = FieldFactory(section=section, kind=FieldKind.CHOICE, choices=parse_options(LINES), max_chars=None)
    AnswerFactory(application=ApplicationFactory(cycle=section.cycle), field=field, value="web")
    url = reverse("admin:awards_field_change", args=[field.pk])

    removed = admin_client.post(url, field_data(field, choices="app | แอป\nother | อื่น ๆ"))
    relabelled = admin_client.post(url, field_data(field, choices="app | แอป\nweb | เว็บไซต์ของเมือง"))

    expected = thai("Applicants chose %(values)s: keep these options (their labels may change).")
    assert removed.context["adminform"].form.errors["choices"] == [expected % {"values": "web"}]
    assert relabelled.status_code == 302
    field.refresh_from_db()
    assert field.choices == [
        {"value": "app", "th": "แอป", "en": ""},
        {"value": "web", "th": "เว็บไซต์ของเมือง", "en": ""},
    ]
