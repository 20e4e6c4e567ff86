"""The e-mail primitive of the platform.

``queue_email`` renders ``templates/emails/<template>/subject.txt``, ``body.txt`` and (optionally)
``body.html`` in the recipient's language, stores the result in the outbox and hands it to a worker
after the surrounding transaction commits. ``deliver`` is what the worker runs. Each app keeps its own
``emails.py`` with one function per kind of e-mail it sends; this module's only own kind is the
test e-mail staff send themselves to check the mail settings.

Attachments are documents rendered when the e-mail is sent: the outbox row names a registered kind
and an object id (``DocumentAttachment``), and the app that owns the document registers its renderer
with ``@attachment_renderer("<kind>")``. (The same interface as the workers branch, kept minimal here
for the presentation notices' .ics files; the integrator keeps the workers branch's version.)
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
Status = OutboundEmail.Status


@dataclass(frozen=True)
class DocumentAttachment:
    """A document attached to an e-mail, rendered by the renderer registered for ``kind``."""

    kind: str
    object_id: int
    filename: str
    mimetype: str = "application/pdf"


_RENDERERS: dict[str, Callable[[int, str], bytes]] = {}


def attachment_renderer(kind: str):
    """Register ``function(object_id, language) -> bytes`` as the renderer of one attachment kind.
    Apps register theirs in ``AppConfig.ready`` so that every worker knows them."""

    def register(function):
        _RENDERERS[kind] = function
        return function

    return register


def render_attachment(attachment: dict, language: str) -> bytes:
    return _RENDERERS[attachment["kind"]](attachment["object_id"], language)


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    text = render_to_string(f"emails/{template}/body.txt", context)
    try:
        html = render_to_string(f"emails/{template}/body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def known_language(language: str | None) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def queue_email(
    *, kind: str, to: str, language: str, template: str, context: dict, attachments: Sequence[DocumentAttachment] = ()
) -> OutboundEmail:
    """Render an e-mail in ``language``, keep it in the outbox and send it after commit."""
    language = known_language(language)
    with translation.override(language):
        subject, text, html = _render(template, {**context, "site_url": settings.SITE_URL})
    return queue_rendered_email(
        kind=kind, to=to, language=language, subject=subject, text=text, html=html, attachments=attachments
    )


def queue_rendered_email(
    *,
    kind: str,
    to: str,
    language: str,
    subject: str,
    text: str,
    html: str = "",
    attachments: Sequence[DocumentAttachment] = (),
) -> OutboundEmail:
    """Keep an already rendered e-mail in the outbox and send it after commit (used for e-mails a
    library renders itself, such as the account e-mails of django-allauth)."""
    from .tasks import send_email

    unknown = {attachment.kind for attachment in attachments} - _RENDERERS.keys()
    if unknown:
        raise ValueError(f"no renderer registered for attachment kind(s) {sorted(unknown)}")
    email = OutboundEmail.objects.create(
        kind=kind, to=to, language=known_language(language), subject=subject, body_text=text, body_html=html,
        attachments=[asdict(attachment) for attachment in attachments],
    )  # fmt: skip
    transaction.on_commit(lambda: send_email.delay(email.pk))
    return email


def email_user(
    *, user, kind: str, template: str, context: dict, attachments: Sequence[DocumentAttachment] = ()
) -> OutboundEmail:
    """Queue an e-mail to a user, in the language the user chose."""
    return queue_email(
        kind=kind, to=user.email, language=user.language, template=template, context={"user": user, **context},
        attachments=attachments,
    )  # fmt: skip


def deliver(*, email_id: int) -> bool:
    """Send one queued e-mail. Returns False when it is gone or another worker already has it.

    The row is claimed with a conditional update (queued or failed → sending), so two workers or a
    retried task cannot both send it.
    """
    claimed = OutboundEmail.objects.filter(
        pk=email_id, status__in=[Status.QUEUED, Status.FAILED], attempts__lt=MAX_ATTEMPTS
    ).update(status=Status.SENDING, attempts=F("attempts") + 1)
    if claimed != 1:
        logger.info("e-mail %s is gone, sent or taken by another worker", email_id)
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to])
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], render_attachment(attachment, email.language), attachment["mimetype"])
    try:
        message.send()
    except Exception as error:  # SMTP and network errors of every kind: keep the message for a retry
        OutboundEmail.objects.filter(pk=email_id).update(status=Status.FAILED, last_error=str(error)[:2000])
        logger.warning("e-mail %s failed (attempt %s): %s", email_id, email.attempts, error)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def unsent_email_ids(*, older_than: timedelta = timedelta(minutes=5)) -> list[int]:
    """Failed e-mails with attempts left, and queued ones whose task never ran (a lost broker message)."""
    cutoff = timezone.now() - older_than
    return list(
        OutboundEmail.objects.filter(
            Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS) | Q(status=Status.QUEUED, created_at__lt=cutoff)
        ).values_list("pk", flat=True)[:500]
    )


def send_test_email(*, user) -> OutboundEmail:
    """The e-mail staff send themselves from the outbox to check that mail reaches people."""
    return email_user(user=user, kind="test", template="test", context={})
