"""The panel's deliberation on one application in one round: the messages of the discussion and the
chair's summary of the panel's view. Plain text; read only by the panel (judges who submitted their
own scorecard, and the chair) and staff; frozen into the decision's record by its SHA-256."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from submissions.models import Application

from .models import Round


class DiscussionMessage(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="discussion_messages", verbose_name=_("application")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="discussion_messages", verbose_name=_("round")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("author")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    # The panel members this message e-mailed (a mention within the rate limit): the limit reads it.
    notified = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("notified by e-mail")
    )

    class Meta:
        verbose_name = _("discussion message")
        verbose_name_plural = _("discussion messages")
        ordering = ["round", "application", "created_at", "pk"]
        indexes = [models.Index(fields=["round", "application", "created_at"], name="judging_discussion_thread")]

    def __str__(self):
        return f"{self.application} · {self.author}"


class PanelSummary(models.Model):
    """The chair's summary of the panel's view; published with the decision only if marked public."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="panel_summaries", verbose_name=_("application")
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panel_summaries", verbose_name=_("round"))
    text = models.TextField(_("summary of the panel's view"))
    public = models.BooleanField(_("publish with the decision"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("panel summary")
        verbose_name_plural = _("panel summaries")
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="judging_panel_summary_one_per_thread")
        ]

    def __str__(self):
        return f"{self.application} · {self.round}"
