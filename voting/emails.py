"""The Popular Vote's e-mails, one function per kind, in the voter's language (core.emails)."""

from django.conf import settings

from core.emails import SenderBlock, queue_email
from core.models import OutboundEmail


def send_code(*, challenge, code: str, sender: SenderBlock | None = None) -> OutboundEmail:
    """The one-time code a voter types to prove the address is theirs, signed by ``sender`` (the
    poll's edition's block) or the default block."""
    return queue_email(
        kind="vote_code",
        to=challenge.email,
        language=challenge.language,
        template="vote_code",
        context={"code": code, "minutes": settings.VOTE_CODE_TTL_MINUTES},
        sender=sender,
    )
