"""Personal data the vote no longer needs: voters' e-mail addresses and mobile numbers after the
close plus the retention period, and used or expired one-time codes (their rows hold them too).
Voters verified through LINE or ThaiD hold nothing plain: only the keyed hash of the subject."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ..models import Challenge, Poll, Vote, Voter

logger = logging.getLogger(__name__)
CHALLENGE_DAYS = 2
# A voter still holding something in plain: an e-mail address or a mobile number.
PLAIN = ~Q(email="") | ~Q(phone="")


def purge_personal_data(*, now=None) -> dict:
    """Blank the addresses and numbers of voters whose every poll is past its retention, and of
    verified people who never voted; delete old codes. Idempotent: a second run finds nothing to do."""
    now = now or timezone.now()
    due = _polls_due(now)
    blanked = 0
    for poll in due:
        pending = Vote.objects.filter(cycle__poll__emails_purged_at__isnull=True).exclude(cycle__poll__in=due)
        voters = Voter.objects.filter(PLAIN, votes__cycle=poll.cycle).exclude(votes__in=pending)
        blanked += Voter.objects.filter(pk__in=voters.values("pk")).update(email="", phone="")
        Poll.objects.filter(pk=poll.pk).update(emails_purged_at=now)
    idle = Voter.objects.filter(
        PLAIN, votes__isnull=True, created_at__lt=now - timedelta(days=settings.VOTE_IDLE_VOTER_DAYS)
    )
    blanked += Voter.objects.filter(pk__in=idle.values("pk")).update(email="", phone="")
    codes, _detail = Challenge.objects.filter(created_at__lt=now - timedelta(days=CHALLENGE_DAYS)).delete()
    logger.info("purged %s voter addresses and %s codes from %s polls", blanked, codes, len(due))
    return {"polls": len(due), "addresses": blanked, "codes": codes}


def _polls_due(now) -> list[Poll]:
    candidates = Poll.objects.filter(emails_purged_at__isnull=True, closes_at__lte=now).select_related("cycle")
    return [poll for poll in candidates if poll.closes_at + timedelta(days=poll.retention_days) <= now]
