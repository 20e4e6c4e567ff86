"""PostgreSQL: a voter verified by SMS sends 20 votes at once through the vote's page (each thread its
own client and connection): exactly one counts. With "the same proof for everyone" (SMS only), the
same person's e-mail pass racing beside it counts for nothing."""

import pytest
from django.test import Client

from tests.factories import FinalistFactory, PollFactory, VoterFactory
from tests.voting.conftest import vote_form
from tests.voting.sms_peer import code_in, latest_sms
from tests.voting.test_concurrency import _race
from voting import passes
from voting.models import Vote
from voting.services.codes import confirm_code
from voting.services.sms_codes import request_sms_code

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _phone_voter():
    # transaction=True: the challenge commits at once and its SMS is written by the (eager) task.
    challenge = request_sms_code(phone="0891234567", language="en", consent=True, ip="203.0.113.5")
    return confirm_code(challenge_id=challenge.pk, code=code_in(latest_sms("+66891234567")))


def _posting(poll, finalist, voter_pass: str):
    def job():
        client = Client()
        client.cookies[passes.PASS_COOKIE] = voter_pass
        url = f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/"
        return client.post(url, vote_form(client), HTTP_ACCEPT="application/json").status_code

    return job


def test_twenty_votes_at_once_by_one_phone_verified_voter_count_once():
    poll = PollFactory(proofs=["sms"], same_proof_for_everyone=True)
    finalist = FinalistFactory(cycle=poll.cycle)
    voter = _phone_voter()
    token = passes.issue_pass(voter.pk, "sms")

    statuses = _race([_posting(poll, finalist, token) for _n in range(20)])

    assert sorted(statuses) == [201] + [409] * 19
    assert list(Vote.objects.values_list("voter_id", flat=True)) == [voter.pk]


def test_switching_proof_does_not_give_a_second_vote_when_the_proof_is_the_same_for_everyone():
    poll = PollFactory(proofs=["sms"], same_proof_for_everyone=True)
    finalist = FinalistFactory(cycle=poll.cycle)
    by_phone = _phone_voter()
    by_email = VoterFactory(kind="email")
    phone_pass, email_pass = passes.issue_pass(by_phone.pk, "sms"), passes.issue_pass(by_email.pk, "email")

    statuses = _race([_posting(poll, finalist, phone_pass), _posting(poll, finalist, email_pass)] * 5)

    assert sorted(statuses) == [201] + [403] * 5 + [409] * 4
    assert list(Vote.objects.values_list("voter__kind", flat=True)) == ["sms"]
