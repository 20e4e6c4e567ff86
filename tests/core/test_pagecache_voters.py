"""A verified voter's pages made from everyone's cached copy (core.pagecache.everyones_copy and
with_personal_part): only the region that is theirs (their vote form, their vote, their messages) is
rendered for them, and nothing of theirs enters the copy kept for everyone."""

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core import pagecache
from tests.factories import VoteFactory, VoterFactory
from voting import passes

# The state reset around each test (autouse) and the helpers of the page cache's tests.
from .test_pagecache import _form_value, _fresh_state, _voter_client, edition_in_its_vote, queries_of  # noqa: F401


@pytest.fixture
def world(db):
    return edition_in_its_vote()


def test_a_verified_voter_gets_everyones_copy_with_a_vote_form_of_their_own(world, client):
    url = f"/vote/{world['cycle'].slug}/{world['winner'].pk}/"
    everyones = client.get(url).content.decode()
    voter = VoterFactory()
    browser = Client()
    browser.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)

    read, response = queries_of(browser, url)
    mine = response.content.decode()

    # The page around the vote form is everyone's copy: only the form's region is rendered, with one
    # query (the voter's own vote).
    assert [t.name for t in response.templates][0] == "voting/_vote_box.html"
    assert "voting/finalist.html" not in [t.name for t in response.templates] and read == 1
    start, end = everyones.index("<!--personal-->"), everyones.index("<!--/personal-->")
    assert mine.startswith(everyones[:start]) and mine.endswith(everyones[end + len("<!--/personal-->") :])
    assert 'data-testid="vote-button"' in mine and 'data-testid="verify-to-vote"' not in mine
    assert _form_value(mine, "csrfmiddlewaretoken") and "csrftoken" in response.cookies
    request = RequestFactory().post(url)
    request.COOKIES[passes.PASS_COOKIE] = browser.cookies[passes.PASS_COOKIE].value
    assert passes.stamp_is_human(request, _form_value(mine, "stamp"))
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    # Everyone else still gets the copy without a form, a token or a stamp.
    again = Client().get(url).content.decode()
    assert again == everyones and "csrfmiddlewaretoken" not in again and 'name="stamp"' not in again


def test_a_verified_voters_page_leaves_everyone_a_copy_without_their_form_or_their_vote(world):
    url = f"/vote/{world['cycle'].slug}/{world['winner'].pk}/"
    voter = VoterFactory()
    VoteFactory(voter=voter, application=world["other"])
    browser = Client()
    browser.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)

    mine = browser.get(url).content.decode()
    served, response = queries_of(Client(), url)
    everyones = response.content.decode()

    assert 'data-testid="voted-for"' in mine and world["other"].title_th in mine
    # The anonymous visitor is served the copy the voter's request left (nothing rendered, nothing read).
    assert response.templates == [] and served == 0
    assert 'data-testid="voted-for"' not in everyones and 'data-testid="verify-to-vote"' in everyones
    assert "csrfmiddlewaretoken" not in everyones and 'name="stamp"' not in everyones


@pytest.mark.parametrize(
    "content",
    [
        b"<p>no region</p>",
        b"<!--personal-->a<!--/personal--><!--personal-->b<!--/personal-->",
        b"<!--/personal-->x<!--personal-->",
    ],
)
def test_a_page_without_exactly_one_personal_region_is_not_spliced(content):
    assert pagecache.with_personal_part(HttpResponse(content), "<form></form>") is None


def test_the_personal_region_is_replaced_and_the_length_follows():
    response = HttpResponse("<main>หน้า<!--personal--><a>ยืนยันตัวตน</a><!--/personal--></main>")
    response["Content-Length"] = str(len(response.content))

    spliced = pagecache.with_personal_part(response, "<form>ลงคะแนน</form>")

    assert spliced.content.decode() == "<main>หน้า<form>ลงคะแนน</form></main>"
    assert spliced["Content-Length"] == str(len(spliced.content))


def _with_message(client: Client, text: str) -> Client:
    """``client`` carrying one message in Django's messages cookie, as after a verification."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage

    client.cookies[CookieStorage.cookie_name] = CookieStorage(RequestFactory().get("/"))._encode(
        [Message(constants.SUCCESS, text)]
    )
    return client


def test_a_voters_message_is_shown_once_in_everyones_copy_and_never_kept_in_it(world):
    url = f"/vote/{world['cycle'].slug}/{world['winner'].pk}/"
    first = _with_message(_voter_client(), "ยืนยันอีเมลของคุณแล้ว")

    response = first.get(url)
    mine = response.content.decode()
    assert "ยืนยันอีเมลของคุณแล้ว" in mine and 'data-testid="vote-button"' in mine
    # Shown once: the response takes the message's cookie away.
    assert response.cookies["messages"].value == "" and response.cookies["messages"]["max-age"] == 0

    # The copy kept for everyone, rendered during that request, holds neither the message nor the form.
    served = Client().get(url)
    assert served.templates == []
    assert "ยืนยันอีเมลของคุณแล้ว" not in served.content.decode() and 'name="stamp"' not in served.content.decode()

    # A second voter with a message of their own gets it inside the kept copy: nothing else is rendered.
    second = _with_message(_voter_client(), "ยืนยันเบอร์โทรศัพท์ของคุณแล้ว").get(url)
    theirs = second.content.decode()
    assert "ยืนยันเบอร์โทรศัพท์ของคุณแล้ว" in theirs and "ยืนยันอีเมลของคุณแล้ว" not in theirs
    assert "voting/finalist.html" not in [t.name for t in second.templates]
    assert {"_messages.html", "voting/_vote_box.html"} <= {t.name for t in second.templates}


def test_a_voter_with_a_session_gets_the_whole_page(world, applicant):
    url = f"/vote/{world['cycle'].slug}/{world['winner'].pk}/"
    Client().get(url)
    browser = _voter_client()
    browser.force_login(applicant)

    response = browser.get(url)

    assert "voting/finalist.html" in [t.name for t in response.templates]
    assert 'data-testid="vote-button"' in response.content.decode()


def test_a_voter_who_voted_gets_everyones_gallery_with_their_vote_named(world, client):
    url = f"/vote/{world['cycle'].slug}/"
    everyones = client.get(url).content.decode()
    voter = VoterFactory()
    VoteFactory(voter=voter, application=world["other"])
    browser = Client()
    browser.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk)

    read, response = queries_of(browser, url)
    mine = response.content.decode()

    # Only the region naming their vote is rendered for them, with two queries (the poll, and their
    # vote with its finalist in one); the cards are everyone's copy.
    assert [t.name for t in response.templates] == ["voting/_voted_for.html"] and read == 2
    assert 'data-testid="voted-for"' in mine and world["other"].title_th in mine
    start, end = everyones.index("<!--personal-->"), everyones.index("<!--/personal-->")
    assert mine.startswith(everyones[:start]) and mine.endswith(everyones[end + len("<!--/personal-->") :])
    assert "private" in response["Cache-Control"]
    assert 'data-testid="voted-for"' not in Client().get(url).content.decode()
