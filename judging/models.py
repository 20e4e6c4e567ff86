"""Judging: rounds with their rubric version, panels per category, judges' declared affiliations,
assignments (with each judge's conflict answer), and scorecards of integer-step scores."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Category, Criterion, Cycle, Prize, Rubric
from submissions.models import Application, Province

from .enums import AssignmentSource, AssignmentStatus, ConflictAnswer, RoundKind, ScorecardStatus
from .tiebreak import DEFAULT_TIE_BREAK, validate_tie_break


class Round(models.Model):
    """One judging round of a cycle (2022: screening on the documents, then the final)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("cycle"))
    position = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=RoundKind.choices)
    rubric = models.ForeignKey(Rubric, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("rubric"))
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    judges_per_application = models.PositiveSmallIntegerField(
        _("judges per application"), default=3, validators=[MinValueValidator(1)]
    )
    judge_cap = models.PositiveSmallIntegerField(
        _("most applications per judge"), default=40, validators=[MinValueValidator(1)]
    )
    advance_top_n = models.PositiveSmallIntegerField(_("shortlist the top N per category"), null=True, blank=True)
    advance_min_total = models.DecimalField(
        _("shortlist at or above this total"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    shortlist_confirmed_at = models.DateTimeField(_("shortlist confirmed at"), null=True, blank=True, editable=False)
    shortlist_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("shortlist confirmed by"),
    )
    shortlist_reason = models.TextField(_("the committee's reason for the shortlist"), blank=True, editable=False)
    tie_break = models.CharField(
        _("tie-break"),
        max_length=200,
        default=DEFAULT_TIE_BREAK,
        validators=[validate_tie_break],
        help_text=_(
            "Declared before scoring: how equal mean totals are ordered, steps separated by commas: "
            "dimension:N (the higher mean score in dimension N), median, normalised."
        ),
    )
    # Blind review: judges read the application without knowing who made it (the organisation's
    # name and province, and the answers and files of questions marked as identifying, are withheld
    # from every page and score sheet a judge reads); staff copies keep them.
    blind = models.BooleanField(
        _("blind round"),
        default=False,
        help_text=_("Judges do not see who applied: no organisation, province or identifying answer or file."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("judging round")
        verbose_name_plural = _("judging rounds")
        ordering = ["cycle", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "position"], name="judging_round_unique_position"),
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="judging_round_closes_after_opening"),
        ]

    def __str__(self):
        return f"{self.cycle.slug} · {self.get_kind_display()}"

    def is_open(self, at=None) -> bool:
        """Whether judges may score at ``at`` (default: now): from its opening to its closing, both included."""
        at = at or timezone.now()
        return self.opens_at <= at <= self.closes_at

    @staticmethod
    def open_at(at, *, via: str = "") -> Q:
        """``is_open`` as a filter: the rounds open at ``at`` (``via="round__"`` from a related model)."""
        return Q(**{f"{via}opens_at__lte": at, f"{via}closes_at__gte": at})


class Panel(models.Model):
    """The judges of one category in one round: a judge knows the categories of their panels."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="panels", verbose_name=_("round"))
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+", verbose_name=_("category"))
    judges = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="panels", verbose_name=_("judges"))

    class Meta:
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="judging_panel_one_per_category")]

    def __str__(self):
        return f"{self.round} · {self.category}"


class Declaration(models.Model):
    """What a judge declared before seeing any application of a cycle: the organisations and
    companies they work for, advise or have a stake in, and the provinces they are tied to."""

    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="declarations", verbose_name=_("judge")
    )
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+", verbose_name=_("cycle"))
    organisations = models.TextField(_("organisations and companies (one per line)"), blank=True)
    provinces = models.ManyToManyField(Province, blank=True, related_name="+", verbose_name=_("provinces"))
    declared_at = models.DateTimeField(_("declared at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("declaration of interests")
        verbose_name_plural = _("declarations of interests")
        constraints = [models.UniqueConstraint(fields=["judge", "cycle"], name="judging_declaration_one_per_cycle")]

    def __str__(self):
        return f"{self.judge} · {self.cycle.slug}"

    @property
    def organisation_names(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.organisations.splitlines() if line.strip())


class Assignment(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("judge")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("application")
    )
    source = models.CharField(_("made"), max_length=10, choices=AssignmentSource.choices)
    conflict_answer = models.CharField(
        _("conflict of interest"), max_length=12, choices=ConflictAnswer.choices, default=ConflictAnswer.PENDING
    )
    recusal_reason = models.CharField(_("reason for recusal"), max_length=300, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE, editable=False
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "judge", "application"]
        constraints = [
            models.UniqueConstraint(fields=["round", "judge", "application"], name="judging_assignment_unique")
        ]
        indexes = [models.Index(fields=["round", "application"], name="judging_assignment_round_app")]

    def __str__(self):
        return f"{self.judge} → {self.application}"

    @property
    def withdrawn(self) -> bool:
        return self.status == AssignmentStatus.WITHDRAWN

    @property
    def withdrawal_reason_display(self) -> str:
        """The stored reason (``<code>: <what matched>; …``) with each code in the reader's language."""
        labels = {"organisation": _("the organisation"), "partner": _("a partner"), "province": _("a province")}
        parts = []
        for part in filter(None, self.withdrawal_reason.split("; ")):
            code, _sep, detail = part.partition(": ")
            parts.append(f"{labels[code]}: {detail}" if code in labels else part)
        return "; ".join(parts)


