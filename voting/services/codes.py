"""E-mail verification with a one-time code: 6 digits, a short expiry, a few tries, then a lock-out.

This is the e-mail verifier (``VerifierKind.EMAIL``); SMS codes (services/sms_codes.py) share the
code checking here. Every verifier ends in ``voter_for_identity``, which is all the vote needs.
"""

import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import known_language

from .. import emails
from ..enums import VerifierKind
from ..identity import email_domain, email_hash, email_similarity_hash, keyed_hash, normalise_email
from ..models import Challenge, Voter

CODES_PER_HOUR = 5


class CodeRefused(Exception):
    """A code request or a code entry was refused; ``str()`` says why and what to do."""


def _code_hash(challenge_identity: str, code: str) -> str:
    return keyed_hash(f"{challenge_identity}:{code}", purpose="code")


def _burnt_since(now) -> Q:
    """The challenges of the lock-out window that were tried wrongly too often."""
    since = now - timedelta(minutes=settings.VOTE_CODE_LOCK_MINUTES)
    return Q(created_at__gte=since, attempts__gte=settings.VOTE_CODE_MAX_ATTEMPTS)


def _lock_end(burnt_at):
    return burnt_at + timedelta(minutes=settings.VOTE_CODE_LOCK_MINUTES) if burnt_at else None


def locked_until(identity_hash: str):
    """When the lock-out of an address ends, or None: a code tried wrongly too often locks the address."""
    burnt = Challenge.objects.filter(_burnt_since(timezone.now()), identity_hash=identity_hash)
    return _lock_end(burnt.aggregate(last=Max("created_at"))["last"])


def _recent_requests(identity_hash: str, now) -> tuple[int, object]:
    """In one query: how many codes the address was sent in the last hour, and when its lock-out ends
    (``locked_until``), or None."""
    lock_window = timedelta(minutes=settings.VOTE_CODE_LOCK_MINUTES)
    hour_ago = now - timedelta(hours=1)
    found = Challenge.objects.filter(identity_hash=identity_hash, created_at__gte=min(hour_ago, now - lock_window))
    found = found.aggregate(
        sent=Count("pk", filter=Q(created_at__gte=hour_ago)),
        burnt=Max("created_at", filter=_burnt_since(now)),
    )
    return found["sent"], _lock_end(found["burnt"])


def request_code(*, email: str, language: str, consent: bool, ip: str | None = None) -> Challenge:
    """Send a 6-digit code to ``email`` in ``language``; the person must have accepted the notice."""
    email = normalise_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise CodeRefused(_("Enter a valid e-mail address, such as name@example.com.")) from None
    if not consent:
        raise CodeRefused(_("Please read the privacy notice and tick the box to agree before we send a code."))
    identity = email_hash(email)
    now = timezone.now()
    sent_last_hour, lock_end = _recent_requests(identity, now)
    if lock_end:
        raise CodeRefused(
            _("Too many wrong codes for this address. Please try again in %(minutes)d minutes.")
            % {"minutes": settings.VOTE_CODE_LOCK_MINUTES}
        )
    if sent_last_hour >= CODES_PER_HOUR:
        raise CodeRefused(_("We have sent several codes to this address in the last hour. Use the latest one."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    with transaction.atomic():
        challenge = Challenge.objects.create(
            identity_hash=identity,
            email=email,
            code_hash=_code_hash(identity, code),
            language=known_language(language),
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            consented_at=now,
            ip=ip,
            created_at=now,
            expires_at=now + timedelta(minutes=settings.VOTE_CODE_TTL_MINUTES),
        )
        emails.send_code(challenge=challenge, code=code)
    return challenge


def confirm_code(*, challenge_id: int, code: str) -> Voter:
    """The voter behind a correct, fresh, unused code. A wrong code counts a try (kept even though the
    entry is refused); the last allowed wrong try locks the address out."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().filter(pk=challenge_id).first()
        refusal = _refusal(challenge)
        if refusal is None and not hmac.compare_digest(challenge.code_hash, _code_hash(challenge.identity_hash, code)):
            challenge.attempts += 1
            challenge.save(update_fields=["attempts"])
            refusal = _wrong_code_message(challenge)
        if refusal is None:
            challenge.used_at = timezone.now()
            challenge.save(update_fields=["used_at"])
            voter = voter_for_phone(challenge) if challenge.kind == VerifierKind.SMS else voter_for_email(challenge)
    if refusal:
        raise CodeRefused(refusal)
    return voter


def _refusal(challenge: Challenge | None) -> str | None:
    if challenge is None:
        return _("This code request is unknown. Ask for a new code.")
    if challenge.used_at:
        return _("This code has already been used. Ask for a new code if you need one.")
    if challenge.attempts >= settings.VOTE_CODE_MAX_ATTEMPTS or locked_until(challenge.identity_hash):
        return _locked_message(challenge)
    if challenge.expires_at <= timezone.now():
        return _("This code has expired (codes last %(minutes)d minutes). Ask for a new code.") % {
            "minutes": settings.VOTE_CODE_TTL_MINUTES
        }
    return None


def _wrong_code_message(challenge: Challenge) -> str:
    left = settings.VOTE_CODE_MAX_ATTEMPTS - challenge.attempts
    if left <= 0:
        return _locked_message(challenge)
    if challenge.kind == VerifierKind.SMS:
        return _("This code is not right. Check the latest SMS we sent; %(left)d tries left.") % {"left": left}
    return _("This code is not right. Check the latest e-mail we sent; %(left)d tries left.") % {"left": left}


def _locked_message(challenge: Challenge) -> str:
    minutes = {"minutes": settings.VOTE_CODE_LOCK_MINUTES}
    if challenge.kind == VerifierKind.SMS:
        return _("Too many wrong codes for this number. Please try again in %(minutes)d minutes.") % minutes
    return _("Too many wrong codes for this address. Please try again in %(minutes)d minutes.") % minutes


def voter_for_email(challenge: Challenge) -> Voter:
    return voter_for_identity(
        kind=VerifierKind.EMAIL,
        identity_hash=challenge.identity_hash,
        similarity_hash=email_similarity_hash(challenge.email),
        email=challenge.email,
        domain=email_domain(challenge.email),
        language=challenge.language,
        notice_version=challenge.notice_version,
        consented_at=challenge.consented_at,
    )


def voter_for_phone(challenge: Challenge) -> Voter:
    return voter_for_identity(
        kind=VerifierKind.SMS,
        identity_hash=challenge.identity_hash,
        similarity_hash=challenge.identity_hash,
        phone=challenge.phone,
        language=challenge.language,
        notice_version=challenge.notice_version,
        consented_at=challenge.consented_at,
    )


def voter_for_identity(
    *,
    kind,
    identity_hash,
    similarity_hash,
    language,
    notice_version,
    consented_at,
    email="",
    domain="",
    phone="",
) -> Voter:
    """The one place every verifier ends: the voter of this identity, created on first proof. Only
    the e-mail address or the mobile number the proof was sent to is kept in plain (until the purge);
    a provider's subject is kept only as the keyed hash."""
    voter, created = Voter.objects.get_or_create(
        kind=kind,
        identity_hash=identity_hash,
        defaults={
            "similarity_hash": similarity_hash,
            "email": email,
            "domain": domain,
            "phone": phone,
            "language": language,
            "consent_notice_version": notice_version,
            "consented_at": consented_at,
        },
    )
    if not created:
        voter.email, voter.phone, voter.language = email, phone, language
        voter.consent_notice_version, voter.consented_at = notice_version, consented_at
        voter.save(update_fields=["email", "phone", "language", "consent_notice_version", "consented_at"])
    return voter
