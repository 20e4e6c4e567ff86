"""The judges' area: who may open what (404 otherwise), the declaration, the conflict gate, scoring
with and without JavaScript, submission, and query counts that do not grow."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.thai import thai_date
from judging.enums import AssignmentSource, ConflictAnswer, ScorecardStatus
from judging.models import Assignment, Declaration, Score, Scorecard
from judging.services import scoring
from judging.services.declarations import declare_interests
from submissions.enums import ApplicationStatus, PartnerKind
from submissions.models import Province
from tests.factories import (
    AnswerFactory,
    ApplicationFactory,
    AssignmentFactory,
    AttachmentFactory,
    CriterionFactory,
    CycleFactory,
    DimensionFactory,
    FieldFactory,
    PartnerFactory,
    RoundFactory,
    RubricFactory,
)

pytestmark = pytest.mark.django_db

SECRET_ANSWER = "คำตอบของผู้สมัครที่ยังไม่ควรเห็น"


@pytest.fixture
def media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


def make_round(criteria_max=(Decimal(4), Decimal(6)), step=Decimal("0.5")):
    """A rubric of one dimension (10 points) and a round open for a week."""
    rubric = RubricFactory(score_step=step)
    dimension = DimensionFactory(rubric=rubric, points=Decimal(10))
    for position, maximum in enumerate(criteria_max, start=1):
        CriterionFactory(dimension=dimension, position=position, max_points=maximum)
    now = timezone.now()
    return RoundFactory(rubric=rubric, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7))


def criteria_of(round_):
    return list(round_.rubric.dimensions.get().criteria.order_by("position"))


def assign(round_, judge, **kwargs):
    application = ApplicationFactory(cycle=round_.cycle, status=ApplicationStatus.SUBMITTED, **kwargs)
    return AssignmentFactory(round=round_, judge=judge, application=application, source=AssignmentSource.AUTOMATIC)


def declare(judge, cycle):
    return declare_interests(judge=judge, cycle=cycle, organisations="", provinces=[])


def answered(assignment):
    return scoring.answer_conflict(assignment=assignment, by=assignment.judge, recuse=False)


@pytest.fixture
def round_():
    return make_round()


@pytest.fixture
def assignment(round_, judge):
    """The judge's assignment, declared, with an answered question linked to the first criterion."""
    assignment = assign(round_, judge)
    declare(judge, round_.cycle)
    field = FieldFactory(section__cycle=round_.cycle, name_th="ปัญหาที่แก้")
    field.criteria.add(criteria_of(round_)[0])
    AnswerFactory(application=assignment.application, field=field, value=SECRET_ANSWER)
    PartnerFactory(
        application=assignment.application,
        name="บริษัท พันธมิตร จำกัด",
        kind=PartnerKind.COMPANY,
        province=Province.objects.get(code="10"),
    )
    return assignment


@pytest.fixture
def scoring_assignment(assignment):
    answered(assignment)
    return assignment


def urls(assignment, attachment_pk=1):
    criterion = criteria_of(assignment.round)[0]
    return {
        "assignment": reverse("judging:assignment", args=[assignment.pk]),
        "score": reverse("judging:score", args=[assignment.pk]),
        "save_score": reverse("judging:save_score", args=[assignment.pk, criterion.pk]),
        "attachment": reverse("judging:attachment", args=[assignment.pk, attachment_pk]),
    }


def points_data(assignment, points, comments=None, overall=""):
    data = {"overall-comment": overall}
    for criterion, value in zip(criteria_of(assignment.round), points, strict=True):
        data[f"c{criterion.pk}-points"] = value
        data[f"c{criterion.pk}-comment"] = (comments or {}).get(criterion.pk, "")
    return data


# Who may open what


def _attach(application):
    return AttachmentFactory(
        application=application, file__data=b"%PDF-1.4\n%%EOF\n", original_name="แผนงาน.pdf", size=15, sha256="0" * 64
    )


