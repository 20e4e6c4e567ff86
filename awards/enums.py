from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(models.TextChoices):
    """Where a cycle stands. Only awards.selectors.current_phase decides this from dates."""

    UPCOMING = "upcoming", _("Upcoming")
    OPEN = "open", _("Open for applications")
    JUDGING = "judging", pgettext_lazy("phase", "Judging")
    PRESENTATIONS = "presentations", _("Presentations")
    VOTING = "voting", _("Popular Vote")
    RESULTS = "results", pgettext_lazy("phase", "Results announced")


class MilestoneKind(models.TextChoices):
    BRIEFING = "briefing", _("Briefing")
    APPLICATIONS_OPEN = "applications_open", _("Applications open")
    SUBMISSION_DEADLINE = "submission_deadline", _("Submission deadline")
    SHORTLIST_ANNOUNCEMENT = "shortlist_announcement", _("Shortlist announced")
    PRESENTATIONS = "presentations", _("Presentations to the committee")
    VOTING = "voting", _("Popular Vote")
    RESULTS = "results", _("Results announced")


# Milestones that are windows (a start and an end) rather than moments.
WINDOW_KINDS = frozenset({MilestoneKind.PRESENTATIONS, MilestoneKind.VOTING})


class PrizeKind(models.TextChoices):
    CATEGORY = "category", _("Category award")
    POPULAR_VOTE = "popular_vote", _("Popular Vote")
    SPECIAL = "special", _("Special award")
