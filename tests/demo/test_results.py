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


def test_demo_results_edition_has_released_feedback_for_its_judged_applications(demo, login_as):
    from awards.enums import MilestoneKind
    from demo.results import UNRELEASED
    from judging.feedback import feedback_open, judged_application_ids
    from judging.models import FeedbackDocument, ReleasedComment
    from judging.services.feedback import request_due_feedback

    round = Round.objects.get(cycle__slug="demo-results")
    judged = judged_application_ids(round.cycle)

    assert round.cycle.milestones.filter(kind=MilestoneKind.FEEDBACK).exists() and feedback_open(round.cycle)
    assert len(judged) == 8
    # The seeding asks for no PDF; beat's sweep asks for every judged application's, in both
    # languages (the worker renders them once the sweep commits: never here, rolled back).
    assert not FeedbackDocument.objects.exists()
    assert request_due_feedback() == 16
    pairs = set(FeedbackDocument.objects.values_list("application_id", "language"))
    assert pairs == {(pk, language) for pk in judged for language in ("th", "en")}
    texts = set(ReleasedComment.objects.filter(round=round).values_list("text", flat=True))
    assert len(texts) == 9 and UNRELEASED not in texts
    applicant = User.objects.get(email="applicant1@example.com")
    page = login_as(applicant).get(reverse("my_feedback")).content.decode()
    mine = round.cycle.applications.filter(organisation=applicant.membership.organisation)
    # Not rendered yet in this test (no worker): each of the four says it is being prepared.
    assert page.count("กำลังจัดทำผลการประเมิน") == mine.count() == 4


def test_demo_results_editions_projects_that_consented_are_in_the_showcase_as_entrants(demo, client):
    from demo.results import PROJECTS

    page = client.get("/solutions/", {"award": "entrant"}).content.decode()

    consented, declined = [title for _c, title, _q in PROJECTS[:-1]], PROJECTS[-1][1]
    assert all(title in page for title in consented)
    assert declined not in page
