from datetime import datetime

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_dates import HistoryAdmin
from core.deadlines import deadline_from, moment_from, reads_as_day_before
from core.formats import local_date, midnight_warning, points
from core.forms import DayOrMomentField

from . import selectors, services
from .admin_filters import category_label
from .admin_form import copy_form_action
from .enums import MilestoneKind
from .models import (
    Category,
    Criterion,
    Cycle,
    DeadlineExtension,
    Dimension,
    Milestone,
    Prize,
    Rubric,
)

admin.site.site_header = _("Smart City Solution Awards: administration")
admin.site.site_title = _("Award administration")
admin.site.index_title = _("Run the award cycle")


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 0
    fields = ["position", "slug", "code", "name_th", "name_en"]


class CategoryNamedWithEdition:
    """A prize's category is picked from every edition's: each is named with its edition."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "category" and field is not None:
            field.queryset = field.queryset.select_related("cycle")
            field.label_from_instance = category_label
        return field


class PrizeInline(CategoryNamedWithEdition, admin.TabularInline):
    model = Prize
    extra = 0
    fields = ["position", "kind", "category", "name_th", "name_en", "level_th", "quantity"]


class MilestoneForm(forms.ModelForm):
    """Staff may type a date without a time: the submission deadline then closes at the end of that
    day (23:59:59), a window ends at the end of its last day, and any other moment is the day's start."""

    class Meta:
        model = Milestone
        fields = ["cycle", "kind", "starts_at", "ends_at", "show_time", "note_th", "note_en", "link"]
        field_classes = {"starts_at": DayOrMomentField, "ends_at": DayOrMomentField}

    def clean(self):
        cleaned = super().clean()
        is_deadline = cleaned.get("kind") == MilestoneKind.SUBMISSION_DEADLINE
        if cleaned.get("starts_at") is not None:
            cleaned["starts_at"] = (deadline_from if is_deadline else moment_from)(cleaned["starts_at"])
        if cleaned.get("ends_at") is not None:
            cleaned["ends_at"] = deadline_from(cleaned["ends_at"])
        return cleaned


def _warn_if_deadline_at_midnight(request, milestone: Milestone, moment: datetime | None = None) -> None:
    """A submission deadline at 00:00 closes as its day begins; staff most likely meant the day's end."""
    moment = moment or milestone.starts_at
    if milestone.kind == MilestoneKind.SUBMISSION_DEADLINE and reads_as_day_before(moment):
        messages.warning(request, midnight_warning(moment))


class MilestoneInline(admin.TabularInline):
    model = Milestone
    form = MilestoneForm
    extra = 0
    fields = ["kind", "starts_at", "ends_at", "show_time", "note_th", "note_en"]


@admin.register(Cycle)
class CycleAdmin(admin.ModelAdmin):
    list_display = ["name_th", "slug", "year", "phase", "is_published", "is_archived", "purge_due"]
    list_filter = ["is_published", "is_archived"]
    search_fields = ["name_th", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    readonly_fields = ["application_form", "purge_due", "applications_purged_at", "purge_summary"]
    inlines = [CategoryInline, PrizeInline, MilestoneInline]
    actions = [copy_form_action]

    def get_readonly_fields(self, request, obj=None):
        # Once purged, the period no longer changes anything: shown, not offered for editing.
        fixed = ["retention_years"] if obj is not None and obj.applications_purged_at else []
        return fixed + self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("milestones")

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Milestone:
            for milestone in formset.new_objects + [changed for changed, _fields in formset.changed_objects]:
                _warn_if_deadline_at_midnight(request, milestone)

    @admin.display(description=_("application form"))
    def application_form(self, obj):
        """Where staff build the edition's form: its sections (each with its questions), or how to start one."""
        if obj.pk is None:
            return "-"
        sections, questions = services.form_counts(obj)
        url = reverse("admin:awards_section_changelist") + f"?cycle__id__exact={obj.pk}"
        if not sections:
            return _("No sections yet: add one under Sections of the application, or copy a form from another edition.")
        counts = _("%(sections)s sections, %(questions)s questions") % {"sections": sections, "questions": questions}
        return format_html('<a href="{}">{}</a>', url, counts)

    @admin.display(description=_("phase"))
    def phase(self, obj):
        return selectors.current_phase(obj).label

    @admin.display(description=_("applications purged on"))
    def purge_due(self, obj):
        if obj.pk is None:
            return "-"
        due = selectors.purge_due_at(obj)
        if due is None:
            return _("not set: the cycle has no results date")
        return local_date(due)

    @admin.display(description=_("what the purge removed"))
    def purge_summary(self, obj):
        counts = obj.purge_counts or {}
        if not counts:
            return "-"
        lines = [
            (_("Deleted"), _counted(counts.get("deleted", {}))),
            (_("Anonymised (the public record of the winners kept)"), _counted(counts.get("anonymised", {}))),
            (_("Stored files deleted"), counts.get("files", 0)),
            (_("Earlier versions (history) deleted"), counts.get("history", 0)),
        ]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", lines))


def _counted(rows: dict[str, int]) -> str:
    """ "applications 12, answers 40" from {"submissions.application": 12, ...}, in the admin's language."""
    if not rows:
        return "0"
    return ", ".join(f"{_plural_name(label)} {count}" for label, count in rows.items())


def _plural_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:
        return label


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name_th", "name_en", "cycle", "position"]
    list_filter = ["cycle"]
    search_fields = ["name_th", "name_en"]


@admin.register(Prize)
class PrizeAdmin(CategoryNamedWithEdition, admin.ModelAdmin):
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
class MilestoneAdmin(HistoryAdmin):
    list_display = ["kind", "cycle", "starts_at", "ends_at"]
    list_filter = ["cycle", "kind"]
    list_select_related = ["cycle"]
    inlines = [DeadlineExtensionInline]
    form = MilestoneForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        _warn_if_deadline_at_midnight(request, obj)


class DeadlineExtensionForm(forms.ModelForm):
    """A new date alone moves the submission deadline to the end of that day (23:59:59), and any
    other milestone to the start of it."""

    class Meta:
        model = DeadlineExtension
        fields = ["milestone", "new_at", "reason_th", "reason_en"]
        field_classes = {"new_at": DayOrMomentField}

    def clean(self):
        cleaned = super().clean()
        milestone = cleaned.get("milestone")
        if cleaned.get("new_at") is not None:
            is_deadline = milestone is not None and milestone.kind == MilestoneKind.SUBMISSION_DEADLINE
            cleaned["new_at"] = (deadline_from if is_deadline else moment_from)(cleaned["new_at"])
        new_at = cleaned.get("new_at")
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
        _warn_if_deadline_at_midnight(request, extension.milestone, extension.new_at)

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
class RubricAdmin(HistoryAdmin):
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
class DimensionAdmin(HistoryAdmin):
    list_display = ["__str__", "rubric", "points"]
    list_filter = ["rubric__cycle"]
    list_select_related = ["rubric__cycle"]


@admin.register(Criterion)
class CriterionAdmin(HistoryAdmin):
    list_display = ["__str__", "dimension", "max_points"]
    list_filter = ["dimension__rubric__cycle"]
    list_select_related = ["dimension__rubric__cycle"]
