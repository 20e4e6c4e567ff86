from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RoundKind(models.TextChoices):
    SCREENING = "screening", pgettext_lazy("judging round", "Screening")
    FINAL = "final", pgettext_lazy("judging round", "Final")


class AssignmentSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic")
    MANUAL = "manual", _("By staff")


class ConflictAnswer(models.TextChoices):
    """What the judge said about one assigned application before opening it."""

    PENDING = "pending", _("Not answered yet")
    NO_CONFLICT = "no_conflict", _("No conflict of interest")
    RECUSED = "recused", _("Recused")


class AssignmentStatus(models.TextChoices):
    """Whether an assignment still counts: a conflict of interest that surfaces after assignment (a
    later declaration, or a change of the organisation's province or partners) withdraws it, and its
    scorecard, if any, is then left out of the ranking and the documents."""

    ACTIVE = "active", pgettext_lazy("assignment", "Active")
    WITHDRAWN = "withdrawn", _("Withdrawn: conflict of interest")


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("scorecard", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("scorecard", "Submitted")
