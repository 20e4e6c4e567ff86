"""Applicants' data: organisations and their members, applications with one answer per question of
the cycle's form (awards.Field), structured partners, and private attachments."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.models import Category, Cycle, Field

from .enums import FINALIST_STATUSES, ApplicationStatus, MemberRole, OrganisationKind, PartnerKind, Region


class Province(models.Model):
    """One of Thailand's 77 provinces (reference data loaded by a migration from provinces.py)."""

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100, unique=True)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name_th"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "th").startswith("en") else self.name_th


class Organisation(models.Model):
    name = models.CharField(_("name of the organisation"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    kind = models.CharField(_("type"), max_length=30, choices=OrganisationKind.choices)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province"))
    address = models.TextField(_("address"))
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_phone = models.CharField(_("contact phone"), max_length=50)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation. One organisation at a time (staff can move people)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.EDITOR)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organisation", "joined_at"]

    def __str__(self):
        return f"{self.user} · {self.organisation}"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An owner's invitation to a colleague, accepted by logging in with the invited address."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.EDITOR)
    token = models.CharField(
        _("invitation code"), max_length=64, unique=True, default=_invitation_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), default=_invitation_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(accepted_at__isnull=True),
                name="submissions_invitation_one_open_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


# The columns an applicant edits on the project page (save_facts); every other fact is a question of
# the cycle's form (awards.Field), answered in Answer. The consent to publish, also on that page, is
# not one of them: it changes only through services.consent (audited, the showcase's words re-cut), and
# so does the consent to the showcase of an entry that was not shortlisted (showcase_consent).
FACT_FIELDS = ("title_th", "title_en", "category")


class Application(models.Model):
    """One project of one organisation, in one category of one cycle."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="applications", verbose_name=_("cycle"))
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="applications", verbose_name=_("category")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="applications", verbose_name=_("organisation")
    )
    reference = models.CharField(_("reference"), max_length=30, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    title_th = models.CharField(_("project title (Thai)"), max_length=300)
    title_en = models.CharField(_("project title (English)"), max_length=300, blank=True)
    cover_image = models.ImageField(_("cover image"), upload_to="covers/%Y/", blank=True)
    publish_consent = models.BooleanField(
        _("may be published if shortlisted"),
        default=False,
        help_text=_(
            "The summary and cover image may be shown in the Popular Vote gallery if the project is shortlisted."
        ),
    )
    showcase_consent = models.BooleanField(
        _("may be shown in the showcase even if not shortlisted"),
        default=False,
        help_text=_(
            "Once the results are announced, the project may be shown in the showcase of solutions with its "
            "answers marked public and its cover image, even if it was not shortlisted."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    # Which open form (browser tab) saved the facts last: its own autosave is not a conflict.
    facts_editor = models.CharField(max_length=32, blank=True, editable=False)
    # Who saved the facts last, so that a conflict can say "you, in another tab" or name the colleague.
    facts_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    extended_until = models.DateTimeField(_("personal extension until"), null=True, blank=True)
    extension_reason = models.CharField(_("reason for the extension"), max_length=300, blank=True)
    # Empty once the person who started it has deleted their account; the application stays editable.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Who withdrew it and when (cleared when staff reopen it; the history keeps every withdrawal).
    withdrawn_at = models.DateTimeField(_("time of withdrawal"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "version", "facts_editor", "facts_saved_by"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["cycle", "status"], name="submissions_app_cycle_status"),
            models.Index(fields=["organisation", "cycle"], name="submissions_app_org_cycle"),
        ]

    def __str__(self):
        return self.reference or self.title_th

    @property
    def public_consent(self) -> bool:
        """The consent under which the public reads the answers marked public and sees the cover. A
        finalist's is ``publish_consent`` alone. An entry that was not shortlisted is on a public page
        only as a winner (the results, under ``publish_consent``, as a finalist would be) or as an
        entrant in the showcase (listed only with ``showcase_consent``), so either consent counts."""
        if self.status in FINALIST_STATUSES:
            return self.publish_consent
        return self.showcase_consent or self.publish_consent


class ReferenceCounter(models.Model):
    """The last reference number given per cycle and category, taken under a row lock."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle", "category"], name="submissions_reference_counter_unique")
        ]

    def __str__(self):
        return f"{self.cycle_id}/{self.category_id}: {self.last}"


class Answer(models.Model):
    """The applicant's answer to one question of the form; ``version`` detects a concurrent edit.

    ``value`` is the answer as submissions.fieldkinds stores it: text, a decimal as text, an ISO date,
    an option's value or a list of them, "yes"/"no", a province code, or a list of rows for a group.
    A file question's answer is its attachments (Attachment.field).
    """

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question"))
    value = models.JSONField(_("answer"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    # Which open form (browser tab) saved the answer last: its own autosave is not a conflict.
    editor = models.CharField(max_length=32, blank=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("saved by")
    )
    history = HistoricalRecords(excluded_fields=["editor", "updated_at"])

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["application", "field__section__position", "field__position", "field_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "field"], name="submissions_answer_one_per_field")
        ]

    def __str__(self):
        return f"{self.application} · {self.field}"


class Partner(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partners", verbose_name=_("application")
    )
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("partner"), max_length=300)
    kind = models.CharField(_("type"), max_length=20, choices=PartnerKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["application", "position", "id"]

    def __str__(self):
        return self.name


def attachment_path(instance, filename):
    # The stored name is random (see filetypes.safe_storage_name); the original is kept for display.
    return f"attachments/{instance.application.cycle_id}/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    # The file question it answers; empty for the general attachments of the application.
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments", verbose_name=_("question")
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    # A general attachment the applicant marked as showing who applied (a logo, a letterhead, names):
    # withheld from judges in a blind round, as the files of identifying questions are (judging.reading).
    identifying = models.BooleanField(
        _("shows who applied"),
        default=False,
        help_text=_("Withheld from judges in a blind round (a logo, a letterhead, people's names)."),
    )
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)
    size = models.PositiveBigIntegerField(_("size (bytes)"), validators=[MaxValueValidator(10**10)])
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["application", "uploaded_at", "id"]

    def __str__(self):
        return self.original_name


class ProvinceViewerScope(models.Model):
    """The one province a DLA or province officer (the province_viewer role) reads the report of."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="province_scope", verbose_name=_("user")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="viewer_scopes", verbose_name=_("province")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("province viewer")
        verbose_name_plural = _("province viewers")
        permissions = [("view_dla_report", _("Can read the report of local governments that applied"))]

    def __str__(self):
        return f"{self.user} · {self.province}"
