from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.models import Application


class Solution(models.Model):
    """An application as the public showcase holds it: the words it is found by (segmented when the
    application is saved: showcase/search.py) and what staff decide about it (feature, hide, order).
    Which applications are shown, and with which fields, is decided when the showcase is read
    (showcase/selectors.py), never stored here."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, primary_key=True, related_name="solution", verbose_name=_("application")
    )
    words = models.TextField(_("search words"), blank=True, editable=False)
    featured = models.BooleanField(_("featured"), default=False, help_text=_("Shown first, with a badge."))
    hidden = models.BooleanField(_("hidden"), default=False, help_text=_("Never shown in the showcase."))
    position = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Lower first."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("solution in the showcase")
        verbose_name_plural = _("solutions in the showcase")
        ordering = ["position", "application_id"]

    def __str__(self):
        return str(self.application)
