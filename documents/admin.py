"""Staff generate documents from admin (one or many at once, after a confirmation page), follow a
batch's progress ("12 of 40 done"), see failures with their error and retry them, and download; and
they set how each cycle's certificates look and read (emblem, partners' logos, wording, signatories);
the official letters' admin is documents/admin_letters.py."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_tools import ReadOnlyAdmin
from awards.models import Cycle, Prize
from submissions.enums import ENTERED_STATUSES

from . import services
from .enums import DocumentKind, DocumentStatus
from .forms import (
    CertificateDesignForm,
    CertificateForm,
    ConfirmForm,
    GenerateForm,
    PartnerLogoForm,
    PartnerLogoFormSet,
    SignatoryForm,
    SignatoryFormSet,
    SummaryForm,
)
from .models import (
    MAX_PARTNER_LOGOS,
    MAX_SIGNATORIES,
    ApplicationForDocuments,
    AssignmentForScoreSheets,
    Certificate,
    CertificateDesign,
    CycleForCertificates,
    Document,
    DocumentBatch,
    PanelForCommitteeBooks,
    PartnerLogo,
    Signatory,
)


def _batch_message(admin_site, request, batch) -> None:
    url = reverse("admin:documents_document_changelist") + f"?batch__id__exact={batch.pk}"
    admin_site.message_user(
        request,
        format_html(
            '{} <a href="{}">{}</a>',
            ngettext("%(count)s document queued.", "%(count)s documents queued.", batch.documents.count())
            % {"count": batch.documents.count()},
            url,
            _("Follow their progress"),
        ),
        messages.SUCCESS,
    )


def confirm_and_generate(modeladmin, request, queryset, *, form_class, title, generate, cycle_ids=()):
    """The confirmation page of a generating action; on "confirm", ``generate(form)`` makes the batch."""
    form = form_class(request.POST if "confirm" in request.POST else None, cycle_ids=cycle_ids)
    if "confirm" in request.POST and form.is_valid():
        try:
            batch = generate(form)
        except ValidationError as error:
            modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        _batch_message(modeladmin, request, batch)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": list(queryset[:200]),
        "count": queryset.count(),
        "form": form,
        "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/documents/confirm.html", context)


@admin.register(DocumentBatch)
class DocumentBatchAdmin(admin.ModelAdmin):
    list_display = ["label", "progress", "failed", "requested_by", "created_at"]
    list_select_related = ["requested_by"]
    readonly_fields = ["label", "requested_by", "created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                total=Count("documents"),
                done=Count("documents", filter=Q(documents__status=DocumentStatus.DONE)),
                failures=Count("documents", filter=Q(documents__status=DocumentStatus.FAILED)),
            )
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        url = reverse("admin:documents_document_changelist") + f"?batch__id__exact={obj.pk}"
        text = _("%(done)s of %(total)s done") % {"done": obj.done, "total": obj.total}
        return format_html('<a href="{}">{}</a>', url, text)

    @admin.display(description=_("failed"), ordering="failures")
    def failed(self, obj):
        return obj.failures


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "language",
        "status",
        "attempts",
        "pages",
        "requested_by",
        "created_at",
        "download",
        "failure",
    ]
    list_filter = ["status", "kind", "language", "batch"]
    list_select_related = [
        "application",
        "assignment__judge",
        "assignment__application",
        "round__cycle",
        "category",
        "certificate__prize__category",
        "certificate__prize__cycle",
        "certificate__application",
        "requested_by",
    ]
    readonly_fields = [
        "kind",
        "language",
        "application",
        "assignment",
        "round",
        "category",
        "certificate",
        "batch",
        "status",
        "error",
        "attempts",
        "lease_until",
        "pages",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "download",
    ]
    exclude = ["file"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "progress": self._progress(request)}
        return super().changelist_view(request, extra_context)

    def _progress(self, request):
        batch = request.GET.get("batch__id__exact")
        if not (batch and batch.isdigit()):
            return None
        batch = DocumentBatch.objects.filter(pk=batch).first()
        return {"batch": batch, **batch.counts()} if batch else None

    @admin.display(description=_("file"))
    def download(self, obj):
        if obj.status != DocumentStatus.DONE or not obj.file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("documents:download", args=[obj.pk]), _("Download PDF"))

    @admin.display(description=_("error"))
    def failure(self, obj):
        # The first line of the error in the list (which file, which exception); the document's
        # page shows all of it. Staff select the failed ones and render them again (the action).
        return obj.error.splitlines()[0][:120] if obj.error else ""

    @admin.action(description=_("Render the selected failed documents again"))
    def retry(self, request, queryset):
        count = services.retry_documents(documents=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)s document queued again.", "%(count)s documents queued again.", count) % {"count": count},
        )


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["application", "prize", "language", "awarded_on", "issued_by", "created_at", "verification"]
    list_filter = ["prize__cycle", "language"]
    list_select_related = ["application", "prize__category", "prize__cycle", "issued_by"]
    search_fields = ["application__reference", "application__title_th", "application__organisation__name"]
    fields = ["prize", "application", "language"]
    actions = ["render"]

    def get_readonly_fields(self, request, obj=None):
        return ["prize", "application", "language", "awarded_on", "code"] if obj else []

    def get_fields(self, request, obj=None):
        return ["prize", "application", "language", "awarded_on", "code"] if obj else self.fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "prize":
            kwargs["queryset"] = Prize.objects.select_related("category", "cycle")
        if db_field.name == "application":
            kwargs["queryset"] = ApplicationForDocuments.objects.filter(status__in=ENTERED_STATUSES).select_related(
                "organisation"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """A new certificate is issued through the service and its PDF queued at once."""
        batch = services.generate_certificates(
            pairs=[(obj.prize, obj.application)],
            languages=[obj.language],
            by=request.user,
            label=str(_("Certificate: %(application)s") % {"application": obj.application}),
        )
        obj.pk = batch.documents.get().certificate_id
        obj.refresh_from_db()
        _batch_message(self, request, batch)

    @admin.display(description=_("verification"))
    def verification(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("documents:verify", args=[obj.code]), _("public page"))

    @admin.action(description=_("Render the PDFs of the selected certificates"))
    def render(self, request, queryset):
        # A certificate has its own language: the confirmation asks for nothing more.
        def generate(form):
            return services.render_certificates(certificates=queryset, by=request.user)

        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=ConfirmForm,
            title=_("Render the PDFs of the selected certificates"),
            generate=generate,
        )


class GeneratingAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Read-only lists of other apps' data whose actions generate documents."""


