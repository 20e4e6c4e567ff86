"""The plumbing's one table: the e-mail outbox (``core.emails`` writes and sends it)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """Every e-mail the platform sends, rendered in the recipient's language and kept as sent.

    The row is written in the sender's transaction and a worker sends it after commit; the status
    is claimed with a conditional update, so a retried task never sends a message twice. Staff
    read this outbox in admin (in development it is also written to ``var/mail``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=100)
    to = models.EmailField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Documents rendered when the e-mail is sent, e.g. [{"kind": "submission_receipt", "object_id": 7,
    # "filename": "receipt.pdf", "mimetype": "application/pdf"}]: the outbox keeps what to attach, not
    # megabytes of PDF (core.emails).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mail outbox")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="core_email_status_idx")]

    def __str__(self):
        return f"{self.to}: {self.subject}"
