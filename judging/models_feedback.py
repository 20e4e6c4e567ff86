"""Feedback to applicants: the comments the chair released for them to read, each PDF rendered for
an application in one language, and the one e-mail that tells the organisation it is ready.

A released comment keeps the text the chair approved: a judge's later edit is not shown until the
chair approves it again, so nothing the chair has not read reaches an applicant."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.models import Criterion
from submissions.models import Application

from .models import Round, Scorecard


class ReleasedComment(models.Model):
    """One comment approved for release: a judge's comment on a criterion (``criterion`` set), a
    judge's overall comment (``scorecard`` set, no criterion), or the chair's summary (neither)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", verbose_name=_("round"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="released_comments", verbose_name=_("application")
    )
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("scorecard")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("criterion")
    )
    text = models.TextField(_("text as approved"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("comment released to the applicant")
        verbose_name_plural = _("comments released to applicants")
        ordering = ["round", "application", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "criterion"],
                condition=Q(scorecard__isnull=False, criterion__isnull=False),
                name="judging_released_one_per_score",
            ),
            models.UniqueConstraint(
                fields=["scorecard"],
                condition=Q(scorecard__isnull=False, criterion__isnull=True),
                name="judging_released_one_overall",
            ),
            models.UniqueConstraint(
                fields=["round", "application"],
                condition=Q(scorecard__isnull=True),
                name="judging_released_one_summary",
            ),
        ]

    def __str__(self):
        return f"{self.application} · {self.round}"


def feedback_path(instance, filename):
    # A random name: a stored file's address says nothing about whose feedback it is.
    return f"feedback/{uuid.uuid4().hex}.pdf"


class FeedbackDocument(models.Model):
    """The feedback PDF of one application in one language. ``rendered_at`` is empty while it is
    queued or being rendered again (after the chair changed what is released): only a rendered
    file is ever served."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="feedback_documents", verbose_name=_("application")
    )
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+", verbose_name=_("round"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=feedback_path, max_length=300, blank=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"))
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True, editable=False)
    # Each rendering started counts (a worker that died in it too); the last failure's text is kept
    # for staff, and after ``MAX_ATTEMPTS`` the PDF is failed (``failed_at``) and left to staff.
    attempts = models.PositiveSmallIntegerField(_("rendering attempts"), default=0, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback PDF")
        verbose_name_plural = _("feedback PDFs")
        constraints = [
            models.UniqueConstraint(fields=["application", "language"], name="judging_feedback_one_per_language")
        ]

    def __str__(self):
        return f"{self.application} · {self.language}"


class FeedbackNotice(models.Model):
    """The e-mail telling an organisation its feedback is ready: the row is the claim (one per
    application), so a rerun of the sweep or a second beat never sends it twice."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="feedback_notice", verbose_name=_("application")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feedback e-mail")
        verbose_name_plural = _("feedback e-mails")

    def __str__(self):
        return str(self.application)
