"""A voter's receipt: a code that names their vote and that nobody else can make up.

The receipt is the vote's number in the ledger and a tag, ``18342-K7Q2MZ4T9X``: the tag is the first
50 bits of an HMAC of the number keyed with ``VOTE_HASH_KEY``, so the receipt of another vote cannot
be guessed from one's own (about 10¹⁵ tags per number). Nothing is stored: the thank-you page works
out the receipt of the voter's last vote, and the lookup on the integrity page checks the tag and
reads that one vote. A receipt tells its holder whether the vote was counted (or voided, and why),
never whom it was for nor anything about another vote.
"""

import base64
import hmac
import re

from django.conf import settings

from core.hashing import keyed_hash

TAG_LENGTH = 10
RECEIPT = re.compile(r"^\s*(\d{1,12})\s*-\s*([A-Z2-7]{10})\s*$")


def _tag(vote_pk: int) -> str:
    digest = bytes.fromhex(keyed_hash(str(vote_pk), key=settings.VOTE_HASH_KEY, purpose="vote-receipt"))
    return base64.b32encode(digest).decode()[:TAG_LENGTH]


def receipt_for(vote_pk: int) -> str:
    return f"{vote_pk}-{_tag(vote_pk)}"


def vote_pk_from(receipt: str) -> int | None:
    """The vote a receipt names, or None when it is not a receipt this platform gave (typed wrong)."""
    match = RECEIPT.match((receipt or "").upper())
    if not match:
        return None
    vote_pk = int(match.group(1))
    return vote_pk if hmac.compare_digest(_tag(vote_pk), match.group(2)) else None
