"""E-mail verification with a one-time code: 6 digits, a short expiry, a few tries, then a lock-out.

This is the e-mail verifier (``VerifierKind.EMAIL``); SMS codes (services/sms_codes.py) share the
code checking here. Every verifier ends in ``voter_for_identity``, which is all the vote needs.
"""

import functools
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.selectors import sender_block
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


def request_code(*, email: str, language: str, consent: bool, ip: str | None = None, cycle=None) -> Challenge:
    """Send a 6-digit code to ``email`` in ``language``; the person must have accepted the notice.
    ``cycle``, the edition whose poll the code is asked for, signs the e-mail with its sender block
    (read with the poll, so no query); without one (or its office unnamed) the default block."""
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
        emails.send_code(challenge=challenge, code=code, sender=sender_block(cycle))
    return challenge


def _with_lock_end(challenges, now):
    """``challenges`` each with ``burnt_at``: when the newest challenge of its address that locks the
    address out (``_burnt_since``) was made, or None; read in the same query as the challenge."""
    burnt = Challenge.objects.filter(_burnt_since(now), identity_hash=OuterRef("identity_hash"))
    return challenges.annotate(burnt_at=Subquery(burnt.order_by("-created_at").values("created_at")[:1]))


def confirm_code(*, challenge_id: int, code: str) -> Voter:
    """The voter behind a correct, fresh, unused code. A wrong code counts a try (kept even though the
    entry is refused); the last allowed wrong try locks the address out."""
    code = "".join(ch for ch in str(code) if ch.isdigit())
    with transaction.atomic():
        challenges = Challenge.objects.select_for_update(of=("self",)).filter(pk=challenge_id)
        challenge = _with_lock_end(challenges, timezone.now()).first()
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
    if challenge.attempts >= settings.VOTE_CODE_MAX_ATTEMPTS or _lock_end(challenge.burnt_at):
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
    a provider's subject is kept only as the keyed hash. A returning voter's address, number,
    language and consent are those of the latest proof; the rest stays as first recorded.

    One statement (INSERT … ON CONFLICT DO UPDATE … RETURNING, PostgreSQL and SQLite alike) instead
    of a read, a savepoint, an insert and its release: two first proofs of one identity at once still
    make one voter, as the unique constraint on (kind, identity_hash) decides."""
    voter = Voter(
        kind=kind,
        identity_hash=identity_hash,
        similarity_hash=similarity_hash,
        email=email,
        domain=domain,
        phone=phone,
        language=language,
        consent_notice_version=notice_version,
        consented_at=consented_at,
        created_at=timezone.now(),
    )
    fields = [field for field in Voter._meta.concrete_fields if not field.primary_key]
    values = [field.get_db_prep_save(getattr(voter, field.attname), connection) for field in fields]
    return next(iter(Voter.objects.raw(_upsert_sql(connection.vendor), values)))


# What a returning voter's new proof renews (``voter_for_identity``).
_RENEWED_ON_PROOF = ("email", "phone", "language", "consent_notice_version", "consented_at")


@functools.cache
def _upsert_sql(vendor: str) -> str:
    """``voter_for_identity``'s statement (once per database kind): every column but the id as
    parameters, the renewed ones updated on a conflict, the whole row returned. Names come from the
    model only."""
    quote = connection.ops.quote_name
    columns = [field.column for field in Voter._meta.concrete_fields]
    inserted = [quote(column) for column in columns if column != Voter._meta.pk.column]
    renewed = ", ".join(f"{quote(name)} = excluded.{quote(name)}" for name in _RENEWED_ON_PROOF)
    return (
        f"INSERT INTO {quote(Voter._meta.db_table)} ({', '.join(inserted)}) "  # noqa: S608 (the model's names)
        f"VALUES ({', '.join(['%s'] * len(inserted))}) "
        f"ON CONFLICT ({quote('kind')}, {quote('identity_hash')}) DO UPDATE SET {renewed} "
        f"RETURNING {', '.join(quote(column) for column in columns)}"
    )
