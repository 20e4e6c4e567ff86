"""Results that stay true: a scorecard behind a finalised decision cannot be reopened; staff withdraw
the decision with a reason (audited, published as "corrected on <date>: <reason>"), reopen, and
finalise again with a new hash whose JSON carries the correction; the leaderboard says when a
published result differs from the live scores."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent
from core.formats import local_date
from judging.models import Assignment, Decision, Scorecard
from judging.ranking import leaderboard_detail
from judging.results import decision_payload, differs_from_live
from judging.services.decisions import finalise_prize, withdraw_decision
from judging.services.declarations import declare_interests
from judging.services.scoring import reopen_scorecard, save_scorecard
from tests.factories import MilestoneFactory, PrizeFactory
from tests.i18n import thai

from .scored import criteria_of, scored_category

pytestmark = pytest.mark.django_db
REASON = "คะแนนของกรรมการคนหนึ่งบันทึกผิดหัวข้อ"
REFUSED = (
    "A finalised decision rests on this scorecard's ranking: withdraw the decision first, with the reason "
    "(it is published with the results), then reopen the scorecard."
)


@pytest.fixture
def scored():
    round, category, apps, judges = scored_category(
        {"A": {"j1": [9, 9, 9], "j2": [8, 8, 8]}, "B": {"j1": [5, 5, 5], "j2": [9, 9, 9]}}
    )
    prize = PrizeFactory(cycle=round.cycle, category=category)
    return round, category, apps, judges, prize


def finalise(round, category, prize, application, by) -> Decision:
    data = decision_payload(leaderboard_detail(round, category), prize=prize, application=application)
    return finalise_prize(prize=prize, application=application, by=by, data=data)


def card_of(judge, application) -> Scorecard:
    return Scorecard.objects.get(assignment__judge=judge, assignment__application=application)


@pytest.mark.postgres
def test_correcting_a_result_withdraws_reopens_and_finalises_with_a_new_hash(scored, chair, staff, client):
    round, category, apps, judges, prize = scored
    first = finalise(round, category, prize, apps["A"], chair)
    card = card_of(judges["j2"], apps["B"])

    with pytest.raises(ValidationError, match=re.escape(thai(REFUSED))):
        reopen_scorecard(scorecard=card, by=staff)

    withdraw_decision(decision=first, by=staff, reason=REASON)
    event = AuditEvent.objects.get(action="decision.withdraw")
    assert (event.actor, event.target_id, event.detail["reason"]) == (staff, str(first.pk), REASON)
    reopen_scorecard(scorecard=card, by=staff)
    criteria = criteria_of(round.rubric)
    save_scorecard(assignment=card.assignment, steps={c.pk: 10 for c in criteria}, submit=True, by=judges["j2"])
    second = finalise(round, category, prize, apps["B"], chair)

    first.refresh_from_db()
    assert second.sha256 != first.sha256
    assert json.loads(second.data)["corrections"] == [
        {
            "sha256": first.sha256,
            "winner": "A",
            "decided_at": first.decided_at.isoformat(),
            "withdrawn_at": first.withdrawn_at.isoformat(),
            "reason": REASON,
        }
    ]
    MilestoneFactory(cycle=round.cycle, kind="results", starts_at=timezone.now() - timedelta(days=1))
    with translation.override("th"):
        html = client.get(reverse("results:cycle", args=[round.cycle.slug])).content.decode()
        line = f"แก้ไขเมื่อ {local_date(first.withdrawn_at)}: {REASON}"
    assert line in html and str(timezone.localtime(first.withdrawn_at).year + 543) in line
    assert second.sha256 in html and first.sha256 not in html
    published = client.get(reverse("results:decision_json", args=[round.cycle.slug, second.pk])).content
    assert json.loads(published)["corrections"][0]["reason"] == REASON


def test_reopening_is_refused_only_behind_a_decision_in_force(scored, chair, staff):
    round, category, apps, judges, prize = scored
    decision = finalise(round, category, prize, apps["A"], chair)
    with pytest.raises(ValidationError, match=re.escape(thai(REFUSED))):
        reopen_scorecard(scorecard=card_of(judges["j1"], apps["A"]), by=staff)
    withdraw_decision(decision=decision, by=staff, reason=REASON)
    assert reopen_scorecard(scorecard=card_of(judges["j1"], apps["A"]), by=staff).status == "draft"


def test_withdrawal_needs_staff_and_a_reason(scored, chair, staff):
    round, category, apps, _judges, prize = scored
    decision = finalise(round, category, prize, apps["A"], chair)
    with pytest.raises(ValidationError, match=thai("Only staff can withdraw a decision.")):
        withdraw_decision(decision=decision, by=chair, reason=REASON)
    with pytest.raises(ValidationError):
        withdraw_decision(decision=decision, by=staff, reason="  ")
    decision.refresh_from_db()
    assert decision.withdrawn_at is None


def test_withdrawal_from_the_leaderboard_page(scored, chair, staff, login_as):
    round, category, apps, _judges, prize = scored
    decision = finalise(round, category, prize, apps["A"], chair)
    client = login_as(staff)
    url = reverse("judging:withdraw_decision", args=[decision.pk])
    response = client.post(url, {"reason": REASON, "round": round.pk})
    assert response["Location"] == reverse("judging:leaderboard", args=[round.pk, category.code])
    decision.refresh_from_db()
    assert (decision.withdrawn_by, decision.withdrawal_reason) == (staff, REASON)
    # Withdrawn: a second post finds nothing in force.
    assert client.post(url, {"reason": REASON, "round": round.pk}).status_code == 404


def test_leaderboard_says_when_the_published_result_differs_from_live_scores(scored, chair, login_as):
    round, category, apps, judges, prize = scored
    decision = finalise(round, category, prize, apps["A"], chair)
    page = reverse("judging:leaderboard", args=[round.pk, category.code])
    client = login_as(chair)
    assert 'data-testid="result-differs"' not in client.get(page).content.decode()
    assert differs_from_live(decision, leaderboard_detail(round, category)) is False

    # A conflict that surfaces after the decision takes judge j2's scores out of B.
    declare_interests(judge=judges["j2"], cycle=round.cycle, organisations=apps["B"].organisation.name, provinces=[])
    assert Assignment.objects.get(judge=judges["j2"], application=apps["B"]).withdrawn

    assert differs_from_live(decision, leaderboard_detail(round, category)) is True
    assert client.get(page).content.decode().count('data-testid="result-differs"') == 1


def test_public_page_says_corrected_while_the_award_waits_for_its_new_decision(scored, chair, staff, client):
    round, category, apps, _judges, prize = scored
    decision = finalise(round, category, prize, apps["A"], chair)
    withdraw_decision(decision=decision, by=staff, reason=REASON)
    decision.refresh_from_db()
    MilestoneFactory(cycle=round.cycle, kind="results", starts_at=timezone.now() - timedelta(days=1))

    with translation.override("th"):
        html = client.get(reverse("results:cycle", args=[round.cycle.slug])).content.decode()
        line = f"แก้ไขเมื่อ {local_date(decision.withdrawn_at)}: {REASON}"

    assert html.count('data-testid="pending-correction"') == 1 and line in html
    assert 'data-testid="winner"' not in html and decision.sha256 not in html
    assert 'data-testid="no-results"' not in html
    json_url = reverse("results:decision_json", args=[round.cycle.slug, decision.pk])
    assert client.get(json_url).status_code == 404  # no longer a result in force
