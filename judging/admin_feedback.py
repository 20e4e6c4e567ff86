"""Admin of the feedback to applicants: staff read the released comments and the feedback PDFs
(with each failure's text) and render PDFs again with the action, which goes through its service.
Nothing is added, changed or deleted here: the chair releases comments on their screen, the
sweep and the ``pdf`` worker write the PDFs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_tools import ReadOnlyAdmin

from .models import FeedbackDocument, ReleasedComment
from .services.feedback import render_again


class FailedFilter(admin.SimpleListFilter):
    title = _("rendering")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("failed", _("failed")), ("waiting", _("waiting")), ("rendered", _("rendered"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(failed_at__isnull=False)
        if self.value() == "waiting":
            return queryset.filter(failed_at__isnull=True, rendered_at__isnull=True)
        if self.value() == "rendered":
            return queryset.filter(rendered_at__isnull=False)
        return queryset


@admin.register(FeedbackDocument)
class FeedbackDocumentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = [
        "application",
        "language",
        "round",
        "requested_at",
        "rendered_at",
        "attempts",
        "failed_at",
        "failure",
    ]
    list_filter = [FailedFilter, "language", "round__cycle"]
    list_select_related = ["application", "round__cycle"]
    search_fields = ["application__reference", "application__title_th", "application__title_en"]
    date_hierarchy = "requested_at"
    fields = ["application", "round", "language", "requested_at", "rendered_at", "attempts", "failed_at", "error"]
    readonly_fields = fields
    actions = ["render_again"]

    @admin.display(description=_("error"))
    def failure(self, obj):
        # The first line in the list (which exception, which file); the PDF's page shows all of it.
        return obj.error.splitlines()[0][:120] if obj.error else ""

    @admin.action(description=_("Render the selected feedback PDFs again"))
    def render_again(self, request, queryset):
        count = render_again(documents=queryset, by=request.user, request=request)
        self.message_user(
            request,
            ngettext("%(count)s feedback PDF queued again.", "%(count)s feedback PDFs queued again.", count)
            % {"count": count},
        )


@admin.register(ReleasedComment)
class ReleasedCommentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """What the chair released, as approved: read here, changed only on the chair's screen."""

    list_display = ["application", "round", "scorecard", "criterion", "excerpt", "approved_by", "approved_at"]
    list_filter = ["round__cycle"]
    list_select_related = [
        "application",
        "round__cycle",
        "scorecard__assignment__judge",
        "scorecard__assignment__application",
        "criterion__dimension",
        "approved_by",
    ]
    search_fields = ["application__reference", "application__title_th", "text"]
    date_hierarchy = "approved_at"
    fields = ["round", "application", "scorecard", "criterion", "text", "approved_by", "approved_at"]
    readonly_fields = fields

    @admin.display(description=_("text as approved"))
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 120 else obj.text[:119] + "…"
