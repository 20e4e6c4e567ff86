"""Two signed tokens of the voting pages (no server-side session needed on the vote endpoint):

- the voter's pass, a cookie set after a correct code: the voter's id, valid VOTE_PASS_MINUTES;
- the form stamp, a hidden field holding when the vote form was rendered, so that a form sent
  back faster than a person can (VOTE_MIN_SECONDS) is refused, as is a stamp older than a day.
"""

import time

from django.conf import settings
from django.core import signing

PASS_COOKIE = "vote_pass"
PASS_SALT = "voting.pass"
STAMP_SALT = "voting.stamp"
STAMP_MAX_AGE = 24 * 3600


def issue_pass(voter_id: int) -> str:
    return signing.dumps(voter_id, salt=PASS_SALT, compress=False)


def voter_id_from(request) -> int | None:
    token = request.COOKIES.get(PASS_COOKIE)
    if not token:
        return None
    try:
        return int(signing.loads(token, salt=PASS_SALT, max_age=settings.VOTE_PASS_MINUTES * 60))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def set_pass(response, voter_id: int) -> None:
    response.set_cookie(
        PASS_COOKIE, issue_pass(voter_id), max_age=settings.VOTE_PASS_MINUTES * 60, httponly=True,
        samesite="Lax", secure=settings.SESSION_COOKIE_SECURE,
    )  # fmt: skip


def form_stamp() -> str:
    return signing.dumps(time.time(), salt=STAMP_SALT)


def stamp_is_human(stamp: str) -> bool:
    """True when the form was rendered by us at least VOTE_MIN_SECONDS ago and less than a day ago."""
    try:
        rendered_at = float(signing.loads(stamp or "", salt=STAMP_SALT, max_age=STAMP_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return False
    return settings.VOTE_MIN_SECONDS <= time.time() - rendered_at <= STAMP_MAX_AGE
