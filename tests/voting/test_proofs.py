"""Which proofs a Popular Vote accepts, set by staff per poll: e-mail only by default; a voter
verified one way cannot vote where that proof is not accepted; "the same proof for everyone" means
exactly one accepted proof, so a person cannot vote twice by proving who they are a second way."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import PollFactory, VoterFactory
from tests.voting.conftest import vote_form
from voting import passes
from voting.models import Poll, Vote
from voting.selectors import poll_snapshot
from voting.services.votes import VoteRefused, cast_vote

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_new_poll_accepts_the_e_mail_code_only(poll):
    assert poll.proofs == ["email"]
    assert not poll.same_proof_for_everyone
    assert poll.accepts("email")
    assert not poll.accepts("sms")


@pytest.mark.parametrize(
    ("proofs", "same", "valid"),
    [
        ([], False, False),
        (["email", "fax"], False, False),
        (["email", "sms", "line", "thaid"], False, True),
        (["sms"], True, True),
        (["email", "sms"], True, False),
    ],
)
def test_a_poll_accepts_at_least_one_known_proof_and_exactly_one_when_the_same_for_everyone(proofs, same, valid):
    poll = PollFactory.build(cycle=PollFactory().cycle, proofs=proofs, same_proof_for_everyone=same)
    if valid:
        poll.clean()
    else:
        with pytest.raises(ValidationError) as refused:
            poll.clean()
        assert "proofs" in refused.value.message_dict


def test_staff_choose_the_proofs_in_admin(login_as, staff, poll):
    url = reverse("admin:voting_poll_change", args=[poll.pk])
    page = login_as(staff).get(url)
    assert b'type="checkbox" name="proofs" value="thaid"' in page.content
    form = {
        "cycle": poll.cycle.pk,
        "opens_at_0": poll.opens_at.strftime("%Y-%m-%d"),
        "opens_at_1": "00:00:00",
        "closes_at_0": poll.closes_at.strftime("%Y-%m-%d"),
        "closes_at_1": "23:00:00",
        "period": "cycle",
        "retention_days": 30,
        "proofs": ["sms", "thaid"],
    }

    refused = login_as(staff).post(url, {**form, "same_proof_for_everyone": "on"})
    saved = login_as(staff).post(url, form)

    assert refused.status_code == 200
    assert "exactly one" in refused.content.decode()
    assert saved.status_code == 302, saved.content.decode()[:2000]
    assert Poll.objects.get(pk=poll.pk).proofs == ["sms", "thaid"]


def test_a_vote_by_a_proof_the_poll_does_not_accept_is_refused(poll, finalist):
    Poll.objects.filter(pk=poll.pk).update(proofs=["sms"], same_proof_for_everyone=True)
    snapshot = poll_snapshot(poll.cycle.slug)
    voter = VoterFactory()

    with pytest.raises(VoteRefused) as refusal:
        cast_vote(poll=snapshot.poll, finalist_ids=snapshot.finalist_ids, voter_id=voter.pk, application_id=finalist.pk)

    assert refusal.value.code == "wrong_proof"
    assert "SMS code" in str(refusal.value)
    assert Vote.objects.count() == 0


def test_with_the_same_proof_for_everyone_an_e_mail_voter_cannot_also_vote_by_sms(client, poll, finalist):
    """The rule: a poll with "the same proof for everyone" accepts exactly one proof (here SMS). A
    person who verified an e-mail address (their pass says "email") is asked to verify by SMS, and a
    vote sent with the e-mail pass is refused; their one vote is the one of their telephone."""
    Poll.objects.filter(pk=poll.pk).update(proofs=["sms"], same_proof_for_everyone=True)
    email_voter = VoterFactory(kind="email")
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(email_voter.pk, "email")

    page = client.get(f"/vote/{poll.cycle.slug}/{finalist.pk}/")
    refused = client.post(
        f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json"
    )

    assert 'data-testid="verify-to-vote"' in page.content.decode()
    assert 'data-testid="vote-button"' not in page.content.decode()
    assert refused.status_code == 403
    assert refused.json()["status"] == "wrong_proof"

    # Act: the same person verified by SMS votes once.
    sms_voter = VoterFactory(kind="sms")
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(sms_voter.pk, "sms")
    counted = client.post(
        f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json"
    )

    assert counted.status_code == 201
    assert list(Vote.objects.values_list("voter__kind", flat=True)) == ["sms"]


def test_a_pass_cannot_be_rewritten_to_claim_another_proof(client, poll, finalist):
    Poll.objects.filter(pk=poll.pk).update(proofs=["sms"])
    voter = VoterFactory()
    token = passes.issue_pass(voter.pk, "email")
    client.cookies[passes.PASS_COOKIE] = token.replace(":email:", ":sms:", 1)

    refused = client.post(
        f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json"
    )

    assert refused.json()["status"] == "not_verified"


@pytest.fixture
def only_sms_set_up(settings):
    """An SMS gateway, but no LINE or ThaiD client on this site."""
    settings.SMS = {**settings.SMS, "BACKEND": "file"}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}


def test_the_wrong_proof_message_names_only_the_accepted_proofs_set_up_here(client, poll, finalist, only_sms_set_up):
    Poll.objects.filter(pk=poll.pk).update(proofs=["sms", "line", "thaid"])
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(VoterFactory(kind="email").pk, "email")

    url = f"/en/vote/{poll.cycle.slug}/{finalist.pk}/vote/"
    refused = client.post(url, vote_form(client), HTTP_ACCEPT="application/json")

    assert refused.status_code == 403
    assert refused.json()["status"] == "wrong_proof"
    message = refused.json()["message"]
    assert "SMS code" in message
    assert "LINE" not in message and "ThaiD" not in message


def test_the_wrong_proof_message_names_a_provider_once_it_is_set_up(poll, finalist, settings, only_sms_set_up):
    line = {"provider_id": "line", "name": "LINE", "client_id": "awards-line", "secret": "s"}
    line["settings"] = {"server_url": "https://access.line.me", "scope": ["openid"]}
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": [line]}}
    Poll.objects.filter(pk=poll.pk).update(proofs=["line", "thaid"])
    snapshot = poll_snapshot(poll.cycle.slug)

    with pytest.raises(VoteRefused) as refusal:
        cast_vote(
            poll=snapshot.poll,
            finalist_ids=snapshot.finalist_ids,
            voter_id=VoterFactory().pk,
            application_id=finalist.pk,
        )

    assert "LINE Login" in str(refusal.value)
    assert "ThaiD" not in str(refusal.value)


def test_with_the_same_proof_for_everyone_not_set_up_the_message_says_none_works(
    client, poll, finalist, only_sms_set_up
):
    Poll.objects.filter(pk=poll.pk).update(proofs=["thaid"], same_proof_for_everyone=True)
    client.cookies[passes.PASS_COOKIE] = passes.issue_pass(VoterFactory(kind="email").pk, "email")

    url = f"/en/vote/{poll.cycle.slug}/{finalist.pk}/vote/"
    refused = client.post(url, vote_form(client), HTTP_ACCEPT="application/json")

    assert refused.status_code == 403
    assert "ThaiD" not in refused.json()["message"]
    assert "works at the moment" in refused.json()["message"]
    assert Vote.objects.count() == 0
