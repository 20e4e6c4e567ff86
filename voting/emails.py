"""The Popular Vote's e-mails, one function per kind, in the voter's language (core.emails)."""

from functools import lru_cache

from django.conf import settings

from core.emails import SenderBlock, default_sender, known_language, queue_rendered_email, render_email
from core.models import OutboundEmail

# Where the code goes in the code e-mail rendered once (``_code_email``): no template text has it.
CODE_SLOT = "\u2063CODE\u2063"


def send_code(*, challenge, code: str, sender: SenderBlock | None = None) -> OutboundEmail:
    """The one-time code a voter types to prove the address is theirs, signed by ``sender`` (the
    poll's edition's block) or the default block. Everything but the code is the same for every
    voter of one language and sender, so the templates are rendered once per process for each
    (``_code_email``) and only the code is put in: a crowd asking for codes renders no template."""
    language = known_language(challenge.language)
    parts = _code_email(language, sender or default_sender(), settings.VOTE_CODE_TTL_MINUTES, settings.SITE_URL)
    subject, text, html = (part.replace(CODE_SLOT, code) for part in parts)
    return queue_rendered_email(
        kind="vote_code", to=challenge.email, language=language, subject=subject, text=text, html=html
    )


@lru_cache(maxsize=32)
def _code_email(language: str, sender: SenderBlock, minutes: int, site_url: str) -> tuple[str, str, str]:
    """The code e-mail with ``CODE_SLOT`` for the code (``site_url`` is part of the key: it is in the
    e-mail)."""
    context = {"code": CODE_SLOT, "minutes": minutes}
    return render_email(template="vote_code", context=context, language=language, sender=sender)
