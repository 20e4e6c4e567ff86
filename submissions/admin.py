"""The staff side of applications in Django admin: filters, search, read-only answers and files,
reopen and personal extensions (both through the services, so they are checked and recorded), bulk
shortlist and notify (after a confirmation page), and audited CSV/XLSX exports."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_tools import AuditedExportMixin, confirmation_page
from awards.admin_filters import CategoryFilter
from core.admin_dates import HistoryAdmin
from core.deadlines import deadline_from, reads_as_day_before
from core.formats import local_date, local_time, midnight_warning
from core.forms import DayOrMomentField
from core.storage import serves_files

from . import fieldkinds
from .answers import Reader, answers_for
from .enums import ApplicationStatus
from .models import (
    Answer,
    Application,
    Attachment,
    Invitation,
    Membership,
    Organisation,
    Partner,
    Province,
    ProvinceViewerScope,
)
from .resources import ApplicationResource, AttachmentResource
from .selectors import thai_order
from .services import applications as services
from .services import staff_actions
from .standing import standing, with_win


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "code", "region"]
    list_filter = ["region"]
    search_fields = ["name_th", "name_en", "code"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "joined_at"]
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "kind", "province", "contact_name", "contact_phone", "created_at"]
    list_filter = ["kind", "province__region", "province"]
    search_fields = ["name", "name_en", "contact_name"]
    list_select_related = ["province"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline]

    def get_ordering(self, request):
        return [thai_order("name")]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    """Staff move a person to another organisation by changing it here (one at a time)."""

    list_display = ["user", "organisation", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token"]


class PartnerInline(admin.TabularInline):
    model = Partner
    extra = 0
    can_delete = False
    fields = ["name", "kind", "province"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    can_delete = False
    fields = ["download", "question", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("field", "uploaded_by")

    @admin.display(description=_("file"))
    def download(self, obj):
        return _download_link(obj)

    @admin.display(description=_("question of the application form"))
    def question(self, obj):
        return obj.field.name if obj.field_id else _("general attachment")


def _download_link(attachment) -> str:
    url = reverse("admin:submissions_attachment_download", args=[attachment.pk])
    return format_html('<a href="{}">{}</a>', url, attachment.original_name)


def _answer_cell(item) -> str:
    if item.field.is_file:
        return format_html_join(", ", "{}", ((_download_link(file),) for file in item.files)) or "—"
    return item.text or "—"


class NotifyForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        help_text=_("Each member of the organisation receives it with a greeting in their own language."),
    )


class ExtensionForm(forms.Form):
    until = DayOrMomentField(
        label=_("New deadline for this application"),
        help_text=_("Leave the time empty to give the whole day: the deadline is then 23:59:59 of that day."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean_until(self):
        return deadline_from(self.cleaned_data["until"])


@admin.register(Application)
class ApplicationAdmin(AuditedExportMixin, HistoryAdmin):
    list_display = [
        "reference",
        "title_th",
        "organisation",
        "kind",
        "province",
        "category",
        "standing",
        "submitted_at",
        "attachment_count",
    ]
    list_filter = [
        "cycle",
        ("category", CategoryFilter),
        "status",
        "organisation__kind",
        "organisation__province__region",
        "organisation__province",
    ]
    search_fields = ["reference", "title_th", "title_en", "organisation__name", "organisation__name_en"]
    list_select_related = ["organisation__province", "category", "cycle"]
    date_hierarchy = "submitted_at"
    resource_classes = [ApplicationResource]
    audit_action = "export.applications"
    readonly_fields = [
        "cycle",
        "category",
        "organisation",
        "reference",
        "standing_with_awards",
        "title_th",
        "title_en",
        "answers_shown",
        "publish_consent",
        "showcase_consent",
        "extended_until",
        "extension_reason",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "withdrawal",
    ]
    # The withdrawal is shown as one sentence ("withdrawn by … on …"), never edited here.
    exclude = ["cover_image", "withdrawn_at", "withdrawn_by"]
    inlines = [PartnerInline, AttachmentInline]
    actions = ["shortlist", "notify", "reopen"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return with_win(super().get_queryset(request).annotate(attachments_count=Count("attachments")))

    @admin.display(description=_("status"), ordering="status")
    def standing(self, obj):
        """The status, or "finalist" / "winner" once decided (a winner stays shortlisted in its
        status: the decision says it won)."""
        return standing(obj, won=getattr(obj, "won", False)).label

    @admin.display(description=_("status"))
    def standing_with_awards(self, obj):
        """The standing, with the awards a winner won (its change page)."""
        shown = standing(obj, won=getattr(obj, "won", False))
        in_force = obj.decisions.filter(withdrawn_at__isnull=True).select_related("prize")
        prizes = [decision.prize.name for decision in in_force] if shown.key == ApplicationStatus.AWARDED else []
        return f"{shown.label} ({', '.join(prizes)})" if prizes else shown.label

    def get_ordering(self, request):
        return [thai_order("title_th")]

    @admin.display(description=_("answers"))
    def answers_shown(self, obj):
        """Every answer as staff read it (submissions.answers), section by section; a file question's
        answer is its files, each a link to download it."""
        rows = [
            format_html(
                "<tr><th colspan='2'>{}. {}</th></tr>{}",
                group.section.position,
                group.section.name,
                format_html_join(
                    "",
                    "<tr><td>{}</td><td class='text-prewrap' data-answer='{}'>{}</td></tr>",
                    ((item.field.name, item.key, _answer_cell(item)) for item in group.items),
                ),
            )
            for group in answers_for(obj, Reader.STAFF)
        ]
        # Each row was escaped by format_html above.
        return format_html("<table>{}</table>", mark_safe("".join(rows))) if rows else "—"  # noqa: S308

    @admin.display(description=_("province"), ordering="organisation__province__name_th")
    def province(self, obj):
        return obj.organisation.province

    @admin.display(description=_("type"), ordering="organisation__kind")
    def kind(self, obj):
        return obj.organisation.get_kind_display()

    @admin.display(description=_("withdrawal"))
    def withdrawal(self, obj):
        if obj.withdrawn_at is None:
            return "-"
        return _("Withdrawn by %(person)s on %(date)s at %(time)s") % {
            "person": obj.withdrawn_by or _("a deleted account"),
            "date": local_date(obj.withdrawn_at),
            "time": local_time(obj.withdrawn_at),
        }

    @admin.display(description=_("attachments"), ordering="attachments_count")
    def attachment_count(self, obj):
        return obj.attachments_count

    @admin.action(description=_("Shortlist the selected applications"), permissions=["change"])
    def shortlist(self, request, queryset):
        if not request.POST.get("confirm"):
            return confirmation_page(
                self,
                request,
                queryset,
                action="shortlist",
                title=_("Shortlist applications"),
                question=_(
                    "These applications will be shortlisted (finalists). Their organisations are not told "
                    "by this action; use “Send a message” for that."
                ),
            )
        done = 0
        for application in queryset:
            try:
                staff_actions.shortlist_application(application=application, by=request.user, request=request)
            except ValidationError as error:
                self.message_user(request, f"{application}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request, ngettext("%d application is shortlisted.", "%d applications are shortlisted.", done) % done
            )
        return None

    @admin.action(description=_("Send a message to the selected applicants"), permissions=["change"])
    def notify(self, request, queryset):
        form = NotifyForm(request.POST if request.POST.get("confirm") else None)
        if not form.is_valid():
            return confirmation_page(
                self,
                request,
                queryset,
                action="notify",
                title=_("Send a message"),
                question=_("The members of these applications' organisations will receive this e-mail."),
                form=form,
                button=_("Send"),
            )
        sent = staff_actions.notify_applications(
            applications=queryset.select_related("organisation"),
            by=request.user,
            request=request,
            **form.cleaned_data,
        )
        self.message_user(request, ngettext("%d e-mail is on its way.", "%d e-mails are on their way.", sent) % sent)
        return None

    @admin.action(description=_("Reopen the selected applications (back to draft)"))
    def reopen(self, request, queryset):
        for application in queryset:
            try:
                services.reopen_application(application=application, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{application}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(application)s is a draft again.") % {"application": application})

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/extend/", self.admin_site.admin_view(self.extend_view), name="submissions_application_extend"
            ),
            path(
                "attachments/<int:pk>/",
                self.admin_site.admin_view(self.download_view),
                name="submissions_attachment_download",
            ),
        ]
        return extra + super().get_urls()

    def extend_view(self, request, pk):
        """Give one application its own deadline, with the reason (kept in its history)."""
        application = get_object_or_404(Application, pk=pk)
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        form = ExtensionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            services.grant_extension(
                application=application,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
            self.message_user(request, _("The application has its own deadline now."))
            if reads_as_day_before(form.cleaned_data["until"]):
                messages.warning(request, midnight_warning(form.cleaned_data["until"]))
            return redirect("admin:submissions_application_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "application": application,
            "title": _("Personal extension"),
        }
        return render(request, "admin/submissions/application/extend.html", context)

    @method_decorator(serves_files)
    def download_view(self, request, pk):
        from .views.attachments import attachment_response

        attachment = get_object_or_404(Attachment, pk=pk)
        if not self.has_view_permission(request, attachment.application):
            raise PermissionDenied
        return attachment_response(attachment)


@admin.register(Answer)
class AnswerAdmin(HistoryAdmin):
    """Applicants' answers, read-only; each one's history shows who changed what and when."""

    list_display = ["application", "field", "updated_by", "updated_at"]
    list_filter = ["application__cycle", "field__section__position"]
    search_fields = ["application__reference", "application__title_th", "field__key"]
    list_select_related = ["application", "field", "updated_by"]
    date_hierarchy = "updated_at"
    fields = ["application", "field", "shown", "updated_by", "updated_at"]

    @admin.display(description=_("answer"))
    def shown(self, obj):
        return fieldkinds.display(obj.field, obj.value) or "—"

    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Attachment)
class AttachmentAdmin(AuditedExportMixin, HistoryAdmin):
    """Every file applicants sent, with its checksum; the list exports as CSV or XLSX."""

    list_display = [
        "original_name",
        "application",
        "kind",
        "size",
        "sha256",
        "identifying",
        "uploaded_by",
        "uploaded_at",
    ]
    list_filter = ["kind", "identifying", "application__cycle", ("application__category", CategoryFilter)]
    search_fields = ["original_name", "application__reference", "application__title_th", "sha256"]
    list_select_related = ["application", "uploaded_by"]
    date_hierarchy = "uploaded_at"
    fields = ["application", "download", "original_name", "kind", "size", "sha256", "identifying"]
    fields += ["uploaded_by", "uploaded_at"]
    readonly_fields = fields
    resource_classes = [AttachmentResource]
    audit_action = "export.attachments"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:submissions_attachment_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


@admin.register(ProvinceViewerScope)
class ProvinceViewerScopeAdmin(HistoryAdmin):
    """Which province each DLA or province officer reads the report of (one province per person)."""

    list_display = ["user", "province", "region"]
    list_filter = ["province__region"]
    search_fields = ["user__email", "user__full_name", "province__name_th", "province__name_en"]
    list_select_related = ["user", "province"]
    autocomplete_fields = ["user", "province"]

    @admin.display(description=_("region"))
    def region(self, obj):
        return obj.province.get_region_display()
