"""SMS verification with a one-time code (``VerifierKind.SMS``): the voter types a Thai mobile number
and receives the same kind of code as by e-mail (6 digits, expiry, tries, lock-out: services/codes.py
checks it).

Each message costs money, and re-sends are a known way to run up the bill, so the limits are tight
and set in settings: per number, VOTE_SMS_CODES_PER_HOUR codes an hour and one at most every
VOTE_SMS_RESEND_SECONDS (counted in the database); per network (/24 or /48),
VOTE_SMS_RATE_PER_NETWORK requests a minute (voting.ratelimit).

The code is durable before it is sent: the challenge row, with the text to send, is committed first;
a worker then hands the text to the gateway (core.sms) and blanks it (``deliver_code_sms``). A text
whose task never reached a worker is picked up by the minute's sweep while its code is fresh.
"""

import logging
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.broker import enqueue
from core.emails import known_language
from core.phones import normalise_mobile
from core.sms import SmsError, TransientSmsError, send_sms

from .. import ratelimit
from ..enums import VerifierKind
from ..identity import network_of, phone_hash
from ..models import Challenge
from .codes import CodeRefused, _code_hash, _recent_requests

logger = logging.getLogger(__name__)


def request_sms_code(*, phone: str, language: str, consent: bool, ip: str | None = None) -> Challenge:
    """Queue a 6-digit code by SMS to the Thai mobile ``phone`` (typed in any usual way), in
    ``language``; the person must have accepted the notice. Refused with the reason when the number
    is not a mobile one or a limit is reached."""
    try:
        e164 = normalise_mobile(phone)
    except ValidationError as error:
        raise CodeRefused(" ".join(str(message) for message in error.messages)) from None
    if not consent:
        raise CodeRefused(_("Please read the privacy notice and tick the box to agree before we send a code."))
    identity = phone_hash(e164)
    now = timezone.now()
    sent_last_hour, lock_end = _recent_requests(identity, now)
    if lock_end:
        raise CodeRefused(
            _("Too many wrong codes for this number. Please try again in %(minutes)d minutes.")
            % {"minutes": settings.VOTE_CODE_LOCK_MINUTES}
        )
    if sent_last_hour >= settings.VOTE_SMS_CODES_PER_HOUR:
        raise CodeRefused(_("We have sent several codes to this number in the last hour. Use the latest one."))
    wait = _seconds_before_resend(identity, now)
    if wait:
        raise CodeRefused(
            _("We have just sent a code to this number. You can ask for another in %(seconds)d seconds.")
            % {"seconds": wait}
        )
    if not ratelimit.allow("sms-network", network_of(ip) or "-", settings.VOTE_SMS_RATE_PER_NETWORK):
        raise CodeRefused(_("Too many code requests from here. Please wait a minute and try again."))
    code = f"{secrets.randbelow(1_000_000):06d}"
    language = known_language(language)
    with translation.override(language):
        text = _("Your Popular Vote code is %(code)s. It works for %(minutes)d minutes. Do not share it.") % {
            "code": code,
            "minutes": settings.VOTE_CODE_TTL_MINUTES,
        }
    with transaction.atomic():
        challenge = Challenge.objects.create(
            kind=VerifierKind.SMS,
            identity_hash=identity,
            phone=e164,
            message=text,
            code_hash=_code_hash(identity, code),
            language=language,
            notice_version=settings.PRIVACY_NOTICE_VERSION,
            consented_at=now,
            ip=ip,
            created_at=now,
            expires_at=now + timedelta(minutes=settings.VOTE_CODE_TTL_MINUTES),
        )
        transaction.on_commit(partial(hand_sms_to_broker, challenge.pk))
    return challenge


def _seconds_before_resend(identity: str, now) -> int:
    last = Challenge.objects.filter(identity_hash=identity).aggregate(last=Max("created_at"))["last"]
    if last is None:
        return 0
    left = settings.VOTE_SMS_RESEND_SECONDS - (now - last).total_seconds()
    return max(0, int(left + 0.999))


def hand_sms_to_broker(challenge_id: int) -> None:
    from ..tasks import send_code_sms

    enqueue(send_code_sms, challenge_id, row=f"vote SMS {challenge_id}")


def unsent_sms_ids(*, older_than: timedelta = timedelta(seconds=30)) -> list[int]:
    """What the SMS sweep hands to the broker again: codes still fresh whose text never reached a
    worker (the broker was down when they were requested, or lost the task)."""
    now = timezone.now()
    waiting = Challenge.objects.filter(
        kind=VerifierKind.SMS, sent_at__isnull=True, expires_at__gt=now, created_at__lt=now - older_than
    ).exclude(message="")
    return list(waiting.values_list("pk", flat=True))


def deliver_code_sms(*, challenge_id: int) -> bool:
    """Send the waiting text of one SMS challenge; True when the gateway took it. A challenge already
    sent, taken by another worker or expired is left alone (False). The claim is a conditional update,
    so two workers never both send one message; a failure the gateway may get over gives the claim
    back and raises ``TransientSmsError`` (the task retries), any other blanks the text."""
    now = timezone.now()
    claimed = (
        Challenge.objects.filter(pk=challenge_id, kind=VerifierKind.SMS, sent_at__isnull=True, expires_at__gt=now)
        .exclude(message="")
        .update(sent_at=now)
    )
    if claimed != 1:
        return False
    challenge = Challenge.objects.get(pk=challenge_id)
    try:
        send_sms(challenge.phone, challenge.message)
    except TransientSmsError:
        Challenge.objects.filter(pk=challenge_id).update(sent_at=None)
        raise
    except SmsError:
        logger.exception("vote SMS %s was refused by the gateway", challenge_id)
        Challenge.objects.filter(pk=challenge_id).update(message="")
        return False
    Challenge.objects.filter(pk=challenge_id).update(message="")
    return True
