"""Three signed tokens of the voting pages (no server-side session needed anywhere in the voter's
journey):

- the code request, a cookie set when a code is sent: the challenge's id, valid as long as the code
  (VOTE_CODE_TTL_MINUTES), read by the page where the code is typed;
- the voter's pass, a cookie set after a verification: the voter's id and how they proved who they
  are (``12:sms``; a pass without the proof is an e-mail one), valid VOTE_PASS_MINUTES;
- the form stamp, a hidden field holding when the vote form was rendered and for whom: the voter's
  id and a digest of their pass (the pass is the session of the voter's journey, a new one at each
  verification). A form sent back faster than a person can (VOTE_MIN_SECONDS) is refused, as is a
  stamp older than a day or one rendered for another voter or another pass.

Both are Django's timestamped signatures over a plain string (no JSON, no base64 of it), with one
signer per purpose kept for the process: they are checked on every vote of a burst.
"""

import functools
import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.urls import reverse

PASS_COOKIE = "vote_pass"
PASS_SALT = "voting.pass"
STAMP_SALT = "voting.stamp"
CHALLENGE_COOKIE = "vote_challenge"
CHALLENGE_SALT = "voting.challenge"
STAMP_MAX_AGE = 24 * 3600


@functools.cache
def _signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt)


def _forget_signers(*, setting, **kwargs) -> None:
    if setting in {"SECRET_KEY", "SECRET_KEY_FALLBACKS"}:
        _signer.cache_clear()


setting_changed.connect(_forget_signers)


def issue_pass(voter_id: int, proof: str = "email") -> str:
    return _signer(PASS_SALT).sign(f"{voter_id}:{proof}")


def pass_from(request) -> tuple[int, str] | None:
    """The voter's id and proof (a VerifierKind value) from their pass, or None."""
    token = request.COOKIES.get(PASS_COOKIE)
    if not token:
        return None
    try:
        value = _signer(PASS_SALT).unsign(token, max_age=settings.VOTE_PASS_MINUTES * 60)
        voter_id, _sep, proof = value.partition(":")
        return int(voter_id), proof or "email"
    except (signing.BadSignature, ValueError):
        return None


def voter_id_from(request) -> int | None:
    found = pass_from(request)
    return found[0] if found else None


def set_pass(response, voter_id: int, proof: str = "email") -> None:
    response.set_cookie(
        PASS_COOKIE,
        issue_pass(voter_id, proof),
        max_age=settings.VOTE_PASS_MINUTES * 60,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _holder(voter_pass: str) -> str:
    """Whom a stamp is for: the voter's id and a digest of their pass ('-' without a valid pass)."""
    try:
        value = _signer(PASS_SALT).unsign(voter_pass or "", max_age=settings.VOTE_PASS_MINUTES * 60)
    except signing.BadSignature:
        return "-"
    digest = hashlib.sha256(voter_pass.encode()).hexdigest()[:24]
    return f"{value.partition(':')[0]}:{digest}"


def form_stamp(voter_pass: str, rendered_at: float | None = None) -> str:
    """The stamp of a vote form rendered now (or at ``rendered_at``, a Unix time: tests and
    benchmarks) for the holder of ``voter_pass`` (the pass cookie's value)."""
    when = time.time() if rendered_at is None else rendered_at
    return _signer(STAMP_SALT).sign(f"{when!r}|{_holder(voter_pass)}")


def stamp_for(request) -> str:
    return form_stamp(request.COOKIES.get(PASS_COOKIE, ""))


def stamp_is_human(request, stamp: str) -> bool:
    """True when the form was rendered by us for this request's voter and pass, at least
    VOTE_MIN_SECONDS ago and less than a day ago."""
    try:
        value = _signer(STAMP_SALT).unsign(stamp or "", max_age=STAMP_MAX_AGE)
        when, _sep, holder = value.partition("|")
        rendered_at = float(when)
    except (signing.BadSignature, ValueError):
        return False
    if holder == "-" or not hmac.compare_digest(holder, _holder(request.COOKIES.get(PASS_COOKIE, ""))):
        return False
    return settings.VOTE_MIN_SECONDS <= time.time() - rendered_at <= STAMP_MAX_AGE


def set_challenge(response, challenge_id: int) -> None:
    """Remember the code request this browser made (signed: no one can name another's challenge)."""
    response.set_cookie(
        CHALLENGE_COOKIE,
        _signer(CHALLENGE_SALT).sign(str(challenge_id)),
        max_age=settings.VOTE_CODE_TTL_MINUTES * 60,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def challenge_id_from(request) -> int | None:
    token = request.COOKIES.get(CHALLENGE_COOKIE)
    if not token:
        return None
    try:
        return int(_signer(CHALLENGE_SALT).unsign(token, max_age=settings.VOTE_CODE_TTL_MINUTES * 60))
    except (signing.BadSignature, ValueError):
        return None


def forget_challenge(response) -> None:
    response.delete_cookie(CHALLENGE_COOKIE, samesite="Lax")


def after_verification(cycle_slug: str, next_pk: str) -> str:
    """Where a voter goes once verified: the finalist they came from, else the gallery."""
    if next_pk:
        return reverse("voting:finalist", args=[cycle_slug, int(next_pk)])
    return reverse("voting:gallery", args=[cycle_slug])
