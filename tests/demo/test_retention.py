"""The retention of applications on the demo: the results edition, once its retention has ended,
keeps only its winner, whose public results page still renders; the other editions are untouched."""

import hashlib
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from awards.enums import MilestoneKind
from awards.models import Category, Cycle
from judging.models import Assignment, Decision, DiscussionMessage, PanelSummary, Round
from judging.ranking import leaderboard_detail
from submissions.models import Application
from submissions.services.retention import purge_expired_applications

pytestmark = pytest.mark.django_db


def test_results_edition_past_its_retention_keeps_its_winner_and_its_results_page(login_as, demo):
    cycle = Cycle.objects.get(slug="demo-results")
    round = Round.objects.get(cycle=cycle)
    mobility = Category.objects.get(cycle=cycle, slug="smart-mobility")
    winner = Application.objects.get(pk=leaderboard_detail(round, mobility).rows[0].application_id)
    login_as(User.objects.get(email="chair@example.com")).post(
        reverse("judging:finalise", args=[round.pk, mobility.code]),
        {"prize": mobility.prizes.get().pk, "application": winner.pk, "confirm": "", "reason": "สูงสุด"},
    )
    decision = Decision.objects.get(application=winner)
    # The results were announced six years ago: the default five years have passed.
    cycle.milestones.filter(kind=MilestoneKind.RESULTS).update(starts_at=timezone.now() - timedelta(days=6 * 365))
    others = dict(Application.objects.exclude(cycle=cycle).values_list("pk", "title_th"))
    judged_elsewhere = Assignment.objects.exclude(round__cycle=cycle).count()

    result = purge_expired_applications()

    assert list(result) == ["demo-results"]
    assert list(Application.objects.filter(cycle=cycle).values_list("pk", flat=True)) == [winner.pk]
    assert Assignment.objects.filter(round__cycle=cycle).count() == 0
    # The panel's discussion and summary go too; the decision keeps the deliberation's SHA-256.
    assert not DiscussionMessage.objects.filter(round__cycle=cycle).exists()
    assert not PanelSummary.objects.filter(round__cycle=cycle).exists()
    assert not PanelSummary.history.filter(round_id=round.pk).exists()
    assert Decision.objects.get(pk=decision.pk).deliberation_sha256
    assert dict(Application.objects.exclude(cycle=cycle).values_list("pk", "title_th")) == others
    assert Assignment.objects.exclude(round__cycle=cycle).count() == judged_elsewhere
    visitor = Client()
    page = visitor.get(reverse("results:cycle", args=[cycle.slug])).content.decode()
    assert (winner.title_th in page, winner.organisation.name in page, decision.sha256 in page) == (True, True, True)
    frozen = visitor.get(reverse("results:decision_json", args=[cycle.slug, decision.pk])).content
    assert hashlib.sha256(frozen).hexdigest() == decision.sha256
