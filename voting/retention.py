"""What the Popular Vote removes when a cycle's retention ends (see submissions.retention): the vote
ledger of the cycle (votes with their IP addresses, voids), and the voters who voted in no other
cycle (their keyed e-mail hash). The poll stays with its frozen result (standings by project title,
the integrity report and its SHA-256): the results page reads it, and it names no person."""

from submissions.retention import Purge, keeper, purger

from .models import Poll, Vote, Voter, VoteVoid


@keeper
def popular_vote_winner(cycle):
    return Poll.objects.filter(cycle=cycle, winner__isnull=False).values_list("winner_id", flat=True)


@purger
def purge_votes(purge: Purge) -> None:
    votes = Vote.objects.filter(cycle=purge.cycle)
    purge.delete(VoteVoid.objects.filter(vote__cycle=purge.cycle))
    # The voters go before their votes, which still say who they are; the votes follow in the next
    # statement of the same transaction (foreign keys are checked at commit).
    elsewhere = Vote.objects.exclude(cycle=purge.cycle).values("voter_id")
    purge.delete(Voter.objects.filter(pk__in=votes.values("voter_id")).exclude(pk__in=elsewhere))
    purge.delete(votes)
