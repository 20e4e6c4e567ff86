from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import ChallengeFactory, FinalistFactory, PollFactory, VoteFactory, VoterFactory
from voting.models import Challenge, Poll, Voter
from voting.services.purge import purge_personal_data
from voting.tasks import purge_voter_emails

pytestmark = pytest.mark.django_db


def test_addresses_are_kept_until_close_plus_retention_then_blanked(poll, finalist):
    vote = VoteFactory(application=finalist)
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=29), retention_days=30
    )
    purge_personal_data()
    assert Voter.objects.get(pk=vote.voter_id).email != ""

    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(days=31))
    purge_voter_emails.delay()

    voter = Voter.objects.get(pk=vote.voter_id)
    assert voter.email == ""
    assert voter.identity_hash  # uniqueness survives the purge
    assert Poll.objects.get(pk=poll.pk).emails_purged_at is not None
    assert purge_personal_data()["addresses"] == 0


def test_a_voter_still_in_an_open_vote_keeps_the_address(poll, finalist):
    voter = VoterFactory()
    VoteFactory(application=finalist, voter=voter)
    VoteFactory(application=FinalistFactory(cycle=PollFactory().cycle), voter=voter)
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=50)
    )

    purge_personal_data()

    assert Voter.objects.get(pk=voter.pk).email != ""


def test_old_codes_are_deleted():
    ChallengeFactory(created_at=timezone.now() - timedelta(days=3), expires_at=timezone.now() - timedelta(days=3))

    assert purge_personal_data()["codes"] == 1
    assert Challenge.objects.count() == 0
