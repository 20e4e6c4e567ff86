"""Bots meet escalating checks, people meet none (voting/escalation.py, voting/botcheck.py): a
scripted client from one network crosses the first threshold and must solve the proof-of-work
challenge, crosses the second and must prove who it is by SMS; a voter from another network meets
neither. The challenge's answers are found as the browser's widget finds them (the altcha library's
solver: the same protocol, no mock)."""

import base64
import json

import altcha
import pytest
from django.test import Client
from django.utils import translation

from tests.factories import VoterFactory
from voting import botcheck, escalation, passes, ratelimit
from voting.identity import phone_hash
from voting.models import Challenge, Poll, Vote

from .conftest import verified, vote_form
from .test_redis_fault import throwaway_redis  # noqa: F401 (a redis-server of the test's own)

BOT_NET = "203.0.113.{}"
PERSON = "198.51.100.7"


@pytest.fixture(autouse=True)
def _thresholds(settings):
    settings.VOTE_CHALLENGE_AFTER = 3
    settings.VOTE_STRONG_PROOF_AFTER = 6
    settings.VOTE_CHALLENGE_COST = 10


@pytest.fixture
def sms_poll(poll):
    Poll.objects.filter(pk=poll.pk).update(proofs=["email", "sms"])
    return poll


def solved(client, slug: str) -> str:
    """Fetch a challenge as the widget does and answer it: the ``altcha`` field of the form."""
    response = client.get(f"/vote/{slug}/challenge/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    challenge = altcha.Challenge.from_dict(json.loads(response.content))
    solution = altcha.solve_challenge(challenge)
    return altcha.Payload(challenge, solution).to_base64()


def _ask_code(client, slug, n, email, *, proof="email", **extra):
    field = {"phone": "081 234 5678"} if proof == "sms" else {"email": email}
    return client.post(
        f"/en/vote/{slug}/verify/?proof={proof}", {**field, "consent": "on", **extra}, REMOTE_ADDR=BOT_NET.format(n)
    )


def test_a_scripted_network_meets_the_challenge_then_must_prove_strongly_and_a_person_elsewhere_meets_neither(
    client, sms_poll
):
    slug = sms_poll.cycle.slug
    # Up to the first threshold: codes are sent, nothing is asked (addresses of one /24 count together).
    first = [_ask_code(client, slug, n, f"bot{n}@example.com").status_code for n in range(3)]
    challenge_page = client.get(f"/en/vote/{slug}/verify/", REMOTE_ADDR=BOT_NET.format(50)).content.decode()

    # Past it: a request without the challenge's answer is refused, with it the code is sent.
    refused = _ask_code(client, slug, 3, "bot3@example.com")
    answered = [
        _ask_code(client, slug, n, f"bot{n}@example.com", altcha=solved(client, slug)).status_code for n in (4, 5)
    ]

    # Past the second: e-mail is not enough even with the answer; SMS is offered and goes through.
    strong = _ask_code(client, slug, 6, "bot6@example.com", altcha=solved(client, slug))
    by_sms = _ask_code(client, slug, 7, "", proof="sms", altcha=solved(client, slug))

    # A person on another network sees neither.
    person_page = client.get(f"/en/vote/{slug}/verify/", REMOTE_ADDR=PERSON)
    person = client.post(
        f"/en/vote/{slug}/verify/", {"email": "person@example.com", "consent": "on"}, REMOTE_ADDR=PERSON
    )

    assert first == [302, 302, 302]
    assert "<altcha-widget" in challenge_page
    assert refused.status_code == 400
    assert "check that you are a person" in refused.content.decode()
    assert "<altcha-widget" in refused.content.decode()
    assert answered == [302, 302]
    assert strong.status_code == 400
    assert "an e-mail code is not enough" in strong.content.decode()
    assert 'data-testid="strong-proof-sms"' in strong.content.decode()
    assert by_sms.status_code == 302
    assert "<altcha-widget" not in person_page.content.decode()
    assert 'data-testid="strong-proof-needed"' not in person_page.content.decode()
    assert person.status_code == 302
    assert Challenge.objects.filter(email__startswith="bot").count() == 5
    assert Challenge.objects.filter(kind="sms").count() == 1


def test_votes_count_too_and_past_the_second_threshold_an_email_voter_is_sent_to_sms(client, sms_poll, finalist):
    slug = sms_poll.cycle.slug
    url = f"/en/vote/{slug}/{finalist.pk}/vote/"

    def vote(voter, n, proof="email", **extra):
        client.cookies.clear()
        client.cookies[passes.PASS_COOKIE] = passes.issue_pass(voter.pk, proof)
        return client.post(
            url, vote_form(client, **extra), HTTP_ACCEPT="application/json", REMOTE_ADDR=BOT_NET.format(n)
        )

    plain = [vote(VoterFactory(), n).status_code for n in range(3)]
    unanswered = vote(VoterFactory(), 3)
    answered = vote(VoterFactory(), 4, altcha=solved(client, slug))
    vote(VoterFactory(), 5, altcha=solved(client, slug))
    email_voter = VoterFactory()
    client.cookies.clear()
    verified(client, email_voter)
    shown = client.get(f"/en/vote/{slug}/{finalist.pk}/", REMOTE_ADDR=BOT_NET.format(60))
    page = shown.content.decode()
    by_email = vote(email_voter, 6, altcha=solved(client, slug))
    as_page = client.post(url, vote_form(client, altcha=solved(client, slug)), REMOTE_ADDR=BOT_NET.format(62))
    sms_voter = VoterFactory(kind="sms", email="", phone="+66812345678", identity_hash=phone_hash("+66812345678"))
    by_sms = vote(sms_voter, 7, proof="sms", altcha=solved(client, slug))

    assert plain == [201, 201, 201]
    assert (unanswered.status_code, unanswered.json()["status"]) == (403, "challenge")
    assert answered.status_code == 201
    assert 'data-testid="strong-proof-sms"' in page
    assert 'data-testid="vote-button"' not in page
    assert "private" in shown["Cache-Control"]  # a voter's page, never the shared cache's copy
    assert (by_email.status_code, by_email.json()["status"]) == (403, "strong_proof")
    assert "SMS" in by_email.json()["message"]
    assert as_page.status_code == 403
    assert as_page.content.decode().count(by_email.json()["message"][:40]) == 1
    assert 'data-testid="strong-proof-sms"' in as_page.content.decode()
    assert by_sms.status_code == 201
    assert Vote.objects.count() == 6
    # The public page (no pass) stays the same for everyone, so the shared cache may keep it.
    public = Client().get(f"/en/vote/{slug}/{finalist.pk}/", REMOTE_ADDR=BOT_NET.format(61)).content.decode()
    assert "<altcha-widget" not in public
    assert 'data-testid="strong-proof-needed"' not in public


def test_without_a_strong_proof_on_offer_voting_from_the_network_is_paused_and_says_until_when(client, poll):
    slug = poll.cycle.slug
    for n in range(3):
        _ask_code(client, slug, n, f"bot{n}@example.com")
    for n in (3, 4, 5):
        _ask_code(client, slug, n, f"bot{n}@example.com", altcha=solved(client, slug))

    page = client.get(f"/en/vote/{slug}/verify/", REMOTE_ADDR=BOT_NET.format(9)).content.decode()

    assert "Voting from your network is paused for a while" in page
    assert "try again after" in page
    assert 'name="email"' not in page


def test_a_wrong_an_expired_and_a_replayed_answer_are_refused_with_the_reason(client, poll, settings):
    slug = poll.cycle.slug
    good = solved(client, slug)
    payload = json.loads(base64.b64decode(good))
    payload["solution"]["counter"] += 1
    wrong = base64.b64encode(json.dumps(payload).encode()).decode()
    settings.VOTE_CHALLENGE_MINUTES = 0
    expired = solved(client, slug)

    botcheck.check_solution(good)
    refusals = {}
    for name, answer in {"missing": "", "wrong": wrong, "expired": expired, "replayed": good}.items():
        with pytest.raises(botcheck.ChallengeRefused) as refusal, translation.override("en"):
            botcheck.check_solution(answer)
        refusals[name] = str(refusal.value)

    assert "wait until the check" in refusals["missing"]
    assert "did not pass" in refusals["wrong"]
    assert "has expired" in refusals["expired"]
    assert "already been used" in refusals["replayed"]


@pytest.mark.parametrize(
    ("language", "prefix", "words"),
    [("en", "/en", "check that you are a person did not pass"), ("th", "", "การตรวจว่าเป็นคน")],
)
def test_a_refused_answer_says_why_in_the_page_language_and_keeps_the_typed_address(
    client, poll, language, prefix, words
):
    slug = poll.cycle.slug
    for n in range(3):
        _ask_code(client, slug, n, f"bot{n}@example.com")

    with translation.override(language):
        page = client.post(
            f"{prefix}/vote/{slug}/verify/",
            {"email": "typed.by.hand@example.com", "consent": "on", "altcha": "bm90IGFuIGFuc3dlcg=="},
            REMOTE_ADDR=BOT_NET.format(3),
        )

    assert page.status_code == 400
    assert words in page.content.decode()
    assert 'value="typed.by.hand@example.com"' in page.content.decode()
    assert "<altcha-widget" in page.content.decode()


def test_the_thresholds_are_absolute_counts_and_zero_turns_a_step_off(settings):
    settings.VOTE_CHALLENGE_AFTER, settings.VOTE_STRONG_PROOF_AFTER = 40, 200
    levels = [escalation.check_at(n) for n in (40, 41, 200, 201)]
    settings.VOTE_CHALLENGE_AFTER = 0
    without_challenge = escalation.check_at(41)

    assert levels == [
        escalation.Check.NONE,
        escalation.Check.CHALLENGE,
        escalation.Check.CHALLENGE,
        escalation.Check.STRONG_PROOF,
    ]
    assert without_challenge == escalation.Check.NONE


@pytest.mark.redis
def test_in_redis_the_counts_and_used_answers_are_shared_and_a_dead_redis_asks_nothing(
    client, poll, finalist, monkeypatch, request
):
    state, _start, stop, _url = request.getfixturevalue("throwaway_redis")
    monkeypatch.setattr(ratelimit, "BACKOFF_SECONDS", 60)
    slug = poll.cycle.slug
    first = [_ask_code(client, slug, n, f"bot{n}@example.com").status_code for n in range(3)]
    answer = solved(client, slug)
    answered = _ask_code(client, slug, 3, "bot3@example.com", altcha=answer)
    replayed = _ask_code(client, slug, 4, "bot4@example.com", altcha=answer)
    counted = ratelimit.recent_total(escalation.COUNTED, "203.0.113.0/24", minutes=escalation.MINUTES)

    stop(state["process"])
    unchecked = _ask_code(client, slug, 5, "bot5@example.com")

    assert first == [302, 302, 302]
    assert answered.status_code == 302
    assert replayed.status_code == 400
    assert "already been used" in replayed.content.decode()
    assert counted == 5
    assert unchecked.status_code == 302


def test_a_refused_answer_keeps_the_typed_mobile_number_too(client, sms_poll):
    slug = sms_poll.cycle.slug
    for n in range(3):
        _ask_code(client, slug, n, f"bot{n}@example.com")

    page = _ask_code(client, slug, 3, "", proof="sms", altcha="")

    assert page.status_code == 400
    assert "wait until the check that you are a person has finished" in page.content.decode()
    assert 'value="081 234 5678"' in page.content.decode()
    assert not Challenge.objects.filter(kind="sms").exists()
