"""The proof-of-work challenge of the Popular Vote (ALTCHA, self-hosted): shown only to a network that
sends more than VOTE_CHALLENGE_AFTER code requests and votes in 10 minutes (voting/escalation.py).

The browser fetches a challenge from us (``new_challenge``), its widget (static/vendor/altcha/)
finds the answer in a web worker and puts it in the form's ``altcha`` field; ``check_solution``
verifies it. A challenge is signed with our own key (VOTE_CHALLENGE_HMAC_KEY) and carries its expiry,
so nothing is stored when one is issued; a solved one is single-use: its nonce is kept in the cache
(Redis in production) until the challenge would have expired. Nothing about the person is kept, and
no third party is asked anything.
"""

import hashlib
import logging
import time

import altcha
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

ALGORITHM = "PBKDF2/SHA-256"
FIELD = "altcha"


class ChallengeRefused(Exception):
    """The challenge's answer is missing, wrong, expired or already used; ``str()`` says what to do."""


def _key() -> str:
    # A key of its own purpose, derived from the setting (SECRET_KEY unless set apart).
    return hashlib.sha256(f"voting.altcha:{settings.VOTE_CHALLENGE_HMAC_KEY}".encode()).hexdigest()


def new_challenge() -> dict:
    """A fresh challenge as the widget reads it (JSON), valid VOTE_CHALLENGE_MINUTES."""
    expires_at = int(time.time()) + settings.VOTE_CHALLENGE_MINUTES * 60
    challenge = altcha.create_challenge(
        ALGORITHM, settings.VOTE_CHALLENGE_COST, expires_at=expires_at, hmac_secret=_key()
    )
    return challenge.to_dict()


def check_solution(payload: str) -> None:
    """Accept a solved challenge once; raise ChallengeRefused otherwise."""
    if not payload:
        raise ChallengeRefused(
            _("Please wait until the check that you are a person has finished (a few seconds), then send again.")
        )
    result = altcha.verify_solution(payload, _key())
    if result.expired:
        raise ChallengeRefused(
            _("The check that you are a person has expired. A new one has started: send again once it has finished.")
        )
    if not result.verified:
        raise ChallengeRefused(_("The check that you are a person did not pass. Reload the page and try again."))
    parameters = altcha.Payload.from_base64(payload).challenge.parameters
    if not _first_use(parameters.nonce, parameters.expires_at):
        raise ChallengeRefused(
            _("This check has already been used. A new one has started: send again once it has finished.")
        )


def _first_use(nonce: str, expires_at: int | None) -> bool:
    """Record the nonce until its challenge expires; False when it was recorded already. The cache is
    a guard, never a gate: when it does not answer, the answer is accepted (and a warning logged)."""
    lifetime = max(1, int((expires_at or time.time()) - time.time()) + 1)
    try:
        return cache.add(f"vote:altcha:used:{nonce}", 1, lifetime)
    except Exception as error:  # noqa: BLE001 - Redis down: allow, as voting/ratelimit.py does
        logger.warning("The cache did not answer (%s): a challenge's answer was accepted unchecked for reuse", error)
        return True