class Scorecard(models.Model):
    """One judge's scores for one assigned application in one round."""

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="scorecard", verbose_name=_("assignment")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    comment = models.TextField(_("overall comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self):
        return str(self.assignment)


class Score(models.Model):
    """A criterion's score, kept as a whole number of the rubric's steps (0.5 points → 1), so that
    arithmetic is exact and identical on every database."""

    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="scores", verbose_name=_("scorecard")
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    steps = models.PositiveIntegerField(_("score in steps"))
    comment = models.TextField(_("comment"), blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="judging_score_one_per_criterion")
        ]

    def __str__(self):
        return f"{self.scorecard} · {self.criterion_id}: {self.steps}"


class PresentationSchedule(models.Model):
    """When and how a round's finalists present online: the window, the slot length, the changeover,
    the breaks, and whether there is one room or one room per category."""

    round = models.OneToOneField(
        Round, on_delete=models.CASCADE, related_name="presentation_schedule", verbose_name=_("round")
    )
    starts_at = models.DateTimeField(_("presentations start"))
    ends_at = models.DateTimeField(_("presentations end"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per presentation"), default=20, validators=[MinValueValidator(1)]
    )
    changeover_minutes = models.PositiveSmallIntegerField(_("minutes between presentations"), default=10)
    breaks = models.TextField(
        _("breaks"), blank=True, help_text=_("One break a line, as start–end times of the day, e.g. 12:00-13:00.")
    )
    room_per_category = models.BooleanField(_("one room per category"), default=False)
    video_url = models.URLField(_("video-call link"), blank=True, help_text=_("Used by rooms that have no link."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presentation schedule")
        verbose_name_plural = _("presentation schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="judging_presentations_end_after_start"
            )
        ]

    def __str__(self):
        return str(self.round)

    def clean(self):
        from django.core.exceptions import ValidationError

        from .presentation_times import parse_breaks

        try:
            parse_breaks(self.breaks)
        except ValueError as error:
            raise ValidationError({"breaks": str(error)}) from error


class Room(models.Model):
    """An online room with its judges and video-call link; one category, or every category."""

    schedule = models.ForeignKey(
        PresentationSchedule, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("schedule")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    video_url = models.URLField(_("video-call link"), blank=True)
    judges = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="presentation_rooms", verbose_name=_("judges")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["schedule", "position", "pk"]

    def __str__(self):
        return self.name


class PresentationSlot(models.Model):
    """One finalist's presentation: the room's judges hear it, less those who step out for a conflict
    of interest. ``sequence`` counts the changes sent to calendars (iCalendar SEQUENCE)."""

    schedule = models.ForeignKey(
        PresentationSchedule, on_delete=models.CASCADE, related_name="slots", verbose_name=_("schedule")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="slots", verbose_name=_("room"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="presentation_slots", verbose_name=_("application")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    video_url = models.URLField(_("video-call link"), blank=True, help_text=_("Leave empty to use the room's link."))
    stepping_out = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("judges stepping out (conflict)")
    )
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    sent_sequence = models.PositiveIntegerField(_("version sent"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        ordering = ["starts_at", "room__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "application"], name="judging_slot_one_per_application"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="judging_slot_ends_after_start"),
        ]
        indexes = [models.Index(fields=["starts_at"], name="judging_slot_starts_at")]

    def __str__(self):
        return f"{self.application} · {self.room}"

    @property
    def link(self) -> str:
        return self.video_url or self.room.video_url or self.schedule.video_url

    @property
    def judges(self) -> list:
        """The judges sitting in (reads prefetched ``room.judges`` and ``stepping_out`` when present)."""
        out = {user.pk for user in self.stepping_out.all()}
        return [judge for judge in self.room.judges.all() if judge.pk not in out]


class Decision(models.Model):
    """Who won a prize: recorded by the chair or staff, with the data the decision rests on frozen
    as canonical JSON (judges pseudonymised) and its SHA-256, so anyone can check it later."""

    prize = models.ForeignKey(Prize, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("award"))
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("application")
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"))
    data = models.TextField(_("canonical JSON"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    # A result corrected after finalisation: staff withdraw the decision with a reason (kept, and shown
    # on the public results page), reopen the scorecards, and finalise again with a new hash.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdrawal_reason = models.TextField(_("reason for the correction"), blank=True, editable=False)

    ACTIVE = Q(withdrawn_at__isnull=True)
    reason = models.TextField(_("the committee's reason"), blank=True, editable=False)
    deliberation_sha256 = models.CharField(_("SHA-256 of the deliberation"), max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["prize__cycle", "prize__position", "decided_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["prize", "application"], condition=Q(withdrawn_at__isnull=True), name="judging_decision_unique"
            )
        ]

    def __str__(self):
        return f"{self.prize} → {self.application}"


from .models_deliberation import DiscussionMessage, PanelSummary  # noqa: E402  (the panel's deliberation)
from .models_feedback import FeedbackDocument, FeedbackNotice, ReleasedComment  # noqa: E402  (feedback)

__all__ = [
    "Assignment",
    "Declaration",
    "Decision",
    "DiscussionMessage",
    "FeedbackDocument",
    "FeedbackNotice",
    "Panel",
    "PanelSummary",
    "PresentationSchedule",
    "PresentationSlot",
    "ReleasedComment",
    "Room",
    "Round",
    "Score",
    "Scorecard",
]
