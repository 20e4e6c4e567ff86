"""The competition as data: the cycle, its categories, prizes and timeline, and the published call
(rubric versions with dimensions and criteria, and the sections of the application form)."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.formats import phone_number

from .enums import WINDOW_KINDS, MilestoneKind, PrizeKind


class Bilingual(models.Model):
    """Models with ``<field>_th`` / ``<field>_en`` pairs; Thai is the fallback for a missing English."""

    class Meta:
        abstract = True

    def localized(self, field: str) -> str:
        if (get_language() or "th").startswith("en"):
            english = getattr(self, f"{field}_en", "")
            if english:
                return english
        return getattr(self, f"{field}_th")

    @property
    def name(self) -> str:
        return self.localized("name")


# First path segments the site itself uses that the URLs do not show (served before Django, or
# kept for later); every page of the URLs is found by resolving the address (_address_taken).
RESERVED_SLUGS = frozenset(
    {"accounts", "admin", "en", "th", "healthz", "static", "media", "staff", "api", "my", "privacy", "invitations"}
    | {"website-policy", "accessibility"}
    | {"judging", "account", "reports", "documents", "verify", "vote", "v"}
)


def _address_taken(slug: str) -> bool:
    """Whether ``/<slug>/`` belongs to the site (a page of its own, such as /solutions/, or a prefix
    served before Django): read from the URLs themselves, so a page added later is covered too."""
    if slug in RESERVED_SLUGS:
        return True
    # In the site's own language, whose addresses carry no prefix (as an edition's does).
    with override(settings.LANGUAGE_CODE):
        try:
            return resolve(f"/{slug}/").url_name != "cycle"
        except Resolver404:
            return True


RETENTION_YEARS_MESSAGE = _("Keep the applications for 1 to 100 years after the results.")

# A reference prefix is letters only, so that the Buddhist-era year after it always reads apart.
REFERENCE_PREFIX = re.compile(r"[A-Z]+")


class Cycle(Bilingual):
    """One edition of an award (2022 is one cycle); its public page is ``/<slug>/``."""

    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("The public address: this short name after the site's address, e.g. /2022/")
    )
    year = models.PositiveSmallIntegerField(_("year (Christian Era)"))
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=10,
        default="SCSA",
        help_text=_("Application references start with it and the Buddhist-era year, e.g. SCSA2565-MOB-001."),
    )
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    organiser_th = models.CharField(_("organiser (Thai)"), max_length=200)
    organiser_en = models.CharField(_("organiser (English)"), max_length=200, blank=True)
    concept_th = models.CharField(_("concept (Thai)"), max_length=300, blank=True)
    concept_en = models.CharField(_("concept (English)"), max_length=300, blank=True)
    description_th = models.TextField(_("what the award is (Thai)"))
    description_en = models.TextField(_("what the award is (English)"), blank=True)
    eligibility_th = models.TextField(_("who may apply (Thai)"))
    eligibility_en = models.TextField(_("who may apply (English)"), blank=True)
    contact_office_th = models.CharField(
        _("contact office (Thai)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The office that answers applicants, e.g. the unit of the organiser that runs the award. "
            "E-mails of this edition end with it, under “Yours sincerely”, and the contact lines below."
        ),
    )
    contact_office_en = models.CharField(_("contact office (English)"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=100, blank=True, help_text=_("The number alone, e.g. 0 2026 2333.")
    )
    contact_phone_extension = models.CharField(
        _("contact phone extension"),
        max_length=20,
        blank=True,
        help_text=_("Printed after the number: “ต่อ 5103” in Thai, “ext. 5103” in English."),
    )
    contact_address_th = models.TextField(_("contact address (Thai)"), blank=True)
    contact_address_en = models.TextField(_("contact address (English)"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    is_archived = models.BooleanField(
        _("archived"), default=False, help_text=_("A past edition: shown under earlier editions.")
    )
    # PDPA retention (submissions.services.retention): counted from the results (awards.selectors.purge_due_at).
    retention_years = models.PositiveSmallIntegerField(
        _("years to keep the applications"),
        default=5,
        validators=[
            MinValueValidator(1, message=RETENTION_YEARS_MESSAGE),
            MaxValueValidator(100, message=RETENTION_YEARS_MESSAGE),
        ],
        help_text=_(
            "Counted from the announcement of the results (without one, from the cycle's last date). Then the "
            "applications, their answers and files, the judges' scores and the Popular Vote ledger are "
            "deleted; the winners keep their public record (organisation, project title, category, award)."
        ),
    )
    applications_purged_at = models.DateTimeField(_("applications purged at"), null=True, blank=True, editable=False)
    # What the purge removed: {"deleted": {model label: rows}, "anonymised": {...}, "files": n, "history": n}.
    purge_counts = models.JSONField(_("what the purge removed"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        ordering = ["-year", "slug"]

    def __str__(self):
        return self.name_th

    def clean(self):
        errors = {}
        if self.slug and _address_taken(self.slug):
            errors["slug"] = _("This address is used by the site itself; choose another.")
        if self.reference_prefix and self.year:
            problem = self._reference_prefix_problem()
            if problem:
                errors["reference_prefix"] = problem
        if errors:
            raise ValidationError(errors)

    @property
    def reference_stem(self) -> str:
        """What this edition's application references start with, e.g. ``SCSA2565``."""
        return f"{self.reference_prefix}{self.year + 543}"

    def _reference_prefix_problem(self) -> str | None:
        """Why this edition's references could collide with another edition's, if they could.

        A reference is the prefix, the Buddhist-era year, the category code and a number. With a prefix
        of letters only, two editions can give the same reference only when they share prefix and
        year, or when another edition gave references with this stem before its prefix was changed.
        Refusing both here means an applicant's submit never meets a taken reference."""
        if not REFERENCE_PREFIX.fullmatch(self.reference_prefix):
            return _("Use capital letters A–Z only, e.g. SCSA: the year and the category code follow it.")
        others = Cycle.objects.exclude(pk=self.pk)
        twin = others.filter(year=self.year, reference_prefix=self.reference_prefix).first()
        if twin is not None:
            return _(
                "The edition “%(other)s” (%(year)s) already uses the reference prefix %(prefix)s, so both would "
                "give references starting %(stem)s-. Choose another prefix for one of them."
            ) % {"other": twin.name_th, "year": twin.year, "prefix": self.reference_prefix, "stem": self.reference_stem}
        # Through the applications' reverse relation (submissions), so that awards imports nothing above it.
        earlier = others.filter(applications__reference__startswith=f"{self.reference_stem}-").first()
        if earlier is not None:
            return _(
                "Applications of the edition “%(other)s” already have references starting %(stem)s- (it used "
                "this prefix before). Choose another prefix."
            ) % {"other": earlier.name_th, "stem": self.reference_stem}
        return None

    @property
    def organiser(self) -> str:
        return self.localized("organiser")

    @property
    def concept(self) -> str:
        return self.localized("concept")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def eligibility(self) -> str:
        return self.localized("eligibility")

    @property
    def contact_address(self) -> str:
        return self.localized("contact_address")

    @property
    def contact_office(self) -> str:
        return self.localized("contact_office")

    @property
    def contact_phone_line(self) -> str:
        """The telephone number with its extension, in the active language."""
        return phone_number(self.contact_phone, self.contact_phone_extension) if self.contact_phone else ""