@pytest.fixture
def every_url(scoring_assignment, media):
    file = _attach(scoring_assignment.application)
    return urls(scoring_assignment, file.pk)


def _refused_everywhere(client, targets):
    statuses = {}
    for name, url in targets.items():
        for method in ("get", "post"):
            statuses[(name, method)] = getattr(client, method)(url, headers={"HX-Request": "true"}).status_code
    return statuses


@pytest.mark.parametrize("persona", ["applicant", "staff", "conflicted_judge"])
def test_every_assignment_url_is_404_for_anyone_but_its_judge(persona, every_url, login_as, request):
    client = login_as(request.getfixturevalue(persona))

    statuses = _refused_everywhere(client, every_url)

    assert set(statuses.values()) == {404}


def test_every_url_is_404_for_a_judge_of_another_assignment(every_url, scoring_assignment, conflicted_judge, login_as):
    theirs = assign(scoring_assignment.round, conflicted_judge)
    declare(conflicted_judge, theirs.round.cycle)
    answered(theirs)
    client = login_as(conflicted_judge)

    statuses = _refused_everywhere(client, every_url)

    assert set(statuses.values()) == {404}
    assert client.get(urls(theirs)["score"]).status_code == 200


def test_every_url_is_404_for_a_judge_whose_declaration_names_the_applicant(
    every_url, scoring_assignment, judge, login_as
):
    # Assigned (say by hand) and answered "no conflict", but the judge's own declaration names the
    # applicant organisation: the application stays closed to them.
    organisation = scoring_assignment.application.organisation.name
    declare_interests(judge=judge, cycle=scoring_assignment.round.cycle, organisations=organisation, provinces=[])

    statuses = _refused_everywhere(login_as(judge), every_url)

    assert set(statuses.values()) == {404}


def test_every_url_is_404_for_a_recused_judge(every_url, scoring_assignment, judge, login_as):
    Assignment.objects.filter(pk=scoring_assignment.pk).update(
        conflict_answer=ConflictAnswer.RECUSED, recusal_reason="ญาติ"
    )

    statuses = _refused_everywhere(login_as(judge), every_url)

    assert set(statuses.values()) == {404}


def test_scoring_urls_are_404_before_the_conflict_answer(assignment, media, judge, login_as):
    targets = urls(assignment, _attach(assignment.application).pk)
    del targets["assignment"]

    statuses = _refused_everywhere(login_as(judge), targets)

    assert set(statuses.values()) == {404}
    assert Scorecard.objects.count() == 0


@pytest.mark.parametrize("persona", ["applicant", "staff"])
def test_dashboard_and_declaration_are_404_without_the_judge_role(persona, round_, login_as, request):
    client = login_as(request.getfixturevalue(persona))
    targets = {
        "dashboard": reverse("judging:dashboard"),
        "declaration": reverse("judging:declaration", args=[round_.cycle.slug]),
    }

    assert set(_refused_everywhere(client, targets).values()) == {404}


def test_declaration_is_404_for_a_cycle_the_judge_does_not_judge(judge, login_as):
    other = CycleFactory()
    client = login_as(judge)

    response = client.post(reverse("judging:declaration", args=[other.slug]), {"organisations": "x"})

    assert response.status_code == 404
    assert Declaration.objects.count() == 0


