from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DRAFT_7D = "draft_7d", _("Draft: 7 days before the deadline")
    DRAFT_3D = "draft_3d", _("Draft: 3 days before the deadline")
    DRAFT_1D = "draft_1d", _("Draft: 1 day before the deadline")
    DRAFT_3H = "draft_3h", _("Draft: 3 hours before the deadline")
    DEADLINE_EXTENDED = "deadline_extended", _("Deadline extended")
    SCORING_3D = "scoring_3d", _("Scoring: 3 days before the round closes")
    SCORING_1D = "scoring_1d", _("Scoring: 1 day before the round closes")
    PRESENTATION_1D = "presentation_1d", _("Presentation: the day before")


# The stages of each series, nearest to the deadline first: the sweep sends only the nearest stage
# whose time has come, so a sweep that was down for a day never sends three reminders at once.
DRAFT_STAGES = (
    (ReminderKind.DRAFT_3H, timedelta(hours=3)),
    (ReminderKind.DRAFT_1D, timedelta(days=1)),
    (ReminderKind.DRAFT_3D, timedelta(days=3)),
    (ReminderKind.DRAFT_7D, timedelta(days=7)),
)
SCORING_STAGES = (
    (ReminderKind.SCORING_1D, timedelta(days=1)),
    (ReminderKind.SCORING_3D, timedelta(days=3)),
)
