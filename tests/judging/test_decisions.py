import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from judging.ranking import leaderboard_detail
from judging.results import announced, decision_payload
from judging.services.decisions import canonical_json, finalise_prize
from tests.factories import MilestoneFactory, PrizeFactory
from tests.i18n import thai

from .scored import scored_category

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored():
    round, category, apps, judges = scored_category(
        {"A": {"j1": [9, 9, 9], "j2": [8, 8, 8]}, "B": {"j1": [5, 5, 5], "j2": [6, 6, 6]}}
    )
    prize = PrizeFactory(cycle=round.cycle, category=category)
    return round, category, apps, judges, prize


def test_finalise_records_who_when_and_the_hash_of_the_canonical_json(scored, chair):
    round, category, apps, judges, prize = scored
    data = decision_payload(leaderboard_detail(round, category), prize=prize, application=apps["A"])
    decision = finalise_prize(prize=prize, application=apps["A"], by=chair, data=data)
    assert decision.decided_by == chair and decision.decided_at is not None
    assert decision.sha256 == hashlib.sha256(decision.data.encode("utf-8")).hexdigest()
    frozen = json.loads(decision.data)
    assert frozen["winner"] == "A"
    assert [(row["reference"], row["mean"], row["totals"]) for row in frozen["rows"]] == [
        ("A", "25.50", {"J1": "27.00", "J2": "24.00"}),
        ("B", "16.50", {"J1": "15.00", "J2": "18.00"}),
    ]
    event = AuditEvent.objects.get(action="decision.finalise")
    assert (event.actor, event.target_id, event.detail["sha256"]) == (chair, str(decision.pk), decision.sha256)
    # Pseudonymised: no judge's name or e-mail in what is published.
    assert all(judge.full_name not in decision.data and judge.email not in decision.data for judge in judges.values())


def test_canonical_json_is_sorted_compact_and_keeps_thai():
    assert canonical_json({"b": 1, "a": "ไทย"}) == '{"a":"ไทย","b":1}'


def test_finalise_refuses_anyone_but_chair_and_staff(scored, judge, staff):
    round, category, apps, _judges, prize = scored
    with pytest.raises(ValidationError, match=thai("Only the committee chair or staff can finalise an award.")):
        finalise_prize(prize=prize, application=apps["A"], by=judge, data={})
    assert finalise_prize(prize=prize, application=apps["A"], by=staff, data={}).decided_by == staff


def test_finalise_refuses_more_winners_than_the_prize_has(scored, chair):
    _round, _category, apps, _judges, prize = scored
    finalise_prize(prize=prize, application=apps["A"], by=chair, data={})
    full = thai("This award has all its %(count)s winner(s) already; staff must remove a decision first.")
    full %= {"count": 1}
    with pytest.raises(ValidationError, match=full):
        finalise_prize(prize=prize, application=apps["B"], by=chair, data={})
    already = thai("This application has already been recorded as a winner of this award.")
    with pytest.raises(ValidationError, match=already):
        finalise_prize(prize=prize, application=apps["A"], by=chair, data={})


def test_finalise_refuses_an_application_of_another_category(scored, chair):
    round, _category, apps, _judges, _prize = scored
    other = PrizeFactory(cycle=round.cycle)
    with pytest.raises(ValidationError, match=thai("This award is for another category.")):
        finalise_prize(prize=other, application=apps["A"], by=chair, data={})


def test_results_are_announced_at_the_milestone_never_before(scored):
    round, *_rest = scored
    milestone = MilestoneFactory(cycle=round.cycle, kind="results")
    assert announced(round.cycle, at=milestone.starts_at) is True
    assert announced(round.cycle, at=milestone.starts_at - timedelta(seconds=1)) is False


def test_the_popular_vote_winner_is_recorded_through_the_same_service(scored, staff):
    round, _category, apps, _judges, _prize = scored
    popular = PrizeFactory(cycle=round.cycle, kind="popular_vote", category=None)
    tally = {"format": "popular-vote/1", "votes": {"A": 120, "B": 80}}
    decision = finalise_prize(prize=popular, application=apps["B"], by=staff, data=tally)
    assert json.loads(decision.data) == tally
    assert decision.sha256 == hashlib.sha256(decision.data.encode("utf-8")).hexdigest()


def test_2022_results_are_public_from_15_september_2565_not_a_minute_before(scored):
    from datetime import datetime

    from django.utils import timezone

    round, *_rest = scored
    MilestoneFactory(cycle=round.cycle, kind="results", starts_at=timezone.make_aware(datetime(2022, 9, 15)))
    assert announced(round.cycle, at=timezone.make_aware(datetime(2022, 9, 14, 23, 59))) is False
    assert announced(round.cycle, at=timezone.make_aware(datetime(2022, 9, 15, 0, 0))) is True