@admin.register(ApplicationForDocuments)
class ApplicationDocumentsAdmin(GeneratingAdmin):
    list_display = ["reference", "title_th", "organisation", "category", "status"]
    list_filter = ["cycle", "category", "status"]
    list_select_related = ["organisation", "category"]
    search_fields = ["reference", "title_th", "title_en", "organisation__name"]
    actions = ["application_pdfs", "summaries", "certificates"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status__in=ENTERED_STATUSES)

    @admin.action(description=_("PDF of the application as submitted"))
    def application_pdfs(self, request, queryset):
        def generate(form):
            return services.request_batch(
                label=str(_("Applications as submitted (%(count)s)") % {"count": queryset.count()}),
                kind=DocumentKind.APPLICATION,
                targets=[{"application": a} for a in queryset],
                languages=form.cleaned_data["languages"],
                by=request.user,
            )

        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=GenerateForm,
            title=_("PDF of the application as submitted"),
            generate=generate,
        )

    @admin.action(description=_("Score summary PDF for a judging round"))
    def summaries(self, request, queryset):
        def generate(form):
            round = form.cleaned_data["round"]
            return services.request_batch(
                label=str(_("Score summaries, %(round)s (%(count)s)") % {"round": round, "count": queryset.count()}),
                kind=DocumentKind.SUMMARY,
                targets=[{"application": a, "round": round} for a in queryset.filter(cycle_id=round.cycle_id)],
                languages=form.cleaned_data["languages"],
                by=request.user,
            )

        cycles = set(queryset.values_list("cycle_id", flat=True))
        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=SummaryForm,
            title=_("Score summary PDF for a judging round"),
            generate=generate,
            cycle_ids=cycles,
        )

    @admin.action(description=_("Certificates of an award for the selected applications"))
    def certificates(self, request, queryset):
        def generate(form):
            prize = form.cleaned_data["prize"]
            return services.generate_certificates(
                pairs=[(prize, application) for application in queryset],
                languages=form.cleaned_data["languages"],
                by=request.user,
                label=str(_("Certificates: %(prize)s (%(count)s)") % {"prize": prize, "count": queryset.count()}),
            )

        cycles = set(queryset.values_list("cycle_id", flat=True))
        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=CertificateForm,
            title=_("Certificates of an award for the selected applications"),
            generate=generate,
            cycle_ids=cycles,
        )


