"""The dashboard's Popular Vote agrees with the public pages: an edition whose page announces the
Popular Vote award never reads "no Popular Vote"; a vote open to the public elsewhere is pointed to
from the live edition's dashboard; the panel says when the public may vote."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from awards.enums import MilestoneKind, PrizeKind
from backoffice.panels import dashboard
from tests.factories import (
    CycleFactory,
    DecisionFactory,
    FinalistFactory,
    MilestoneFactory,
    PollFactory,
    PrizeFactory,
)

pytestmark = pytest.mark.django_db

URL = "/en/admin/dashboard/"


def _vote_panel(cycle):
    """The panel as an English reader gets it (its lazy texts read in English)."""
    with translation.override("en"):
        panel = next(p for p in dashboard(cycle) if p.key == "vote")
        links = [(str(label), url) for label, url in panel.links]
        return replace(panel, empty=str(panel.empty), note=str(panel.note), links=links)


def _popular_vote_prize(cycle):
    return PrizeFactory(cycle=cycle, kind=PrizeKind.POPULAR_VOTE, category=None, name_en="Popular Vote Award")


def test_an_announced_popular_vote_without_its_poll_says_to_set_it_up():
    cycle = CycleFactory()
    _popular_vote_prize(cycle)

    panel = _vote_panel(cycle)

    assert panel.rows == []
    assert panel.empty.startswith("The edition's page announces the Popular Vote award, but its vote is not set up")
    assert panel.links == [("Set up the Popular Vote", f"/en/admin/voting/poll/add/?cycle={cycle.pk}")]


def test_an_edition_without_the_award_has_no_popular_vote():
    assert _vote_panel(CycleFactory()).empty == "This edition has no Popular Vote."


def test_a_winner_recorded_without_a_ledger_is_shown():
    prize = _popular_vote_prize(CycleFactory())
    winner = FinalistFactory(cycle=prize.cycle, title_th="ตู้แจ้งเหตุ", title_en="Emergency kiosk")
    DecisionFactory(prize=prize, application=winner)

    panel = _vote_panel(prize.cycle)

    assert [row[0] for row in panel.rows] == ["Emergency kiosk"]
    assert panel.note == "The winner was recorded without a vote on this site: there is no ledger to count."


def test_an_open_vote_says_until_when_and_links_the_gallery_and_review():
    poll = PollFactory()

    panel = _vote_panel(poll.cycle)

    assert panel.note.startswith("The vote is open to the public until ")
    assert [label for label, _url in panel.links] == ["The public gallery", "Review the votes"]
    assert panel.links[0][1] == f"/en/vote/{poll.cycle.slug}/"


def test_an_upcoming_vote_says_when_it_opens():
    poll = PollFactory(opens_at=timezone.now() + timedelta(days=2), closes_at=timezone.now() + timedelta(days=9))

    assert _vote_panel(poll.cycle).note.startswith("The vote opens on ")


def _in_its_voting_phase(cycle):
    now = timezone.now()
    MilestoneFactory(cycle=cycle, kind=MilestoneKind.SUBMISSION_DEADLINE, starts_at=now - timedelta(days=30))
    MilestoneFactory(
        cycle=cycle, kind=MilestoneKind.VOTING, starts_at=now - timedelta(days=1), ends_at=now + timedelta(days=7)
    )


def test_the_live_editions_dashboard_points_to_a_vote_open_elsewhere(login_as, staff):
    live = CycleFactory(year=2027, name_en="Live edition")
    voting = CycleFactory(year=2026, name_en="Voting edition")
    _in_its_voting_phase(voting)
    PollFactory(cycle=voting)

    response = login_as(staff).get(URL)

    html = response.content.decode()
    assert response.context["cycle"] == live
    assert response.context["votes_elsewhere"] == [voting]
    assert "The Popular Vote of Voting edition is open to the public now." in html
    assert f'href="?cycle={voting.slug}#panel-vote-title"' in html


def test_the_voting_editions_own_dashboard_has_no_pointer_to_itself(login_as, staff):
    voting = CycleFactory()
    _in_its_voting_phase(voting)
    PollFactory(cycle=voting)

    response = login_as(staff).get(URL, {"cycle": voting.slug})

    assert response.context["votes_elsewhere"] == []
    assert 'data-testid="vote-elsewhere"' not in response.content.decode()
