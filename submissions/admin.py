"""The staff side of applications in Django admin: filters, search, read-only answers and files,
reopen and personal extensions (both through the services, so they are checked and recorded)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models.functions import Collate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Answer, Application, Attachment, Invitation, Membership, Organisation, Partner, Province
from .services import applications as services


def thai_order(field: str):
    """Thai dictionary order on PostgreSQL (ICU collation); code-point order elsewhere."""
    if connection.vendor == "postgresql":
        return Collate(field, "th-TH-x-icu")
    return field


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
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "province", "contact_name", "contact_phone"]
    list_filter = ["kind", "province__region", "province"]
    search_fields = ["name", "name_en", "contact_name"]
    list_select_related = ["province"]
    inlines = [MembershipInline]

    def get_ordering(self, request):
        return [thai_order("name")]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
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


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    can_delete = False
    fields = ["section", "text", "updated_by", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


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
    fields = ["download", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse("admin:submissions_attachment_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


class ExtensionForm(forms.Form):
    until = forms.SplitDateTimeField(
        label=_("New deadline for this application"), widget=admin.widgets.AdminSplitDateTime
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)


@admin.register(Application)
class ApplicationAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "title_th", "organisation", "province", "category", "status", "submitted_at"]
    list_filter = ["cycle", "category", "status", "organisation__province", "organisation__kind"]
    search_fields = ["reference", "title_th", "title_en", "organisation__name"]
    list_select_related = ["organisation__province", "category", "cycle"]
    readonly_fields = [
        "cycle", "category", "organisation", "reference", "status", "title_th", "title_en", "started_on",
        "area_served", "population_served", "budget", "video_url", "website_url", "summary", "publish_consent",
        "extended_until", "extension_reason", "created_by", "created_at", "updated_at", "submitted_at",
    ]  # fmt: skip
    exclude = ["cover_image"]
    inlines = [PartnerInline, AnswerInline, AttachmentInline]
    actions = ["reopen"]

    def has_add_permission(self, request):
        return False

    def get_ordering(self, request):
        return [thai_order("title_th")]

    @admin.display(description=_("province"), ordering="organisation__province__name_th")
    def province(self, obj):
        return obj.organisation.province

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
            return redirect("admin:submissions_application_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "application": application,
            "title": _("Personal extension"),
        }
        return render(request, "admin/submissions/application/extend.html", context)

    def download_view(self, request, pk):
        from .views.attachments import attachment_response

        attachment = get_object_or_404(Attachment, pk=pk)
        if not self.has_view_permission(request, attachment.application):
            raise PermissionDenied
        return attachment_response(attachment)
