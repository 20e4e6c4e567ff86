"""Generated documents: PDF jobs rendered by a worker (status, error, attempts, the stored file),
the batches staff start from admin (their progress), certificates with their verification code, and
how a cycle's certificates look and read (emblem, partners' logos, wording, signatories), and the
official letters to applicants with their per-cycle numbers."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from awards.models import Bilingual, Category, Cycle, Prize
from core.thai import thai_digits
from judging.models import Assignment, Panel, Round
from submissions.models import Application

from .enums import TARGET_FIELDS, TARGETS, DocumentKind, DocumentStatus, LetterKind


def _certificate_code() -> str:
    # 128 random bits: a code cannot be guessed, so a forged certificate cannot point at a real page.
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """A prize given to an application, in one language, with the code its QR code verifies."""

    prize = models.ForeignKey(Prize, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("award"))
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("application")
    )
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    code = models.CharField(
        _("verification code"), max_length=40, unique=True, default=_certificate_code, editable=False
    )
    awarded_on = models.DateField(_("date on the certificate"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("issued by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["prize", "application", "language"], name="documents_certificate_unique")
        ]

    def __str__(self):
        return f"{self.prize} · {self.application} ({self.language})"

    def clean(self):
        if self.prize_id and self.application_id and self.prize.cycle_id != self.application.cycle_id:
            raise ValidationError(_("The award and the application belong to different cycles."))
        same_category = not (self.prize_id and self.prize.category_id and self.application_id) or (
            self.prize.category_id == self.application.category_id
        )
        if not same_category:
            raise ValidationError(_("This award is for another category than the application's."))


# The Thai convention of an award certificate (เกียรติบัตร), and its English counterpart.
DEFAULT_WORDING = {
    "opening_th": "เกียรติบัตรฉบับนี้ให้ไว้เพื่อแสดงว่า",
    "opening_en": "This is to certify that",
    "citation_th": "ได้รับ",
    "citation_en": "has received the",
    "closing_th": "ขอแสดงความยินดีมา ณ โอกาสนี้",
    "closing_en": "With our congratulations.",
}
MAX_SIGNATORIES = 3
MAX_PARTNER_LOGOS = 3


def design_image_path(instance, filename):
    # The form has already given the file a random name and the extension of its content
    # (documents/forms.py): what staff called the file reaches no path or object key.
    design = instance if isinstance(instance, CertificateDesign) else instance.design
    return f"certificates/{design.cycle_id}/{filename}"


class CertificateDesign(Bilingual):
    """How the certificates of one cycle look and read: the organiser's emblem, up to three partners'
    logos, the wording around the winner's name, and (below) who signs them. Kept beside the
    certificates rather than on the cycle: it is the documents' business, and its images are checked
    by content as attachments are (documents/images.py)."""

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, related_name="certificate_design", verbose_name=_("award cycle")
    )
    emblem = models.FileField(
        _("emblem of the organiser"),
        upload_to=design_image_path,
        max_length=200,
        blank=True,
        help_text=_("Printed at the top of the certificate, before the partners' logos."),
    )
    opening_th = models.CharField(_("opening words (Thai)"), max_length=200, default=DEFAULT_WORDING["opening_th"])
    opening_en = models.CharField(_("opening words (English)"), max_length=200, default=DEFAULT_WORDING["opening_en"])
    citation_th = models.CharField(
        _("words before the award (Thai)"), max_length=200, default=DEFAULT_WORDING["citation_th"]
    )
    citation_en = models.CharField(
        _("words before the award (English)"), max_length=200, default=DEFAULT_WORDING["citation_en"]
    )
    closing_th = models.CharField(
        _("closing words (Thai)"), max_length=300, blank=True, default=DEFAULT_WORDING["closing_th"]
    )
    closing_en = models.CharField(
        _("closing words (English)"), max_length=300, blank=True, default=DEFAULT_WORDING["closing_en"]
    )

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        ordering = ["-cycle__year", "cycle__slug"]

    def __str__(self):
        return str(self.cycle)

    @property
    def opening(self) -> str:
        return self.localized("opening")

    @property
    def citation(self) -> str:
        return self.localized("citation")

    @property
    def closing(self) -> str:
        # No fallback to Thai: an English closing left empty means none on English certificates.
        return self.closing_en if (get_language() or "th").startswith("en") else self.closing_th


class Signatory(Bilingual):
    """A person who signs a cycle's certificates (one to three, in their order on the page)."""

    design = models.ForeignKey(
        CertificateDesign, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("certificate design")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_th = models.CharField(_("name (Thai)"), max_length=200, help_text=_("For example นายสมชาย ใจดี"))
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    position_th = models.CharField(_("position (Thai)"), max_length=300)
    position_en = models.CharField(_("position (English)"), max_length=300, blank=True)
    signature = models.FileField(
        _("signature"),
        upload_to=design_image_path,
        max_length=200,
        blank=True,
        help_text=_("A PNG or JPEG of the signature (a transparent PNG prints best)."),
    )

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["design", "order", "id"]

    def __str__(self):
        return self.name_th

    @property
    def position(self) -> str:
        return self.localized("position")


class PartnerLogo(Bilingual):
    """The logo of an organisation that gives the award with the organiser (up to three)."""

    design = models.ForeignKey(
        CertificateDesign, on_delete=models.CASCADE, related_name="logos", verbose_name=_("certificate design")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name_th = models.CharField(
        _("partner's name (Thai)"), max_length=300, help_text=_("Read out for the logo by screen readers.")
    )
    name_en = models.CharField(_("partner's name (English)"), max_length=300, blank=True)
    image = models.FileField(_("logo"), upload_to=design_image_path, max_length=200)

    class Meta:
        verbose_name = _("partner's logo")
        verbose_name_plural = _("partners' logos")
        ordering = ["design", "order", "id"]

    def __str__(self):
        return self.name_th


class DocumentBatch(models.Model):
    """Documents that staff asked for together (one admin action), so that they see its progress."""

    label = models.CharField(_("what"), max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of documents")
        verbose_name_plural = _("batches of documents")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.label

    def counts(self) -> dict[str, int]:
        """How many documents of the batch are in each status, and in all (one query)."""
        figures = self.documents.aggregate(
            total=Count("id"), **{status: Count("id", filter=Q(status=status)) for status in DocumentStatus.values}
        )
        return figures


def document_path(instance, filename):
    # A random name: a stored file's address says nothing about whose document it is.
    return f"documents/{instance.kind}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """One PDF to render: what it is about, its language, where the job stands and the stored file."""

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="th")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("application")
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("assignment")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("judging round")
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    certificate = models.ForeignKey(
        Certificate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("certificate"),
    )
    batch = models.ForeignKey(
        DocumentBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("batch"),
    )
    status = models.CharField(_("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The time by which a worker must show that the job is alive: a queued job must have been taken,
    # a rendering one its lease renewed (every 30 s while it renders). Past it, the sweep of
    # documents/services.py queues the job again (empty once the job is done or failed).
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="documents_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.target_label}"

    @property
    def target_label(self) -> str:
        parts = [str(getattr(self, field)) for field in TARGETS.get(self.kind, ()) if getattr(self, f"{field}_id")]
        return " · ".join(parts)

    def clean(self):
        needed = TARGETS.get(self.kind, ())
        missing = [field for field in needed if not getattr(self, f"{field}_id")]
        extra = [field for field in TARGET_FIELDS if field not in needed and getattr(self, f"{field}_id")]
        if missing or extra:
            raise ValidationError(
                _("A %(kind)s is about: %(fields)s.") % {"kind": self.get_kind_display(), "fields": ", ".join(needed)}
            )

    def filename(self) -> str:
        """The name a download is saved under."""
        label = {
            DocumentKind.APPLICATION: lambda: self.application.reference or f"application-{self.application_id}",
            DocumentKind.SCORE_SHEET: lambda: f"score-sheet-{self.assignment_id}",
            DocumentKind.SUMMARY: lambda: f"summary-{self.application.reference or self.application_id}",
            DocumentKind.COMMITTEE_BOOK: lambda: f"committee-book-{self.category.code}-{self.round_id}",
            DocumentKind.CERTIFICATE: lambda: f"certificate-{self.certificate.application.reference or self.pk}",
        }[self.kind]()
        return f"{label}-{self.language}.pdf"


# Admin pages from which staff generate documents, over other apps' data (proxies: no tables).
class ApplicationForDocuments(Application):
    class Meta:
        proxy = True
        verbose_name = _("application (documents)")
        verbose_name_plural = _("applications: PDFs and certificates")


class AssignmentForScoreSheets(Assignment):
    class Meta:
        proxy = True
        verbose_name = _("assignment (score sheet)")
        verbose_name_plural = _("score sheets of the judges")


class PanelForCommitteeBooks(Panel):
    class Meta:
        proxy = True
        verbose_name = _("category of a round (committee book)")
        verbose_name_plural = _("committee books")


class CycleForCertificates(Cycle):
    class Meta:
        proxy = True
        verbose_name = _("award cycle (certificates)")
        verbose_name_plural = _("certificates for the winners")


# Official letters (หนังสือราชการ): one per application, kind and language, numbered in the cycle's
# series of reference numbers (ที่ ดศ 5004/<n>).


class LetterSeries(Bilingual):
    """A cycle's series of letter numbers: the prefix each number follows (the agency's เลขที่หนังสือ,
    e.g. "ดศ 5004/") and the last number given. Numbers are taken by ``services.letters``: an
    UPDATE of this row (last_number + 1), which holds the row until the letter's transaction ends,
    so two workers never take one number, on PostgreSQL as on SQLite."""

    cycle = models.OneToOneField(
        Cycle, on_delete=models.CASCADE, related_name="letter_series", verbose_name=_("award cycle")
    )
    prefix_th = models.CharField(
        _("reference prefix (Thai)"),
        max_length=40,
        default="ดศ 5004/",
        help_text=_("Printed before each letter's number, e.g. ดศ 5004/"),
    )
    prefix_en = models.CharField(_("reference prefix (English)"), max_length=40, blank=True)
    last_number = models.PositiveIntegerField(_("last number given"), default=0, editable=False)

    class Meta:
        verbose_name = _("letter number series")
        verbose_name_plural = _("letter number series")
        ordering = ["-cycle__year", "cycle__slug"]

    def __str__(self):
        return f"{self.cycle} · {self.prefix_th}"


def letter_path(instance, filename):
    # A random name, as for every generated document.
    return f"letters/{instance.cycle_id}/{uuid.uuid4().hex}.pdf"


class Letter(models.Model):
    """An official letter to an application's organisation, in one language, with its number in
    the cycle's series. Re-issuing it renders it again under the same number (and says so)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="letters", verbose_name=_("award cycle"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="letters", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LetterKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES, default="th")
    number = models.PositiveIntegerField(_("number"), editable=False)
    prefix = models.CharField(_("reference prefix"), max_length=40, blank=True, editable=False)
    issued_at = models.DateTimeField(_("issued at"), editable=False)
    reissued_at = models.DateTimeField(_("re-issued at"), null=True, blank=True, editable=False)
    reissue_count = models.PositiveSmallIntegerField(_("times re-issued"), default=0, editable=False)
    file = models.FileField(_("file"), upload_to=letter_path, max_length=300, blank=True, editable=False)
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True, editable=False)
    # Each rendering a worker starts counts (one whose worker died too) for the current version; the
    # last failure's text is kept for staff, and after ``letters.MAX_ATTEMPTS`` the letter is failed
    # (``failed_at``) and left to staff, who render it again from admin once the cause is fixed.
    attempts = models.PositiveSmallIntegerField(_("rendering attempts"), default=0, editable=False)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True, editable=False)
    error = models.TextField(_("error"), blank=True, editable=False)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("official letter")
        verbose_name_plural = _("official letters")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="documents_letter_number_unique"),
            models.UniqueConstraint(fields=["application", "kind", "language"], name="documents_letter_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.reference} · {self.get_kind_display()}"

    @property
    def reference(self) -> str:
        """The number as the letter prints it: ``ดศ 5004/๑๒`` in Thai (Thai digits), ``5004/12`` in English."""
        text = f"{self.prefix}{self.number}"
        return thai_digits(text) if self.language == "th" else text

    def filename(self) -> str:
        return f"letter-{self.number}-{self.kind.replace('_', '-')}-{self.language}.pdf"
