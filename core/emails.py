"""The e-mail primitive of the platform.

``queue_email`` renders ``templates/emails/<template>/subject.txt``, ``body.txt`` and (optionally)
``body.html`` in the recipient's language, stores the result in the outbox and hands it to a worker
after the surrounding transaction commits. ``deliver`` is what the worker runs. Each app keeps its own
``emails.py`` with one function per kind of e-mail it sends; this module's only own kind is the
test e-mail staff send themselves to check the mail settings.

Attachments are documents rendered when the e-mail is sent: the outbox row names a registered kind
and an object id (``DocumentAttachment``), and the app that owns the document registers its renderer
with ``@attachment_renderer("<kind>")``. The web request never renders a PDF, the outbox stays small,
and a retried e-mail renders its document again. An app above the one that queued an e-mail may add
its own document to it before the transaction commits (``add_attachment``: documents attaches its
official letters to the e-mails of submissions and judging).

Every e-mail ends with the sender block (``SenderBlock``: "ขอแสดงความนับถือ" / "Yours sincerely", the
office, its address, telephone and e-mail): the HTML layout prints it and ``_render``
appends it to the text part, so no template can leave it out. A caller that knows the edition passes
its block (``awards.selectors.sender_block``); otherwise the block comes from the source an app
registers with ``@default_sender_source`` (awards: the live edition's) and, failing that, from
``settings.EMAIL_SENDER``.
"""

import logging
import smtplib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import partial
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .broker import enqueue
from .failures import PROCESS_EXITS, describe_failure
from .formats import phone_number
from .models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A message left "sending" this long belongs to a worker that died mid-send: the send task's hard time
# limit (90 s, enforced by the prefork pool the Procfile's worker uses) has killed any worker still
# at it. It is sent again; delivery is at-least-once only in that window (see ``deliver``).
STUCK_AFTER = timedelta(minutes=2)
# A message still "queued" this long after it was written was never handed to the broker (down when
# the transaction committed) or the broker lost it: the sweep sends it again. A message merely waiting
# its turn behind others gets a second task, which finds it claimed and does nothing.
UNQUEUED_AFTER = timedelta(minutes=1)
Status = OutboundEmail.Status


class TransientEmailError(Exception):
    """The mail server could not take the message now (connection refused, timeout, a 4xx reply):
    the task retries it later with backoff. Other failures are kept in the outbox for staff."""


@dataclass(frozen=True)
class DocumentAttachment:
    """A document attached to an e-mail, rendered by the renderer registered for ``kind``."""

    kind: str
    object_id: int
    filename: str
    mimetype: str = "application/pdf"


_RENDERERS: dict[str, Callable[[int, str], bytes]] = {}


@dataclass(frozen=True)
class SenderBlock:
    """Who an e-mail comes from, printed at its end, in Thai and English. Read in the active
    language (English falls back to Thai where no English is given)."""

    office_th: str = ""
    office_en: str = ""
    address_th: str = ""
    address_en: str = ""
    phone: str = ""
    extension: str = ""
    email: str = ""

    def _local(self, field: str) -> str:
        if (translation.get_language() or "th").startswith("en"):
            return getattr(self, f"{field}_en") or getattr(self, f"{field}_th")
        return getattr(self, f"{field}_th")

    @property
    def office(self) -> str:
        return self._local("office")

    @property
    def address(self) -> str:
        return self._local("address")

    @property
    def lines(self) -> list[str]:
        """The lines under "Yours sincerely": the office, the address, the telephone, the e-mail."""
        lines = [self.office, *self.address.splitlines()]
        if self.phone:
            lines.append(
                translation.gettext("Telephone %(phone)s") % {"phone": phone_number(self.phone, self.extension)}
            )
        if self.email:
            lines.append(translation.gettext("E-mail %(email)s") % {"email": self.email})
        return [line.strip() for line in lines if line.strip()]


_SENDER_SOURCES: list[Callable[[], SenderBlock | None]] = []


def default_sender_source(function: Callable[[], SenderBlock | None]):
    """Register ``function() -> SenderBlock | None``: the sender block of e-mails that belong to no
    edition (account e-mails, vote codes). An app registers it in ``AppConfig.ready``."""
    if function not in _SENDER_SOURCES:
        _SENDER_SOURCES.append(function)
    return function


def default_sender() -> SenderBlock:
    """The first block a registered source gives, else the site-wide one of ``settings.EMAIL_SENDER``."""
    for source in _SENDER_SOURCES:
        block = source()
        if block is not None:
            return block
    return SenderBlock(**settings.EMAIL_SENDER)


