import json

import pytest
from django.urls import reverse

from accounts.models import User
from awards.models import Category
from judging.models import Decision, Round
from judging.ranking import leaderboard_detail

pytestmark = pytest.mark.django_db


def test_demo_results_edition_has_leaderboards_the_chair_can_finalise(login_as, demo):
    round = Round.objects.get(cycle__slug="demo-results")
    mobility = Category.objects.get(cycle=round.cycle, slug="smart-mobility")
    board = leaderboard_detail(round, mobility)
    assert (len(board.rows), board.icc_model, len(board.icc)) == (5, "two-way", 6)
    environment = leaderboard_detail(round, Category.objects.get(cycle=round.cycle, slug="smart-environment"))
    assert (len(environment.rows), environment.icc_model) == (3, "one-way")

    client = login_as(User.objects.get(email="chair@example.com"))
    page = client.get(reverse("judging:leaderboard", args=[round.pk, mobility.code]))
    assert board.rows[0].reference in page.content.decode()
    prize = mobility.prizes.get()
    # The panel discussed the leading projects; the chair wrote a public summary of the first.
    leader = round.cycle.applications.get(pk=board.rows[0].application_id)
    discussion = client.get(reverse("judging:discussion", args=[round.pk, leader.pk])).content.decode()
    assert discussion.count('data-testid="message"') == 3 and 'data-testid="summary"' in discussion
    chosen = {"prize": prize.pk, "application": leader.pk}
    client.post(reverse("judging:finalise", args=[round.pk, mobility.code]), chosen)
    assert not Decision.objects.filter(prize=prize).exists()  # the confirmation step first
    client.post(reverse("judging:finalise", args=[round.pk, mobility.code]), {**chosen, "confirm": "", "reason": "ดี"})
    decision = Decision.objects.get(prize=prize)
    assert decision.application_id == leader.pk and decision.deliberation_sha256
    public = json.loads(decision.data)["deliberation"]
    assert public["sha256"] == decision.deliberation_sha256 and public["summary"].startswith("คณะกรรมการเห็นพ้อง")
