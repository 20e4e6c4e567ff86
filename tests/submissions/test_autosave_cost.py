"""What one autosave costs (its queries) and the answer history it leaves: saves by one person a few
minutes apart make one history row, without losing the edit-conflict check or a saved word."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from core.history import COALESCE_WINDOW
from submissions.answers import section_answers
from submissions.enums import ApplicationStatus
from submissions.models import Answer, Application
from submissions.services import answers as services
from submissions.services import applications
from tests.factories import MembershipFactory, UserFactory
from tests.submissions.test_applications import make_cycle, make_organisation, posted, section_url

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def application(applicant):
    cycle = make_cycle()
    return applications.start_application(
        organisation=make_organisation(applicant),
        cycle=cycle,
        category=cycle.categories.get(),
        title_th="ระบบรถโดยสารอัจฉริยะ",
        by=applicant,
    )


@pytest.fixture
def section(application):
    """The first question (a long answer), whose history these tests read."""
    return application.cycle.fields.get(key="answer_1")


def history_of(field):
    return list(Answer.history.filter(field=field).order_by("history_date", "history_id"))


def save(application, field, text, by, version):
    return services.save_answer(application=application, field=field, value=text, expected_version=version, by=by)


def test_an_autosave_costs_a_constant_number_of_queries(login_as, applicant, application, django_assert_num_queries):
    client = login_as(applicant)
    for version, text in enumerate(("ร่าง", "ร่างที่สอง"), start=0):
        posted = {"answer_1": text, "answer_1__version": version}
        assert client.post(section_url(application), posted, headers=HTMX).status_code == 200

    # The session, the user, their roles (the two-factor rule); the application through the person's
    # membership, with its edition's submission deadline in a subquery (the deadline rule). The
    # edition and its form's questions come from the process's memo (submissions/form_memo.py, valid
    # while the forms' version in the shared cache is unchanged); no saved answer is read (no question
    # posted is conditional). Then in one transaction the answer's update on condition that it is
    # still the version the page loaded and holds another text (the version check, under the row's
    # lock), and its history row updated. The savepoint and its release are the test's transaction
    # (in production: the transaction's BEGIN and COMMIT). No file question: no query for files.
    with django_assert_num_queries(8):
        response = client.post(section_url(application), {"answer_1": "ร่างที่สาม", "answer_1__version": 2}, headers=HTMX)

    assert response.status_code == 200
    assert 'value="3" hx-swap-oob="true"' in response.content.decode()
    assert (Answer.objects.get().value, Answer.objects.get().version) == ("ร่างที่สาม", 3)


def test_an_autosave_after_the_deadline_is_refused_and_saves_nothing(login_as, applicant, application):
    application.cycle.milestones.update(starts_at=timezone.now() - timedelta(seconds=1))

    response = login_as(applicant).post(section_url(application, prefix="/en"), posted("ส่งช้า"), headers=HTMX)

    assert response.status_code == 200
    assert "The deadline has passed" in response.content.decode()
    assert Answer.objects.count() == 0


def test_an_autosave_within_a_personal_extension_is_saved(login_as, applicant, application):
    application.cycle.milestones.update(starts_at=timezone.now() - timedelta(days=1))
    Application.objects.filter(pk=application.pk).update(extended_until=timezone.now() + timedelta(days=1))

    response = login_as(applicant).post(section_url(application), posted("ขยายเวลาแล้ว"), headers=HTMX)

    assert response.status_code == 200
    assert (Answer.objects.get().value, Answer.objects.get().version) == ("ขยายเวลาแล้ว", 1)


def test_an_autosave_of_a_submitted_application_is_refused(login_as, applicant, application):
    Application.objects.filter(pk=application.pk).update(status=ApplicationStatus.SUBMITTED)

    response = login_as(applicant).post(section_url(application, prefix="/en"), posted("หลังส่ง"), headers=HTMX)

    assert "can no longer be changed" in response.content.decode()
    assert Answer.objects.count() == 0


def test_an_autosave_to_another_organisations_application_is_404(login_as, other_applicant, application):
    make_organisation(other_applicant, name="บริษัทอื่น")

    response = login_as(other_applicant).post(section_url(application), posted("ไม่ใช่ของฉัน"), headers=HTMX)

    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_an_autosave_to_a_section_that_does_not_exist_is_404(login_as, applicant, application):
    response = login_as(applicant).post(section_url(application, 9), posted("ไม่มีส่วนนี้"), headers=HTMX)

    assert response.status_code == 404
    assert Answer.objects.count() == 0


def test_a_section_without_a_current_question_still_opens(login_as, applicant, application, section):
    """The section is taken from the form's questions; one whose questions are all retired is read
    apart, and still opens."""
    section.__class__.objects.filter(pk=section.pk).update(retired=True)

    response = login_as(applicant).get(section_url(application))

    assert response.status_code == 200
    assert "หัวข้อ 1" in response.content.decode()


def test_a_colleagues_save_after_the_page_loaded_the_answer_is_still_a_conflict(applicant, application, section):
    """The autosave's one statement saves only over the version the page loaded; a save that landed
    since is caught under the row's lock, and nothing is overwritten."""
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    save(application, section, "ก", applicant, 0)  # what the page loaded: version 1
    save(application, section, "ของเพื่อน", colleague, 1)
    rows_before = [(row.history_id, row.value) for row in history_of(section)]

    with pytest.raises(services.EditConflict) as conflict:
        save(application, section, "ของฉัน", applicant, 1)

    assert (conflict.value.current_text, conflict.value.current_version) == ("ของเพื่อน", 2)
    assert (Answer.objects.get().value, Answer.objects.get().version) == ("ของเพื่อน", 2)
    assert [(row.history_id, row.value) for row in history_of(section)] == rows_before


