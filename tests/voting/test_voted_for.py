"""After voting, every finalist page says whom the voter voted for (from their pass and the ledger,
never from a page cached for someone else); counts say how often they refresh; share links."""

import pytest

from tests.factories import FinalistFactory, VoteFactory
from voting.enums import VotePeriod
from voting.views import short_code

from .conftest import verified, vote_form

pytestmark = pytest.mark.django_db


def _url(poll, pk=None, name=""):
    return f"/en/vote/{poll.cycle.slug}/" + (f"{pk}/" if pk else "") + (f"{name}/" if name else "")


def test_after_voting_another_finalist_page_says_whom_i_voted_for(client, poll, finalist, voter):
    other = FinalistFactory(cycle=poll.cycle, title_th="ตลาดดิจิทัล")
    verified(client, voter)

    client.post(_url(poll, finalist.pk, "vote"), vote_form(client))
    page = client.get(_url(poll, other.pk))
    html = page.content.decode()

    assert 'data-testid="voted-for"' in html
    assert f'You voted for <a href="/en/vote/{poll.cycle.slug}/{finalist.pk}/">รถแดงอัจฉริยะ</a>.' in html
    assert 'data-testid="vote-button"' not in html
    assert page["Cache-Control"] == "private, no-cache"
    assert page["Vary"] == "Cookie"


def test_the_voted_finalist_page_and_the_gallery_say_so(client, poll, finalist, voter):
    verified(client, voter)
    client.post(_url(poll, finalist.pk, "vote"), vote_form(client))

    own = client.get(_url(poll, finalist.pk)).content.decode()
    gallery = client.get(_url(poll)).content.decode()

    assert "You voted for this project." in own
    assert "You voted for <a" in gallery


def test_before_voting_nothing_is_said_and_the_button_is_there(client, poll, finalist, voter):
    html = verified(client, voter).get(_url(poll, finalist.pk)).content.decode()

    assert 'data-testid="voted-for"' not in html
    assert 'data-testid="vote-button"' in html


def test_another_voters_vote_is_not_mine(client, poll, finalist, voter):
    VoteFactory(application=finalist)

    html = verified(client, voter).get(_url(poll, finalist.pk)).content.decode()

    assert 'data-testid="voted-for"' not in html


def test_a_vote_a_day_yesterdays_vote_lets_me_vote_today(client, poll, finalist, voter):
    poll.period = VotePeriod.DAY
    poll.save()
    VoteFactory(application=finalist, voter=voter, period="2000-01-01")

    html = verified(client, voter).get(_url(poll, finalist.pk)).content.decode()

    assert 'data-testid="voted-for"' not in html
    assert 'data-testid="vote-button"' in html


def test_shown_counts_say_when_they_refresh(client, poll, finalist):
    poll.show_counts = True
    poll.save()

    html = client.get(_url(poll, finalist.pk)).content.decode()

    assert "Counts refresh every 30 seconds: a new vote shows within that time." in html


def test_share_links_are_plain_links_to_line_and_facebook(client, poll, finalist):
    html = client.get(_url(poll, finalist.pk)).content.decode()
    # The English page shares the English short link, which opens the page in English.
    short = f"http%3A%2F%2Ftestserver%2Fen%2Fv%2F{short_code(finalist.pk)}"

    assert f'href="https://social-plugins.line.me/lineit/share?url={short}' in html
    assert f'href="https://www.facebook.com/sharer/sharer.php?u={short}' in html
    assert 'data-copied-label="Copied"' in html
    assert "facebook.net" not in html and "<iframe" not in html
