from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.formats import points

from . import selectors, services
from .models import (
    Category,
    Criterion,
    Cycle,
    DeadlineExtension,
    Dimension,
    Milestone,
    Prize,
    Rubric,
    Section,
)

admin.site.site_header = _("Smart City Solution Awards: administration")
admin.site.site_title = _("Award administration")
admin.site.index_title = _("Run the award cycle")


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["position", "slug", "code", "name_th", "name_en"]


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0
    fields = ["position", "kind", "category", "name_th", "name_en", "level_th", "quantity"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["kind", "starts_at", "ends_at", "show_time", "note_th", "note_en"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name_th", "slug", "year", "phase", "is_published", "is_archived"]
    list_filter = ["is_published", "is_archived"]
    search_fields = ["name_th", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [CategoryInline, PrizeInline, MilestoneInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("milestones")

    @admin.display(description=_("phase"))
    def phase(self, obj):
        return selectors.current_phase(obj).label


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "cycle", "position"]
    list_filter = ["cycle"]
    search_fields = ["name_th", "name_en"]


@admin.register(Prize)
class PrizeAdmin(admin.ModelAdmin):
    list_display = ["name_th", "kind", "category", "quantity", "cycle"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["category", "cycle"]


class DeadlineExtensionInline(admin.TabularInline):
    model = DeadlineExtension
    extra = 0
    can_delete = False
    fields = ["previous_at", "new_at", "reason_th", "created_by", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "cycle", "starts_at", "ends_at"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["cycle"]
    inlines = [DeadlineExtensionInline]


class DeadlineExtensionForm(forms.ModelForm):
    class Meta:
        model = DeadlineExtension
        fields = ["milestone", "new_at", "reason_th", "reason_en"]

    def clean(self):
        cleaned = super().clean()
        milestone, new_at = cleaned.get("milestone"), cleaned.get("new_at")
        if milestone and new_at and new_at <= milestone.starts_at:
            self.add_error("new_at", _("An extension must move the date later."))
        if milestone:
            # What the service will record; set here so that the model's checks see it too.
            self.instance.previous_at = milestone.starts_at
        return cleaned


@admin.register(DeadlineExtension)
class DeadlineExtensionAdmin(admin.ModelAdmin):
    """Staff extend a deadline here: the milestone moves and its history is kept."""

    form = DeadlineExtensionForm
    list_display = ["milestone", "previous_at", "new_at", "created_by", "created_at"]
    list_select_related = ["milestone__cycle", "created_by"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        extension = services.extend_milestone(
            milestone=obj.milestone,
            new_at=obj.new_at,
            reason_th=obj.reason_th,
            reason_en=obj.reason_en,
            by=request.user,
        )
        obj.pk = extension.pk

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # A recorded extension opens read-only: its form has no fields then.
        if "milestone" in form.base_fields:
            form.base_fields["milestone"].queryset = Milestone.objects.select_related("cycle")
        return form


class DimensionInline(admin.TabularInline):
    model = Dimension
    extra = 0
    fields = ["position", "name_th", "name_en", "points"]
    show_change_link = True

    def _locked(self, obj):
        return obj is not None and obj.is_locked

    def has_add_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._locked(obj) and super().has_delete_permission(request, obj)


def _warn_discrepancies(request, rubric):
    for row in selectors.rubric_table(rubric).discrepancies:
        messages.warning(
            request,
            _(
                "Dimension %(number)s (%(name)s): its criteria add up to %(total)s, not %(points)s. "
                "Scores are scaled to %(points)s points; fix the criteria before the first score if this is a mistake."
            )
            % {
                "number": row.dimension.position,
                "name": row.dimension.name_th,
                "total": points(row.criteria_total),
                "points": points(row.dimension.points),
            },
        )


@admin.register(Rubric)
class RubricAdmin(SimpleHistoryAdmin):
    list_display = ["cycle", "version", "total_points", "criteria_add_up", "locked_at"]
    list_select_related = ["cycle"]
    list_filter = ["cycle"]
    readonly_fields = ["locked_at"]
    inlines = [DimensionInline]
    actions = ["new_version"]

    @admin.display(description=_("total points"))
    def total_points(self, obj):
        return points(selectors.rubric_table(obj).total_points)

    @admin.display(description=_("criteria add up"), boolean=True)
    def criteria_add_up(self, obj):
        return not selectors.rubric_table(obj).discrepancies

    def get_readonly_fields(self, request, obj=None):
        return ["cycle", "version", "score_step", "locked_at"] if obj and obj.is_locked else self.readonly_fields

    def change_view(self, request, object_id, form_url="", extra_context=None):
        rubric = self.get_object(request, object_id)
        if rubric is not None and request.method == "GET":
            _warn_discrepancies(request, rubric)
            if rubric.is_locked:
                messages.info(
                    request, _("This rubric is locked because scores exist. Create a new version to change it.")
                )
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "GET":
            for rubric in Rubric.objects.select_related("cycle"):
                _warn_discrepancies(request, rubric)
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Create a new version of the selected rubrics"))
    def new_version(self, request, queryset):
        for rubric in queryset:
            services.create_rubric_version(rubric=rubric)
        count = queryset.count()
        self.message_user(request, ngettext("Created %d new version.", "Created %d new versions.", count) % count)


@admin.register(Dimension)
class DimensionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "rubric", "points"]
    list_filter = ["rubric__cycle"]
    list_select_related = ["rubric__cycle"]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "dimension", "max_points"]
    list_filter = ["dimension__rubric__cycle"]
    list_select_related = ["dimension__rubric__cycle"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "max_chars", "is_required"]
    list_filter = ["cycle"]
    list_select_related = ["cycle"]
    filter_horizontal = ["criteria"]