class Category(Bilingual):
    """A category of a cycle (Smart Environment, ...): one award each unless the prizes say otherwise."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="categories", verbose_name=_("cycle"))
    slug = models.SlugField(_("slug"))
    code = models.CharField(
        _("code"),
        max_length=5,
        help_text=_("A short code of capital letters used in application references, e.g. MOB."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["cycle", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "slug"], name="awards_category_unique_slug"),
            models.UniqueConstraint(fields=["cycle", "code"], name="awards_category_unique_code"),
        ]

    def __str__(self):
        return self.name_en or self.name_th

    @property
    def description(self) -> str:
        return self.localized("description")


class Prize(Bilingual):
    """An award to be given: per category, or cycle-wide such as the Popular Vote."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="prizes", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=20, choices=PrizeKind.choices, default=PrizeKind.CATEGORY)
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="prizes",
        verbose_name=_("category"),
        help_text=_("Empty for a cycle-wide award such as the Popular Vote."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_th = models.CharField(_("name (Thai)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level_th = models.CharField(_("level (Thai)"), max_length=100, blank=True, help_text=_("For example ดีเด่น"))
    level_en = models.CharField(_("level (English)"), max_length=100, blank=True)
    quantity = models.PositiveSmallIntegerField(_("how many"), default=1, validators=[MinValueValidator(1)])
    reward_th = models.CharField(_("what winners receive (Thai)"), max_length=300, blank=True)
    reward_en = models.CharField(_("what winners receive (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["cycle", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=PrizeKind.CATEGORY, category__isnull=False) | ~Q(kind=PrizeKind.CATEGORY),
                name="awards_prize_category_kind_has_category",
            ),
            models.CheckConstraint(
                condition=~Q(kind=PrizeKind.POPULAR_VOTE) | Q(category__isnull=True),
                name="awards_prize_popular_vote_is_cycle_wide",
            ),
        ]

    def __str__(self):
        # Staff pick a prize from lists that hold every category and edition, where the prize's name
        # alone repeats (one "Outstanding award" per category): the label says both. Lists that show
        # prizes select their category and cycle with them.
        category = self.category.name if self.category_id else ""
        cycle = self.cycle.name if self.cycle_id else ""
        return " · ".join(part for part in (self.name, category, cycle) if part)

    @property
    def level(self) -> str:
        return self.localized("level")

    @property
    def reward(self) -> str:
        return self.localized("reward")

    def clean(self):
        if self.kind == PrizeKind.CATEGORY and not self.category_id:
            raise ValidationError({"category": _("A category award needs its category.")})
        if self.kind == PrizeKind.POPULAR_VOTE and self.category_id:
            raise ValidationError({"category": _("The Popular Vote is cycle-wide: leave the category empty.")})
        if self.category_id and self.category.cycle_id != self.cycle_id:
            raise ValidationError({"category": _("This category belongs to another cycle.")})


class Milestone(Bilingual):
    """A date of the timeline. Windows (presentations, voting) have an end; the others are moments."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("cycle"))
    kind = models.CharField(_("kind"), max_length=30, choices=MilestoneKind.choices)
    starts_at = models.DateTimeField(_("date and time"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    show_time = models.BooleanField(_("show the time"), default=False)
    note_th = models.CharField(_("note (Thai)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)
    link = models.URLField(_("link"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["cycle", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="awards_milestone_unique_kind"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="awards_milestone_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.cycle.slug})"

    @property
    def note(self) -> str:
        return self.localized("note")

    def clean(self):
        if self.kind in WINDOW_KINDS and not self.ends_at:
            raise ValidationError({"ends_at": _("This milestone is a window: give its end.")})
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end must come after the start.")})


class DeadlineExtension(models.Model):
    """One move of a milestone (2022: the submission deadline moved from 30 July to 31 August)."""

    milestone = models.ForeignKey(
        Milestone, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("milestone")
    )
    previous_at = models.DateTimeField(_("previous date"))
    new_at = models.DateTimeField(_("new date"))
    reason_th = models.CharField(_("reason (Thai)"), max_length=300, blank=True)
    reason_en = models.CharField(_("reason (English)"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["milestone", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(new_at__gt=models.F("previous_at")), name="awards_extension_moves_later")
        ]

    def __str__(self):
        return f"{self.milestone}: {self.previous_at:%Y-%m-%d} → {self.new_at:%Y-%m-%d}"


class Rubric(models.Model):
    """A version of a cycle's published criteria. Locked once its first score exists: a changed
    rubric is a new version, so that a recorded score never silently changes meaning."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="rubrics", verbose_name=_("cycle"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    score_step = models.DecimalField(
        _("score step"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rubric")
        verbose_name_plural = _("rubrics")
        ordering = ["cycle", "-version"]
        constraints = [models.UniqueConstraint(fields=["cycle", "version"], name="awards_rubric_unique_version")]

    def __str__(self):
        return f"{self.cycle.slug} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class RubricPart(Bilingual):
    """Shared checks for the parts of a rubric, which cannot change once the rubric is locked."""

    class Meta:
        abstract = True

    def rubric_of(self) -> Rubric | None:
        raise NotImplementedError

    def clean(self):
        rubric = self.rubric_of()
        if rubric is not None and rubric.is_locked:
            raise ValidationError(_("This rubric is locked because scores exist. Create a new version to change it."))


class Dimension(RubricPart):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("rubric"))
    position = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("name (Thai)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["rubric", "position"]
        constraints = [models.UniqueConstraint(fields=["rubric", "position"], name="awards_dimension_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.name_th}"

    def rubric_of(self):
        return self.rubric if self.rubric_id else None


class Criterion(RubricPart):
    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("dimension")
    )
    position = models.PositiveSmallIntegerField(_("number"))
    name_th = models.TextField(_("criterion (Thai)"))
    name_en = models.TextField(_("criterion (English)"), blank=True)
    guidance_th = models.TextField(_("guidance for judges (Thai)"), blank=True)
    guidance_en = models.TextField(_("guidance for judges (English)"), blank=True)
    max_points = models.DecimalField(
        _("maximum points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["dimension", "position"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "position"], name="awards_criterion_unique_position")
        ]

    def __str__(self):
        return f"{self.dimension.position}.{self.position} {self.name_th[:60]}"

    @property
    def guidance(self) -> str:
        return self.localized("guidance")

    def rubric_of(self):
        return self.dimension.rubric if self.dimension_id else None


class Section(Bilingual):
    """A page of the application form: a group of questions (``Field``) with guidance for applicants."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="sections", verbose_name=_("cycle"))
    position = models.PositiveSmallIntegerField(_("number"))
    name_th = models.CharField(_("title (Thai)"), max_length=300)
    name_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    guidance_th = models.TextField(_("guidance for applicants (Thai)"), blank=True)
    guidance_en = models.TextField(_("guidance for applicants (English)"), blank=True)

    class Meta:
        verbose_name = _("section of the application")
        verbose_name_plural = _("sections of the application")
        ordering = ["cycle", "position"]
        constraints = [models.UniqueConstraint(fields=["cycle", "position"], name="awards_section_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.name_th}"

    @property
    def guidance(self) -> str:
        return self.localized("guidance")


from .models_form import Field  # noqa: E402,F401  (the questions of the application form)
