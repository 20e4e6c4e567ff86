"""The form each process keeps for the autosave (submissions/form_memo.py): an edit of the form by
staff takes effect on the next autosave, in the process that made it at once and in every other
through the forms' version in the shared cache; with the shared cache down nothing is kept."""

import pytest
from django.core.cache import cache

from awards.enums import FieldKind
from awards.models import Field
from submissions import form_memo
from submissions.models import Answer
from tests.factories import FieldFactory
from tests.submissions.test_applications import section_url, start_draft

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
TOO_LONG = "ข้อความที่ยาวเกินห้าตัวอักษร"


@pytest.fixture(autouse=True)
def _nothing_kept():
    form_memo.forget()
    yield
    form_memo.forget()


@pytest.fixture
def application(applicant):
    return start_draft(applicant)


def autosave(client, application, key, text, version=0):
    return client.post(section_url(application, prefix="/en"), {key: text, f"{key}__version": version}, headers=HTMX)


def saved(application, key):
    answer = Answer.objects.filter(application=application, field__key=key).first()
    return answer.value if answer else None


def test_a_question_staff_add_is_saved_by_the_next_autosave(login_as, applicant, application):
    client = login_as(applicant)
    autosave(client, application, "answer_1", "ร่างแรก")  # the form is kept from here on
    FieldFactory(section=application.cycle.sections.get(position=1), key="budget_note", max_chars=100)

    response = autosave(client, application, "budget_note", "งบประมาณของเทศบาล")

    assert 'id="version-budget_note" value="1" hx-swap-oob="true"' in response.content.decode()
    assert saved(application, "budget_note") == "งบประมาณของเทศบาล"


def test_a_condition_staff_change_is_followed_by_the_next_autosave(login_as, applicant, application):
    section = application.cycle.sections.get(position=1)
    is_open = FieldFactory(section=section, key="is_open", kind=FieldKind.YES_NO, max_chars=None, required=False)
    detail = FieldFactory(section=section, key="detail", condition_field=is_open, condition_values=["yes"])
    client = login_as(applicant)
    autosave(client, application, "is_open", "no")
    autosave(client, application, "detail", "ยังไม่เปิด")  # its condition is not met: not saved
    detail.condition_values = ["no"]
    detail.save()

    response = autosave(client, application, "detail", "ยังไม่เปิดให้บริการ")

    assert 'id="version-detail" value="1" hx-swap-oob="true"' in response.content.decode()
    assert (saved(application, "is_open"), saved(application, "detail")) == ("no", "ยังไม่เปิดให้บริการ")


def test_an_edit_made_by_another_process_is_read_after_its_new_version(login_as, applicant, application):
    client = login_as(applicant)
    autosave(client, application, "answer_1", "ร่าง")
    # Another process's edit: its rows, and the new version its save put in the shared cache.
    Field.objects.filter(cycle=application.cycle, key="answer_1").update(max_chars=5)
    cache.set(form_memo.VERSION_KEY, "another-process")

    response = autosave(client, application, "answer_1", TOO_LONG, version=1)

    assert "limited to 5 characters" in response.content.decode()
    assert saved(application, "answer_1") == "ร่าง"


def test_with_the_shared_cache_down_the_form_is_read_on_every_autosave(login_as, applicant, application, settings):
    client = login_as(applicant)
    # Nothing listens on the discard port: every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    autosave(client, application, "answer_1", "ร่าง")
    # A change that no process announced: only a form read again sees it.
    Field.objects.filter(cycle=application.cycle, key="answer_1").update(max_chars=5)

    response = autosave(client, application, "answer_1", TOO_LONG, version=1)

    assert "limited to 5 characters" in response.content.decode()
    assert saved(application, "answer_1") == "ร่าง"
