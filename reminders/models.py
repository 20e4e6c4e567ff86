from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from awards.models import Cycle
from core.models import OutboundEmail

from .enums import ReminderKind


class Reminder(models.Model):
    """The ledger: one row per reminder sent, claimed before the e-mail is queued.

    The unique key (recipient, kind, deadline) is what makes a reminder go out once: a rerun of the
    sweep, a retried task, a worker killed halfway or a second beat process all fail to insert the
    same row. A moved deadline is a new key, so the reminders follow it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    deadline = models.DateTimeField(_("deadline"))
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("cycle"))
    email = models.ForeignKey(
        OutboundEmail, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("e-mail")
    )
    claimed_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders sent")
        ordering = ["-claimed_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "deadline"], name="reminders_once_per_deadline")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient}"