def attachment_renderer(kind: str):
    """Register ``function(object_id, language) -> bytes`` as the renderer of one attachment kind.
    Apps register theirs in ``AppConfig.ready`` so that every worker knows them."""

    def register(function):
        _RENDERERS[kind] = function
        return function

    return register


def render_attachment(attachment: dict, language: str) -> bytes:
    return _RENDERERS[attachment["kind"]](attachment["object_id"], language)


def sender_text(context: dict) -> str:
    """The sender block as the text part ends with (``context`` holds ``sender``)."""
    return render_to_string("emails/_sender.txt", context).strip()


def _render(template: str, context: dict) -> tuple[str, str, str]:
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    text = render_to_string(f"emails/{template}/body.txt", context).strip() + "\n\n" + sender_text(context) + "\n"
    try:
        html = render_to_string(f"emails/{template}/body.html", context)
    except TemplateDoesNotExist:
        html = ""
    return subject, text, html


def known_language(language: str | None) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def render_email(
    *, template: str, context: dict, language: str, sender: SenderBlock | None = None
) -> tuple[str, str, str]:
    """The subject, text and HTML ``queue_email`` keeps, rendered in ``language`` and ending with
    ``sender`` (or the default block)."""
    context = {**context, "site_url": settings.SITE_URL, "sender": sender or default_sender()}
    with translation.override(known_language(language)):
        return _render(template, context)


def queue_email(
    *,
    kind: str,
    to: str,
    language: str,
    template: str,
    context: dict,
    attachments: Sequence[DocumentAttachment] = (),
    sender: SenderBlock | None = None,
) -> OutboundEmail:
    """Render an e-mail in ``language``, keep it in the outbox and send it after commit. It ends with
    ``sender`` (the edition's block), or the default block when there is none."""
    language = known_language(language)
    subject, text, html = render_email(template=template, context=context, language=language, sender=sender)
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
    unknown = {attachment.kind for attachment in attachments} - _RENDERERS.keys()
    if unknown:
        raise ValueError(f"no renderer registered for attachment kind(s) {sorted(unknown)}")
    email = OutboundEmail.objects.create(
        kind=kind,
        to=to,
        language=known_language(language),
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=[asdict(attachment) for attachment in attachments],
    )
    transaction.on_commit(partial(hand_to_broker, email.pk))
    return email


def add_attachment(email: OutboundEmail, attachment: DocumentAttachment) -> None:
    """Attach one more document to an e-mail queued in the current transaction (an app above the one
    that wrote the e-mail adds its own document). Refused once the e-mail may have left: only a
    queued row, not yet claimed by a worker, takes it."""
    if attachment.kind not in _RENDERERS:
        raise ValueError(f"no renderer registered for attachment kind {attachment.kind!r}")
    attachments = [*email.attachments, asdict(attachment)]
    updated = OutboundEmail.objects.filter(pk=email.pk, status=Status.QUEUED, attempts=0).update(
        attachments=attachments
    )
    if updated != 1:
        raise ValueError(f"e-mail {email.pk} has already been taken for sending")
    email.attachments = attachments


def hand_to_broker(email_id: int) -> None:
    """Queue the send task of a committed outbox row. The row is already safe in the database: when
    the broker cannot take the task (Redis down or frozen), the failure is logged and the row stays
    "queued", and the outbox sweep sends it within about a minute (``UNQUEUED_AFTER``). The request
    that wrote it (a vote code, a receipt) answers as usual instead of failing after its commit."""
    from .tasks import send_email

    enqueue(send_email, email_id, row=f"e-mail {email_id}")


def email_user(
    *,
    user,
    kind: str,
    template: str,
    context: dict,
    attachments: Sequence[DocumentAttachment] = (),
    sender: SenderBlock | None = None,
) -> OutboundEmail:
    """Queue an e-mail to a user, in the language the user chose."""
    return queue_email(
        kind=kind,
        to=user.email,
        language=user.language,
        template=template,
        context={"user": user, **context},
        attachments=attachments,
        sender=sender,
    )


def _claimable() -> Q:
    stuck = timezone.now() - STUCK_AFTER
    return Q(status__in=[Status.QUEUED, Status.FAILED]) | Q(status=Status.SENDING, last_attempt_at__lt=stuck)


