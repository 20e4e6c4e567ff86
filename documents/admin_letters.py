"""Admin of the official letters: staff find every letter (by cycle and kind), download it, re-issue
it under its number, read why a letter failed and render it again, and download a cycle's letters as
one ZIP; and they set each cycle's series of numbers. Every write goes through documents/letters.py."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from accounts.admin_tools import ReadOnlyAdmin
from awards.models import Cycle
from judging.admin_feedback import FailedFilter

from . import letters
from .models import Letter, LetterSeries


@admin.register(LetterSeries)
class LetterSeriesAdmin(admin.ModelAdmin):
    list_display = ["cycle", "prefix_th", "prefix_en", "last_number"]
    readonly_fields = ["last_number"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Staff find every letter (by cycle and kind), download it, re-issue it under its number, see
    the failed ones with their error and render them again, and download a cycle's letters as one ZIP."""

    list_display = [
        "__str__",
        "application",
        "language",
        "issued_at",
        "reissued_at",
        "attempts",
        "failed_at",
        "failure",
        "download",
    ]
    list_filter = [FailedFilter, "cycle", "kind", "language"]
    list_select_related = ["application", "cycle"]
    search_fields = ["application__reference", "application__title_th", "application__organisation__name"]
    readonly_fields = [
        "cycle",
        "application",
        "kind",
        "language",
        "number",
        "prefix",
        "issued_at",
        "reissued_at",
        "reissue_count",
        "rendered_at",
        "attempts",
        "last_attempt_at",
        "failed_at",
        "error",
        "download",
    ]
    exclude = ["file"]
    actions = ["reissue", "render_again"]

    def get_urls(self):
        return [
            path(
                "zip/<int:cycle_pk>/",
                self.admin_site.admin_view(require_safe(self.zip_view)),
                name="documents_letter_zip",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        cycle = request.GET.get("cycle__id__exact")
        zip_url = reverse("admin:documents_letter_zip", args=[cycle]) if cycle and cycle.isdigit() else ""
        return super().changelist_view(request, {**(extra_context or {}), "zip_url": zip_url})

    @admin.display(description=_("file"))
    def download(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("documents:letter_download", args=[obj.pk]), _("Download PDF")
        )

    @admin.display(description=_("error"))
    def failure(self, obj):
        # The first line in the list (which exception, which file); the letter's page shows all of it.
        return obj.error.splitlines()[0][:120] if obj.error else ""

    @admin.action(description=_("Render the selected unrendered letters again"))
    def render_again(self, request, queryset):
        count = letters.render_again(letters=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)s letter queued again.", "%(count)s letters queued again.", count) % {"count": count},
        )

    @admin.action(description=_("Re-issue the selected letters (same number, dated today)"))
    def reissue(self, request, queryset):
        for letter in queryset:
            letters.reissue_letter(letter=letter, by=request.user, request=request)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)s letter re-issued.", "%(count)s letters re-issued.", count) % {"count": count},
        )

    def zip_view(self, request, cycle_pk):
        """Every stored letter of the cycle in one ZIP, streamed from a temporary file."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        cycle = get_object_or_404(Cycle, pk=cycle_pk)
        archive = letters.letters_zip(cycle)
        response = FileResponse(
            archive, as_attachment=True, filename=f"letters-{cycle.slug}.zip", content_type="application/zip"
        )
        patch_cache_control(response, private=True, no_store=True)
        return response