def test_an_autosave_of_the_text_already_saved_writes_nothing(login_as, applicant, application, section):
    client = login_as(applicant)
    client.post(section_url(application), {"answer_1": "ร่าง", "answer_1__version": 0}, headers=HTMX)
    client.post(section_url(application), {"answer_1": "ร่างใหม่", "answer_1__version": 1}, headers=HTMX)
    before = Answer.objects.get()
    rows_before = [(row.history_id, row.value, row.history_date) for row in history_of(section)]

    response = client.post(section_url(application), {"answer_1": "ร่างใหม่", "answer_1__version": 2}, headers=HTMX)

    after = Answer.objects.get()
    assert response.status_code == 200
    assert 'value="2" hx-swap-oob="true"' in response.content.decode()
    assert (after.value, after.version, after.updated_at) == ("ร่างใหม่", 2, before.updated_at)
    assert [(row.history_id, row.value, row.history_date) for row in history_of(section)] == rows_before


def test_a_section_saved_over_answers_read_before_a_colleagues_save_keeps_theirs(applicant, application, section):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    save(application, section, "ก", applicant, 0)
    saved = section_answers(application, section.section)  # what the page read: version 1
    save(application, section, "ของเพื่อน", colleague, 1)

    result = services.save_section(
        application=application,
        section=section.section,
        raw={"answer_1": "ของฉัน"},
        versions={"answer_1": 1},
        by=applicant,
        saved=saved,
    )

    assert list(result.conflicts) == ["answer_1"] and not result.saved
    assert Answer.objects.get().value == "ของเพื่อน"


def test_saves_by_one_person_within_the_window_update_one_history_row(applicant, application, section):
    save(application, section, "ก", applicant, 0)  # created: its own row
    save(application, section, "กข", applicant, 1)  # the first change: a new row
    rows_before = history_of(section)

    save(application, section, "กขค", applicant, 2)
    save(application, section, "กขคง", applicant, 3)

    rows = history_of(section)
    assert len(rows_before) == 2
    assert len(rows) == 2
    assert [(row.history_type, row.value, row.version) for row in rows] == [("+", "ก", 1), ("~", "กขคง", 4)]
    assert rows[1].history_id == rows_before[1].history_id
    assert rows[1].history_user == applicant
    assert rows[1].history_date == Answer.objects.get().updated_at


def test_another_person_or_a_save_after_the_window_starts_a_new_row(applicant, application, section):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    save(application, section, "ก", applicant, 0)
    save(application, section, "กข", applicant, 1)

    save(application, section, "กขค", colleague, 2)
    after_colleague = history_of(section)
    save(application, section, "กขคง", colleague, 3)
    # The window passes: every row so far moves that far into the past.
    Answer.history.update(history_date=F("history_date") - COALESCE_WINDOW - timedelta(seconds=1))
    save(application, section, "กขคงจ", colleague, 4)

    rows = history_of(section)
    # (the first row, the creation, is simple_history's own: its person comes from the request)
    assert [(row.value, row.history_user) for row in after_colleague[1:]] == [
        ("กข", applicant),
        ("กขค", colleague),
    ]
    assert [(row.value, row.history_user) for row in rows[1:]] == [
        ("กข", applicant),
        ("กขคง", colleague),
        ("กขคงจ", colleague),
    ]


def test_the_latest_history_row_always_holds_the_saved_text(applicant, application, section):
    texts = [f"ร่างที่ {n}" for n in range(1, 8)]
    for version, text in enumerate(texts):
        save(application, section, text, applicant, version)

    answer = Answer.objects.get()
    latest = history_of(section)[-1]
    assert (latest.value, latest.version) == (answer.value, answer.version) == (texts[-1], len(texts))


def test_a_conflict_still_refuses_and_leaves_the_history_alone(applicant, application, section):
    colleague = UserFactory()
    MembershipFactory(user=colleague, organisation=application.organisation)
    save(application, section, "ของเพื่อน", colleague, 0)
    rows_before = [(row.history_id, row.value) for row in history_of(section)]

    with pytest.raises(services.EditConflict):
        save(application, section, "ของฉัน", applicant, 0)

    assert Answer.objects.get().value == "ของเพื่อน"
    assert [(row.history_id, row.value) for row in history_of(section)] == rows_before
