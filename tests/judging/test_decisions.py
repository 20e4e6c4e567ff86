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
    with pytest.raises(ValidationError):
        finalise_prize(prize=prize, application=apps["A"], by=judge, data={})
    assert finalise_prize(prize=prize, application=apps["A"], by=staff, data={}).decided_by == staff


def test_finalise_refuses_more_winners_than_the_prize_has(scored, chair):
    _round, _category, apps, _judges, prize = scored
    finalise_prize(prize=prize, application=apps["A"], by=chair, data={})
    with pytest.raises(ValidationError):
        finalise_prize(prize=prize, application=apps["B"], by=chair, data={})
    with pytest.raises(ValidationError):
        finalise_prize(prize=prize, application=apps["A"], by=chair, data={})


def test_finalise_refuses_an_application_of_another_category(scored, chair):
    round, _category, apps, _judges, _prize = scored
    other = PrizeFactory(cycle=round.cycle)
    with pytest.raises(ValidationError):
        finalise_prize(prize=other, application=apps["A"], by=chair, data={})


def test_results_are_announced_at_the_milestone_never_before(scored):
    round, *_rest = scored
    milestone = MilestoneFactory(cycle=round.cycle, kind="results")
    assert announced(round.cycle, at=milestone.starts_at) is True
    assert announced(round.cycle, at=milestone.starts_at - timedelta(seconds=1)) is False
