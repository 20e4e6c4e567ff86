"""Bots meet escalating checks, people meet none.

The requests that cost us or count (a code request by e-mail or SMS, a vote) are counted per network,
the /24 of an IPv4 address or the /48 of an IPv6 one (voting.identity.network_of; an address is
counted within its network, so its own count never passes a threshold its network has not), over
the last 10 minutes (voting.ratelimit.recent_total):

- up to VOTE_CHALLENGE_AFTER of them: nothing is asked;
- past it: each carries a solved proof-of-work challenge (voting/botcheck.py);
- past VOTE_STRONG_PROOF_AFTER: an e-mail proof is not enough either; SMS, LINE or ThaiD is, among
  those this site has set up and the poll accepts. When none of them is, voting from that network is
  paused until its count falls back.

Both thresholds are absolute numbers (0 turns a step off). A page that shows a form asks what the
next request would meet (``check_for(ip, count=False)``); only the request itself is counted.
"""

from collections.abc import Sequence
from datetime import timedelta
from enum import IntEnum

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.security import client_ip

from . import botcheck, passes, ratelimit, safecache
from .enums import VerifierKind
from .identity import network_of
from .proofs import offered_choices

MINUTES = 10
COUNTED = "escalate"
STRONG_PROOFS = frozenset({VerifierKind.SMS.value, VerifierKind.LINE.value, VerifierKind.THAID.value})


class Check(IntEnum):
    NONE = 0
    CHALLENGE = 1
    STRONG_PROOF = 2


def check_at(total: int) -> Check:
    """What the ``total``-th request of a network in 10 minutes meets."""
    strong, challenge = settings.VOTE_STRONG_PROOF_AFTER, settings.VOTE_CHALLENGE_AFTER
    if strong and total > strong:
        return Check.STRONG_PROOF
    if challenge and total > challenge:
        return Check.CHALLENGE
    return Check.NONE


def check_for(ip: str | None, *, count: bool) -> Check:
    """What this request meets (``count``: it is a counted request), or what the next one would."""
    if not (settings.VOTE_CHALLENGE_AFTER or settings.VOTE_STRONG_PROOF_AFTER):
        return Check.NONE
    total = ratelimit.recent_total(COUNTED, _counted_key(ip), minutes=MINUTES, add=1 if count else 0)
    return check_at(total if count else total + 1)


def count_many(ips: Sequence[str | None], cache_key: str) -> tuple[list[Check], object]:
    """``check_for(ip, count=True)`` of each request of ``ips`` (in their order, as if they had come
    one after the other) and the shared cache's value of ``cache_key`` (as ``safecache.get`` gives
    it), in one round trip to Redis where the two share it (``safecache.get_and_count_many``): the
    vote's group commit counts a whole batch of requests and reads the polls' version with them."""
    if not (settings.VOTE_CHALLENGE_AFTER or settings.VOTE_STRONG_PROOF_AFTER):
        return [Check.NONE] * len(ips), safecache.get(cache_key)
    counted = [_counted_key(ip) for ip in ips]
    value, totals = safecache.get_and_count_many(cache_key, name=COUNTED, counted=counted, minutes=MINUTES, add=1)
    return [check_at(total) for total in totals], value


def _counted_key(ip: str | None) -> str:
    return network_of(ip) or ip or "-"


def strong_choices(request, poll) -> list[tuple[str, str]]:
    """The strong proofs (SMS, LINE, ThaiD) this poll accepts and this site offers now."""
    return [(kind, label) for kind, label in offered_choices(request, poll) if kind in STRONG_PROOFS]


def strong_proof_message(choices: list[tuple[str, str]]) -> str:
    if choices:
        return _(
            "Unusually many requests have come from your network in the last few minutes, so an e-mail "
            "code is not enough here for now. Please prove who you are with %(ways)s instead."
        ) % {"ways": ", ".join(str(label) for _kind, label in choices)}
    until = timezone.localtime(timezone.now() + timedelta(minutes=MINUTES))
    return _(
        "Voting from your network is paused for a while because unusually many requests have come from "
        "it. Please try again after %(time)s."
    ) % {"time": formats.time_format(until, "H:i")}


def code_request_refusal(request, poll, proof: str, check: Check) -> str | None:
    """Why a code request meeting ``check`` is refused (a message), or None."""
    if check >= Check.STRONG_PROOF and proof not in STRONG_PROOFS:
        return strong_proof_message(strong_choices(request, poll))
    if check >= Check.CHALLENGE:
        try:
            botcheck.check_solution(request.POST.get(botcheck.FIELD, ""))
        except botcheck.ChallengeRefused as refusal:
            return str(refusal)
    return None


def vote_refusal(request, poll, proof: str, check: Check) -> tuple[str, str] | None:
    """Why a vote meeting ``check`` (it was counted: ``count_many``) is refused, as (code, message),
    or None."""
    if check >= Check.STRONG_PROOF and proof not in STRONG_PROOFS:
        choices = strong_choices(request, poll)
        return ("strong_proof" if choices else "paused"), strong_proof_message(choices)
    if check >= Check.CHALLENGE:
        try:
            botcheck.check_solution(request.POST.get(botcheck.FIELD, ""))
        except botcheck.ChallengeRefused as refusal:
            return "challenge", str(refusal)
    return None


def verify_page_checks(request, poll, proof: str, check: Check) -> dict:
    """What the verification page shows beyond the form: the strong proofs, when this proof is not."""
    if check >= Check.STRONG_PROOF and proof not in STRONG_PROOFS:
        choices = strong_choices(request, poll)
        return {"strong_choices": choices, "strong_notice": strong_proof_message(choices)}
    return {"strong_choices": [], "strong_notice": ""}


def vote_page_checks(request, poll) -> dict:
    """What the vote form of a verified voter shows: the challenge, or the strong proofs to choose."""
    check = check_for(client_ip(request), count=False)
    found = passes.pass_from(request)
    if check >= Check.STRONG_PROOF and (found is None or found[1] not in STRONG_PROOFS):
        choices = strong_choices(request, poll)
        return {"check": check, "strong_choices": choices, "strong_notice": strong_proof_message(choices)}
    return {"check": check, "strong_choices": [], "strong_notice": ""}
