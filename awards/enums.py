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
    # From this moment each applicant whose application was judged downloads their feedback (scores,
    # the category's mean, their rank band, the comments the chair released) and is told by e-mail.
    FEEDBACK = "feedback", _("Feedback to applicants")


# Milestones that are windows (a start and an end) rather than moments.
WINDOW_KINDS = frozenset({MilestoneKind.PRESENTATIONS, MilestoneKind.VOTING})


class PrizeKind(models.TextChoices):
    CATEGORY = "category", _("Category award")
    POPULAR_VOTE = "popular_vote", _("Popular Vote")
    SPECIAL = "special", _("Special award")


class FieldKind(models.TextChoices):
    """The kinds of question an application form asks (awards.fieldkinds reads and checks each)."""

    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount in baht")
    DATE = "date", _("Date")
    CHOICE = "choice", _("One choice")
    CHOICES = "choices", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    URL = "url", _("Web address")
    EMAIL = "email", _("E-mail address")
    PROVINCE = "province", _("Province")
    GROUP = "group", _("Repeating group")
    FILE = "file", _("Files")


class Visibility(models.TextChoices):
    """Who may read a field's answers besides the applicant's own organisation."""

    STAFF = "staff", _("Staff only")
    JUDGES = "judges", _("Staff and judges")
    PUBLIC = "public", _("Also the public, once the organisation consents")


class FieldRule(models.TextChoices):
    """An eligibility rule a field's answer must meet at submission (awards.fieldkinds.rule_problem)."""

    NONE = "", _("No rule")
    MONTHS_BEFORE_DEADLINE = "months_before_deadline", _("Date at least N calendar months before the deadline")
    AT_LEAST = "at_least", _("Number at least N")
    AT_MOST = "at_most", _("Number at most N")
    MUST_BE_YES = "must_be_yes", _("Answer must be yes")