def test_judging_pages_ask_anonymous_visitors_to_log_in(assignment, client):
    response = client.get(reverse("judging:score", args=[assignment.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Dashboard


def test_dashboard_groups_assignments_with_the_closing_date_in_the_buddhist_era(round_, judge, login_as):
    declare(judge, round_.cycle)
    pending, in_progress, done = assign(round_, judge), assign(round_, judge), assign(round_, judge)
    answered(in_progress)
    answered(done)
    scorecard = scoring.scorecard_for(assignment=done)
    for criterion, steps in zip(criteria_of(round_), (8, 12), strict=True):
        scoring.record_score(scorecard=scorecard, criterion=criterion, steps=steps, by=judge)
    scoring.submit_scorecard(scorecard=scorecard, by=judge)

    response = login_as(judge).get(reverse("judging:dashboard"))

    groups = response.context
    assert [a.pk for a in groups["to_answer"]] == [pending.pk]
    assert [a.pk for a in groups["in_progress"]] == [in_progress.pk]
    assert [a.pk for a in groups["submitted"]] == [done.pk]
    assert thai_date(timezone.localtime(round_.closes_at)) in response.content.decode()
    assert groups["to_declare"] == []


def test_dashboard_tells_the_judge_to_declare_first(round_, judge, login_as):
    assign(round_, judge)

    response = login_as(judge).get(reverse("judging:dashboard"))

    assert response.context["to_declare"] == [round_.cycle]
    assert reverse("judging:declaration", args=[round_.cycle.slug]) in response.content.decode()


def test_dashboard_query_count_does_not_grow(judge, login_as):
    client = login_as(judge)
    counts = []
    for how_many in (1, 3):
        Assignment.objects.all().delete()
        round_ = make_round()
        for _ in range(how_many):
            assign(round_, judge)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("judging:dashboard")).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


# Declaration


def test_declaration_saves_organisations_and_provinces(round_, judge, login_as):
    assign(round_, judge)
    provinces = list(Province.objects.filter(code__in=["10", "40"]))

    response = login_as(judge).post(
        reverse("judging:declaration", args=[round_.cycle.slug]),
        {"organisations": "  บริษัท เมืองอัจฉริยะ จำกัด \n\nเทศบาลนครขอนแก่น\n", "provinces": [p.pk for p in provinces]},
    )

    assert response.status_code == 302
    declaration = Declaration.objects.get(judge=judge, cycle=round_.cycle)
    assert declaration.organisation_names == ("บริษัท เมืองอัจฉริยะ จำกัด", "เทศบาลนครขอนแก่น")
    assert set(declaration.provinces.values_list("code", flat=True)) == {"10", "40"}


def test_assignment_without_a_declaration_redirects_to_it(round_, judge, login_as):
    assignment = assign(round_, judge)

    response = login_as(judge).get(reverse("judging:assignment", args=[assignment.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("judging:declaration", args=[round_.cycle.slug])


# The conflict gate


def test_gate_shows_who_made_the_application_but_not_its_answers(assignment, judge, login_as):
    response = login_as(judge).get(reverse("judging:assignment", args=[assignment.pk]))

    page = response.content.decode()
    application = assignment.application
    for fact in (application.title_th, application.organisation.name, "กรุงเทพมหานคร", "บริษัท พันธมิตร จำกัด"):
        assert fact in page
    assert SECRET_ANSWER not in page


def test_gate_no_conflict_leads_to_the_scoring_page(assignment, judge, login_as):
    response = login_as(judge).post(reverse("judging:assignment", args=[assignment.pk]), {"answer": "no_conflict"})

    assert response["Location"] == reverse("judging:score", args=[assignment.pk])
    assignment.refresh_from_db()
    assert assignment.conflict_answer == ConflictAnswer.NO_CONFLICT


def test_gate_recusal_needs_a_reason(assignment, judge, login_as):
    client = login_as(judge)
    url = reverse("judging:assignment", args=[assignment.pk])

    refused = client.post(url, {"answer": "recuse", "recusal_reason": " "})
    accepted = client.post(url, {"answer": "recuse", "recusal_reason": "เคยเป็นที่ปรึกษาโครงการนี้"})

    assert refused.status_code == 200
    assert list(refused.context["form"].errors) == ["recusal_reason"]
    assert accepted["Location"] == reverse("judging:dashboard")
    assignment.refresh_from_db()
    assert (assignment.conflict_answer, assignment.recusal_reason) == (
        ConflictAnswer.RECUSED,
        "เคยเป็นที่ปรึกษาโครงการนี้",
    )


# Scoring


def test_scoring_page_shows_the_linked_answers_and_the_server_totals(scoring_assignment, judge, login_as):
    response = login_as(judge).get(reverse("judging:score", args=[scoring_assignment.pk]))

    page = response.content.decode()
    assert SECRET_ANSWER in page
    assert response.context["totals"].total == Decimal("0.00")
    assert 'step="0.5"' in page


def test_full_post_saves_every_criterion_and_the_overall_comment(scoring_assignment, judge, login_as):
    low, high = criteria_of(scoring_assignment.round)
    data = points_data(scoring_assignment, ["3.5", "6"], {low.pk: "ชัดเจน"}, overall="ดีมาก")
    client = login_as(judge)

    response = client.post(reverse("judging:score", args=[scoring_assignment.pk]), data)

    assert response.status_code == 302
    scores = dict(Score.objects.values_list("criterion_id", "steps"))
    assert scores == {low.pk: 7, high.pk: 12}
    assert Score.objects.get(criterion=low).comment == "ชัดเจน"
    assert Scorecard.objects.get().comment == "ดีมาก"
    page = client.get(response["Location"])
    assert page.context["totals"].total == Decimal("9.50")


def test_points_that_are_not_a_whole_step_are_refused_beside_the_field(scoring_assignment, judge, login_as):
    data = points_data(scoring_assignment, ["3.3", "6"])

    response = login_as(judge).post(reverse("judging:score", args=[scoring_assignment.pk]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="points-error"' in page
    assert 'value="3.3"' in page
    assert Score.objects.count() == 0


def test_autosave_records_one_criterion_and_returns_the_server_totals(scoring_assignment, judge, login_as):
    low, high = criteria_of(scoring_assignment.round)
    url = reverse("judging:save_score", args=[scoring_assignment.pk, high.pk])

    response = login_as(judge).post(
        url, {f"c{high.pk}-points": "4.5", f"c{high.pk}-comment": "ดี"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert Score.objects.get().steps == 9
    page = response.content.decode()
    dimension = scoring_assignment.round.rubric.dimensions.get()
    assert f'<span id="subtotal-{dimension.pk}" class="subtotal" hx-swap-oob="true">4.50</span>' in page
    assert '<span id="total" class="total" hx-swap-oob="true">4.50</span>' in page


def test_autosave_refuses_points_that_are_not_a_whole_step(scoring_assignment, judge, login_as):
    low = criteria_of(scoring_assignment.round)[0]
    url = reverse("judging:save_score", args=[scoring_assignment.pk, low.pk])

    response = login_as(judge).post(url, {f"c{low.pk}-points": "1.25"}, headers={"HX-Request": "true"})

    assert "text-danger" in response.content.decode()
    assert Score.objects.count() == 0


def test_submit_then_the_scorecard_is_read_only(scoring_assignment, judge, login_as):
    client = login_as(judge)
    url = reverse("judging:score", args=[scoring_assignment.pk])

    client.post(url, {**points_data(scoring_assignment, ["4", "6"]), "submit": ""})
    assert Scorecard.objects.get().status == ScorecardStatus.DRAFT  # until the confirmation
    client.post(url, {**points_data(scoring_assignment, ["4", "6"]), "confirm_submit": ""})
    again = client.post(url, points_data(scoring_assignment, ["0", "0"]))

    assert Scorecard.objects.get().status == ScorecardStatus.SUBMITTED
    assert sorted(Score.objects.values_list("steps", flat=True)) == [8, 12]
    page = client.get(url).content.decode()
    assert 'data-testid="read-only"' in page
    assert "hx-post" not in page
    assert 'name="submit"' not in page
    assert again.status_code == 200


def hidden_fields(page: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page))


def test_submit_asks_for_confirmation_with_the_total_and_the_zero_criteria(scoring_assignment, judge, login_as):
    client = login_as(judge)
    url = reverse("judging:score", args=[scoring_assignment.pk])
    first, second = criteria_of(scoring_assignment.round)
    typed = points_data(scoring_assignment, ["0", "6"], comments={first.pk: "ไม่มีหลักฐาน <b>เลย</b>"})

    response = client.post(url, {**typed, "submit": ""})

    page = response.content.decode()
    assert response.templates[0].name == "judging/score_confirm.html"
    assert f"<strong>{response.context['total']}</strong>" in page.split('data-testid="confirm-total"')[1]
    assert [line.criterion for line in response.context["zeros"]] == [first]
    assert second.name not in page.split('data-testid="zero-criteria"')[1].split("</div>")[0]
    assert Scorecard.objects.get().status == ScorecardStatus.DRAFT  # saved as a draft, not submitted
    # Going back loses nothing: the draft holds what was typed.
    assert "ไม่มีหลักฐาน &lt;b&gt;เลย&lt;/b&gt;" in client.get(url).content.decode()
    hidden = hidden_fields(page)
    assert (
        hidden[f"c{first.pk}-comment"] == "ไม่มีหลักฐาน &lt;b&gt;เลย&lt;/b&gt;" and hidden[f"c{second.pk}-points"] == "6"
    )

    client.post(url, {**typed, "confirm_submit": ""})

    assert Scorecard.objects.get().status == ScorecardStatus.SUBMITTED
    assert Score.objects.get(criterion=first).comment == "ไม่มีหลักฐาน <b>เลย</b>"


def test_submit_with_a_criterion_left_is_refused_and_keeps_the_scores(scoring_assignment, judge, login_as):
    data = {**points_data(scoring_assignment, ["4", ""]), "submit": ""}

    response = login_as(judge).post(reverse("judging:score", args=[scoring_assignment.pk]), data)

    assert response.status_code == 200
    with translation.override("th"):
        expected = gettext("Score every criterion before submitting (%(count)s left).") % {"count": 1}
    assert response.context["problems"] == [expected]
    assert Scorecard.objects.get().status == ScorecardStatus.DRAFT
    assert Score.objects.get().steps == 8


def test_scoring_page_never_shows_another_judges_scores(scoring_assignment, conflicted_judge, judge, login_as):
    theirs = AssignmentFactory(
        round=scoring_assignment.round,
        judge=conflicted_judge,
        application=scoring_assignment.application,
        source=AssignmentSource.MANUAL,
    )
    answered(theirs)
    scorecard = scoring.scorecard_for(assignment=theirs)
    scoring.record_score(
        scorecard=scorecard,
        criterion=criteria_of(theirs.round)[0],
        steps=3,
        comment="ความเห็นของอีกท่าน",
        by=conflicted_judge,
    )

    response = login_as(judge).get(reverse("judging:score", args=[scoring_assignment.pk]))

    assert "ความเห็นของอีกท่าน" not in response.content.decode()
    assert response.context["totals"].total == Decimal("0.00")


def test_attachment_downloads_for_the_assigned_judge(scoring_assignment, media, judge, login_as):
    file = _attach(scoring_assignment.application)

    response = login_as(judge).get(reverse("judging:attachment", args=[scoring_assignment.pk, file.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def test_scoring_page_query_count_does_not_grow_with_criteria(judge, login_as):
    client = login_as(judge)
    counts = []
    for maxima in ((Decimal(10),), (Decimal(2), Decimal(3), Decimal(5))):
        round_ = make_round(maxima)
        assignment = assign(round_, judge)
        declare(judge, round_.cycle)
        answered(assignment)
        for criterion in criteria_of(round_):
            field = FieldFactory(section__cycle=round_.cycle)
            field.criteria.add(criterion)
            AnswerFactory(application=assignment.application, field=field, value="คำตอบ")
        scorecard = scoring.scorecard_for(assignment=assignment)
        scoring.record_score(scorecard=scorecard, criterion=criteria_of(round_)[0], steps=1, by=judge)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("judging:score", args=[assignment.pk])).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_judging_is_a_reserved_cycle_address():
    from awards.models import RESERVED_SLUGS

    assert "judging" in RESERVED_SLUGS
