import csv
import hashlib
import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent
from core.formats import buddhist_moment, iso_moment, local_moment
from judging.models import Decision, Scorecard
from tests.factories import MilestoneFactory, PanelFactory, PrizeFactory
from tests.i18n import thai

from .scored import scored_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    round, category, apps, judges = scored_category(
        {
            "A": {"j1": [9, 9, 9], "j2": [8, 8, 8], "j3": [9, 8, 9]},
            "B": {"j1": [5, 5, 5], "j2": [6, 6, 6], "j3": [5, 6, 5]},
        }
    )
    PanelFactory(round=round, category=category, judges=judges.values())
    prize = PrizeFactory(cycle=round.cycle, category=category, name_th="รางวัลดีเด่น")
    return round, category, apps, prize


def page_url(round, category, name="judging:leaderboard"):
    return reverse(name, args=[round.pk, category.code])


@pytest.mark.parametrize("persona", ["judge", "applicant", "outsider", "province_viewer"])
def test_rankings_pages_answer_404_to_everyone_but_chair_and_staff(scored, persona, request, login_as):
    round, category, apps, prize = scored
    client = login_as(request.getfixturevalue(persona))
    assert client.get(reverse("judging:rankings")).status_code == 404
    assert client.get(page_url(round, category)).status_code == 404
    assert client.post(reverse("judging:export", args=[round.pk, category.code, "scores", "csv"])).status_code == 404
    response = client.post(
        page_url(round, category, "judging:finalise"), {"prize": prize.pk, "application": apps["A"].pk, "confirm": ""}
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_rankings_ask_an_anonymous_visitor_to_log_in(scored, client):
    round, category, _apps, _prize = scored
    assert client.get(page_url(round, category)).status_code == 302


@pytest.mark.parametrize("persona", ["chair", "staff"])
def test_leaderboard_shows_ranking_tie_break_and_outlier_rule(scored, persona, request, login_as):
    round, category, _apps, _prize = scored
    client = login_as(request.getfixturevalue(persona))
    assert category.name in client.get(reverse("judging:rankings")).content.decode()
    page = client.get(page_url(round, category)).content.decode()
    assert page.index('data-testid="row-A"') < page.index('data-testid="row-B"')
    assert "25.67" in page and "16.33" in page  # means of 27, 24, 26 and 15, 18, 16
    assert "มิติที่ 3" in page or "dimension 3" in page
    assert 'data-testid="outlier-rule"' in page and 'data-testid="finalise-form"' in page


def test_leaderboard_page_queries_do_not_grow_with_applications(chair, login_as):
    def count(n):
        table = {f"P{n}-{i}": {f"j{j}": [i, 5, 5] for j in range(3)} for i in range(n)}
        round, category, _apps, _judges = scored_category(table)
        PrizeFactory(cycle=round.cycle, category=category)
        client = login_as(chair)
        with CaptureQueriesContext(connection) as context:
            assert client.get(page_url(round, category)).status_code == 200
        return len(context.captured_queries)

    assert count(1) == count(3)


def test_finalise_is_a_post_that_records_the_decision_and_audits_it(scored, chair, login_as):
    round, category, apps, prize = scored
    client = login_as(chair)
    assert client.get(page_url(round, category, "judging:finalise")).status_code == 405
    chosen = {"prize": prize.pk, "application": apps["A"].pk}
    confirmation = client.post(page_url(round, category, "judging:finalise"), chosen)
    assert confirmation.templates[0].name == "judging/rankings/finalise_confirm.html"
    assert not Decision.objects.exists()  # nothing is recorded before the confirmation
    response = client.post(
        page_url(round, category, "judging:finalise"), {**chosen, "confirm": "", "reason": "คะแนนสูงสุด"}
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.prize, decision.application, decision.decided_by) == (prize, apps["A"], chair)
    assert json.loads(decision.data)["rows"][0]["reference"] == "A"
    assert decision.reason == json.loads(decision.data)["reason"] == "คะแนนสูงสุด"
    assert AuditEvent.objects.filter(action="decision.finalise", actor=chair).count() == 1
    page = client.get(page_url(round, category)).content.decode()
    assert decision.sha256 in page and 'data-testid="finalise-form"' not in page
    with translation.override("th"):
        assert f" · {local_moment(decision.decided_at)} · SHA-256" in page  # the Buddhist Era


def test_finalise_needs_the_csrf_token(scored, chair):
    from django.test import Client

    from tests.conftest import pass_second_factor

    round, category, apps, prize = scored
    client = Client(enforce_csrf_checks=True)
    client.force_login(chair)
    pass_second_factor(client, chair)
    response = client.post(
        page_url(round, category, "judging:finalise"), {"prize": prize.pk, "application": apps["A"].pk, "confirm": ""}
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_scores_export_has_every_judges_criterion_scores_and_comments(scored, staff, login_as):
    round, category, _apps, _prize = scored
    response = login_as(staff).post(reverse("judging:export", args=[round.pk, category.code, "scores", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 * 3 * 3  # header, 2 applications × 3 judges × 3 criteria
    assert rows[1][0] == "A" and rows[1][8] == "ความเห็น 9"
    card = Scorecard.objects.filter(assignment__application__reference="A").order_by("assignment__judge_id").first()
    assert rows[0][-2:] == [f"{thai('submitted at')} (ISO 8601)", f"{thai('submitted at')} ({thai('Buddhist Era')})"]
    assert rows[1][-2:] == [iso_moment(card.submitted_at), buddhist_moment(card.submitted_at)]
    assert AuditEvent.objects.filter(action="export.scores", actor=staff).count() == 1


def test_ranking_export_in_xlsx(scored, chair, login_as):
    round, category, _apps, _prize = scored
    response = login_as(chair).post(reverse("judging:export", args=[round.pk, category.code, "ranking", "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[2] for row in values[1:]] == ["A", "B"]
    assert values[1][6] == "25.67"
    assert AuditEvent.objects.filter(action="export.ranking").count() == 1


def _decide(scored, chair, login_as, announce_in):
    round, category, apps, prize = scored
    MilestoneFactory(cycle=round.cycle, kind="results", starts_at=timezone.now() + announce_in)
    login_as(chair).post(
        page_url(round, category, "judging:finalise"), {"prize": prize.pk, "application": apps["A"].pk, "confirm": ""}
    )
    return round.cycle, Decision.objects.get()


def test_results_are_hidden_before_the_announcement_except_for_chair_and_staff(
    scored, chair, staff, judge, client, login_as
):
    cycle, decision = _decide(scored, chair, login_as, timedelta(days=1))
    url = reverse("results:cycle", args=[cycle.slug])
    json_url = reverse("results:decision_json", args=[cycle.slug, decision.pk])
    client.logout()
    assert client.get(url).status_code == 404 and client.get(json_url).status_code == 404
    assert login_as(judge).get(url).status_code == 404
    assert 'data-testid="not-public"' in login_as(staff).get(url).content.decode()
    assert login_as(chair).get(url).status_code == 200


def test_results_page_shows_the_winner_and_the_hash_of_the_downloadable_json(scored, chair, client, login_as):
    cycle, decision = _decide(scored, chair, login_as, timedelta(seconds=-1))
    client.logout()
    page = client.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    assert "โครงการ A" in page and decision.sha256 in page
    download = client.get(reverse("results:decision_json", args=[cycle.slug, decision.pk]))
    assert hashlib.sha256(download.content).hexdigest() == decision.sha256
    data = json.loads(download.content)
    # The ranking can be recomputed from the judges' totals it contains.
    means = {row["reference"]: sum(float(t) for t in row["totals"].values()) / row["judges"] for row in data["rows"]}
    assert max(means, key=means.get) == data["winner"] == "A"


def test_cycle_page_links_to_its_results_once_announced(scored, chair, client, login_as):
    cycle, _decision = _decide(scored, chair, login_as, timedelta(seconds=-1))
    cycle.milestones.filter(kind="submission_deadline").update(starts_at=timezone.now() - timedelta(days=30))
    page = client.get(reverse("awards:cycle", args=[cycle.slug])).content.decode()
    assert reverse("results:cycle", args=[cycle.slug]) in page


def test_finalise_answers_404_to_a_malformed_id(scored, chair, login_as):
    round, category, _apps, _prize = scored
    response = login_as(chair).post(page_url(round, category, "judging:finalise"), {"prize": "x", "application": "1"})
    assert response.status_code == 404


def test_exports_never_write_a_formula(scored, staff, login_as):
    round, category, apps, _prize = scored
    apps["A"].title_th = '=HYPERLINK("http://example.com")'
    apps["A"].save(update_fields=["title_th"])
    response = login_as(staff).post(reverse("judging:export", args=[round.pk, category.code, "scores", "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://example.com")'