@admin.register(AssignmentForScoreSheets)
class ScoreSheetsAdmin(GeneratingAdmin):
    list_display = ["judge", "application", "round", "conflict_answer", "scorecard_status"]
    list_filter = ["round", "judge"]
    list_select_related = ["judge", "application", "round__cycle", "scorecard"]
    search_fields = ["judge__email", "judge__full_name", "application__reference"]
    actions = ["score_sheets"]

    @admin.display(description=_("scorecard"))
    def scorecard_status(self, obj):
        scorecard = getattr(obj, "scorecard", None)
        return scorecard.get_status_display() if scorecard else "—"

    @admin.action(description=_("Score sheet PDFs of the selected assignments"))
    def score_sheets(self, request, queryset):
        def generate(form):
            return services.request_batch(
                label=str(_("Score sheets (%(count)s)") % {"count": queryset.count()}),
                kind=DocumentKind.SCORE_SHEET,
                targets=[{"assignment": a} for a in queryset],
                languages=form.cleaned_data["languages"],
                by=request.user,
            )

        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=GenerateForm,
            title=_("Score sheet PDFs of the selected assignments"),
            generate=generate,
        )


@admin.register(PanelForCommitteeBooks)
class CommitteeBooksAdmin(GeneratingAdmin):
    list_display = ["category", "round"]
    list_filter = ["round"]
    list_select_related = ["category", "round__cycle"]
    actions = ["committee_books"]

    @admin.action(description=_("Committee book PDF of the selected categories"))
    def committee_books(self, request, queryset):
        def generate(form):
            return services.request_batch(
                label=str(_("Committee books (%(count)s)") % {"count": queryset.count()}),
                kind=DocumentKind.COMMITTEE_BOOK,
                targets=[{"round": panel.round, "category": panel.category} for panel in queryset],
                languages=form.cleaned_data["languages"],
                by=request.user,
            )

        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=GenerateForm,
            title=_("Committee book PDF of the selected categories"),
            generate=generate,
        )


@admin.register(CycleForCertificates)
class WinnersCertificatesAdmin(GeneratingAdmin):
    """ "Certificates for all winners": every winner a decision recorded (judging.Decision)."""

    list_display = ["name_th", "year", "winners"]
    actions = ["winners_certificates"]

    def get_queryset(self, request):
        # A decision withdrawn to correct a result names no winner.
        in_force = Q(prizes__decisions__withdrawn_at__isnull=True)
        return super().get_queryset(request).annotate(winner_count=Count("prizes__decisions", filter=in_force))

    @admin.display(description=_("winners recorded"), ordering="winner_count")
    def winners(self, obj):
        return obj.winner_count

    @admin.action(description=_("Certificates for all winners of the selected cycles"))
    def winners_certificates(self, request, queryset):
        def generate(form):
            return services.certificates_for_winners(
                cycles=list(queryset), languages=form.cleaned_data["languages"], by=request.user
            )

        return confirm_and_generate(
            self,
            request,
            queryset,
            form_class=GenerateForm,
            title=_("Certificates for all winners of the selected cycles"),
            generate=generate,
        )


class SignatoryInline(admin.StackedInline):
    model = Signatory
    form = SignatoryForm
    formset = SignatoryFormSet
    extra = 0
    min_num = 1
    max_num = MAX_SIGNATORIES
    fields = ["order", ("name_th", "name_en"), ("position_th", "position_en"), "signature"]


class PartnerLogoInline(admin.TabularInline):
    model = PartnerLogo
    form = PartnerLogoForm
    formset = PartnerLogoFormSet
    extra = 0
    max_num = MAX_PARTNER_LOGOS
    fields = ["order", "name_th", "name_en", "image"]


@admin.register(CertificateDesign)
class CertificateDesignAdmin(admin.ModelAdmin):
    """Per cycle: the emblem, the partners' logos, the wording and the signatories of its certificates.
    Every image is checked by its content when it is uploaded (documents/forms.py)."""

    form = CertificateDesignForm
    list_display = ["cycle", "has_emblem", "signatory_count", "logo_count"]
    list_select_related = ["cycle"]
    inlines = [SignatoryInline, PartnerLogoInline]
    fieldsets = [
        (None, {"fields": ["cycle", "emblem"]}),
        (
            _("Wording"),
            {"fields": [("opening_th", "opening_en"), ("citation_th", "citation_en"), ("closing_th", "closing_en")]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(signatories_count=Count("signatories", distinct=True), logos_count=Count("logos", distinct=True))
        )

    def get_readonly_fields(self, request, obj=None):
        # A design belongs to its cycle for good; another cycle gets a design of its own.
        return ["cycle"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cycle":
            kwargs["queryset"] = Cycle.objects.filter(certificate_design__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("emblem"), boolean=True)
    def has_emblem(self, obj):
        return bool(obj.emblem)

    @admin.display(description=_("signatories"), ordering="signatories_count")
    def signatory_count(self, obj):
        return obj.signatories_count

    @admin.display(description=_("partners' logos"), ordering="logos_count")
    def logo_count(self, obj):
        return obj.logos_count


from . import admin_letters  # noqa: E402,F401  (the letters' admin, registered on import)
