"""What stops a submission is linked to the question it is about: the overview's list and the error
summary of a refused submit link each problem to its question, whose section page then says beside
it what is wrong (a required answer left empty or only a dash, a rule the answer breaks)."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from submissions.enums import ApplicationStatus
from submissions.models import Application

from .test_applications import answer, complete, start_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(applicant):
    """A draft of two sections of one required long answer each, and the start date in a third."""
    return start_draft(applicant)


def overview(application, prefix="/en"):
    return f"{prefix}/my/applications/{application.pk}/"


def problem_link(application, number, key):
    return f'href="/en/my/applications/{application.pk}/sections/{number}/?check=1#id_{key}"'


def test_the_overview_links_each_problem_to_its_question(login_as, applicant, application):
    html = login_as(applicant).get(overview(application)).content.decode()

    listed = html[html.index('data-testid="submission-problems"') :]
    assert f"<a {problem_link(application, 1, 'answer_1')}>Answer “คำตอบ 1” in section 1: หัวข้อ 1.</a>" in listed
    assert f"<a {problem_link(application, 2, 'answer_2')}>" in listed
    assert f"<a {problem_link(application, 3, 'started_on')}>" in listed


def test_the_section_says_beside_a_required_question_left_empty_what_to_do(login_as, applicant, application):
    complete(application, applicant)
    answer(application, "answer_2", " - ", applicant, version=1)

    html = login_as(applicant).get(f"/en/my/applications/{application.pk}/sections/2/?check=1").content.decode()

    assert (
        '<div class="invalid-feedback d-block" id="error-answer_2" data-testid="question-error">'
        "This question is required: answer it before you submit.</div>"
    ) in html
    assert re.search(r'id="id_answer_2"[^>]* aria-describedby="error-answer_2 status-answer_2 counter-answer_2"', html)
    summary = html[html.index('data-testid="error-summary"') : html.index('id="q-answer_2"')]
    assert '<li><a href="#id_answer_2">' in summary


def test_the_section_says_beside_a_date_the_rule_it_breaks(login_as, applicant, application):
    complete(application, applicant)
    deadline = timezone.localtime(application.cycle.milestones.get().starts_at).date()
    answer(application, "started_on", (deadline - timedelta(days=30)).strftime("%d/%m/%Y"), applicant, version=1)
    problems = login_as(applicant).get(overview(application)).context["problems"]

    html = login_as(applicant).get(f"/en/my/applications/{application.pk}/sections/3/?check=1").content.decode()

    assert [problem.field.key for problem in problems] == ["started_on"]
    assert f'id="error-started_on" data-testid="question-error">{problems[0].message}</div>' in html


def test_without_check_the_section_page_shows_no_refusal(login_as, applicant, application):
    html = login_as(applicant).get(f"/en/my/applications/{application.pk}/sections/2/").content.decode()

    assert 'data-testid="error-summary"' not in html
    assert 'data-testid="question-error"' not in html


def test_a_refused_submit_comes_back_with_an_error_summary_linked_to_the_questions(login_as, applicant, application):
    complete(application, applicant)
    answer(application, "answer_1", "", applicant, version=1)

    response = login_as(applicant).post(f"{overview(application)}submit/")
    html = response.content.decode()

    assert response.status_code == 200
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT
    summary = html[
        html.index('<div class="alert alert-danger" role="alert" tabindex="-1" data-testid="error-summary">') :
    ]
    assert summary.index("The application was not submitted:") < summary.index(problem_link(application, 1, "answer_1"))
    assert html.index('data-testid="error-summary"') < html.index('data-testid="submission-problems"')
    assert "js/questions.js" in html  # which gives the summary the focus


def test_the_overview_has_no_error_summary_until_a_submit_is_refused(login_as, applicant, application):
    html = login_as(applicant).get(overview(application)).content.decode()

    assert 'data-testid="error-summary"' not in html


def test_the_refusal_speaks_thai(login_as, applicant, application):
    complete(application, applicant)
    answer(application, "answer_1", "", applicant, version=1)
    client = login_as(applicant)

    refused = client.post(f"{overview(application, prefix='')}submit/").content.decode()
    beside = client.get(f"/my/applications/{application.pk}/sections/1/?check=1").content.decode()

    assert "ยังส่งใบสมัครไม่สำเร็จ ด้วยเหตุต่อไปนี้" in refused
    assert "หัวข้อนี้จำเป็นต้องตอบ โปรดตอบก่อนส่งใบสมัคร" in beside
