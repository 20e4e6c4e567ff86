"""Settings of the Popular Vote bench only (bench/vote.py): the project's production settings with
the bench's URLconf, which adds the two comparison views. Production never loads this module, so
those views are not reachable there."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.vote_urls"

# Each SMS journey comes from a client address of its own, but 256 of them share a /24 network and
# they arrive by the hundred a minute: the per-network limit on SMS code requests (10 a minute in
# production) is raised here, and only here, or it would refuse nearly all of them. The per-number
# limits stay as in production: each bench voter asks for one code to a number of their own, so they
# are checked (the same queries) and never reached.
VOTE_SMS_RATE_PER_NETWORK = 1_000_000_000
# The bench's clients vote at once from addresses of a few hundred /24 networks: a person's pause
# before the vote (VOTE_MIN_SECONDS; the journey reads its stamp from the page just before voting) and
# the escalating checks (a challenge no script here solves) would refuse them. The requests are still
# counted for the escalation, so its cost is measured.
VOTE_MIN_SECONDS = 0
VOTE_CHALLENGE_AFTER = 10**9
VOTE_STRONG_PROOF_AFTER = 10**9