def _message_id(email: OutboundEmail) -> str:
    # The same for every attempt at one outbox row: a mail system that keeps one message per
    # Message-ID (Gmail does) shows the copy re-sent after a worker died mid-send once.
    domain = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<outbox.{email.pk}.{email.created_at:%Y%m%d%H%M%S}@{domain}>"


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    headers = {"Message-ID": _message_id(email)}
    message = EmailMultiAlternatives(
        email.subject, email.body_text, settings.DEFAULT_FROM_EMAIL, [email.to], headers=headers
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], render_attachment(attachment, email.language), attachment["mimetype"])
    return message


def is_transient(error: BaseException) -> bool:
    """Whether trying again later may succeed: network trouble and the server's 4xx replies, not a
    refused address, a 5xx reply, an attachment that cannot be rendered or a bug in our own code."""
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False
    return isinstance(error, OSError)


def deliver(*, email_id: int) -> bool:
    """Send one queued e-mail, its attachments rendered now. Returns False when it is gone, sent,
    taken by another worker or failed for good; raises ``TransientEmailError`` when the mail server
    may take it later (the task retries with backoff).

    The row is claimed with a conditional update (queued or failed → sending), so two workers or a
    retried task cannot both send it. Every failure, whatever it raised (an attachment WeasyPrint
    cannot render raises a ``BaseException``), is kept on the row (status, error, attempts) where
    staff see it in admin and can send it again. One duplicate remains possible: a worker that dies
    after the mail server took the message and before the row says "sent" leaves it "sending", and
    it is sent again after ``STUCK_AFTER``, with the same Message-ID.
    """
    claimed = OutboundEmail.objects.filter(_claimable(), pk=email_id, attempts__lt=MAX_ATTEMPTS).update(
        status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    if claimed != 1:
        logger.info("e-mail %s is gone, sent or taken by another worker", email_id)
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        _message(email).send()
    except PROCESS_EXITS:
        raise
    except BaseException as error:  # noqa: BLE001 - kept on the row for staff, whatever it was
        return _record_failure(email, error)
    OutboundEmail.objects.filter(pk=email_id).update(status=Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def _record_failure(email: OutboundEmail, error: BaseException) -> bool:
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED, last_error=describe_failure(error))
    if is_transient(error):
        logger.warning("e-mail %s failed (attempt %s), will retry: %s", email.pk, email.attempts, error)
        raise TransientEmailError(str(error)) from error
    logger.error("e-mail %s failed (attempt %s)", email.pk, email.attempts, exc_info=error)
    return False


def unsent_email_ids(*, older_than: timedelta = timedelta(minutes=5)) -> list[int]:
    """What the outbox sweep sends again: queued e-mails never handed to the broker or lost by it
    (``UNQUEUED_AFTER``), failed ones with attempts left whose last try is ``older_than`` ago (past
    the task's own backoff), and ones a dead worker left "sending" (``STUCK_AFTER``)."""
    now = timezone.now()
    cutoff = now - older_than
    return list(
        OutboundEmail.objects.filter(
            Q(status=Status.FAILED, attempts__lt=MAX_ATTEMPTS)
            & (Q(last_attempt_at__lt=cutoff) | Q(last_attempt_at__isnull=True))
            | Q(status=Status.QUEUED, created_at__lt=now - UNQUEUED_AFTER)
            | Q(status=Status.SENDING, attempts__lt=MAX_ATTEMPTS, last_attempt_at__lt=now - STUCK_AFTER)
        ).values_list("pk", flat=True)[:500]
    )


def fail_abandoned_emails() -> int:
    """E-mails a dead worker left "sending" on their last attempt end "failed", where staff see them
    and can send them again, instead of "sending" for ever; returns how many."""
    return OutboundEmail.objects.filter(
        status=Status.SENDING, attempts__gte=MAX_ATTEMPTS, last_attempt_at__lt=timezone.now() - STUCK_AFTER
    ).update(
        status=Status.FAILED,
        last_error=translation.gettext(
            "The worker stopped while sending this e-mail on its last attempt: send it again from the outbox."
        ),
    )


@transaction.atomic
def retry_emails(*, email_ids: Sequence[int]) -> int:
    """Staff send failed (or stuck) e-mails again from admin, with a fresh set of attempts."""
    retry = list(
        OutboundEmail.objects.filter(_claimable(), pk__in=email_ids)
        .exclude(status=Status.QUEUED)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=retry).update(status=Status.QUEUED, attempts=0)
    for email_id in retry:
        transaction.on_commit(partial(hand_to_broker, email_id))
    return len(retry)


def send_test_email(*, user) -> OutboundEmail:
    """The e-mail staff send themselves from the outbox to check that mail reaches people."""
    return email_user(user=user, kind="test", template="test", context={})
