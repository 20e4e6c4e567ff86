"""The application form in admin: a section's page with its questions as rows, a question's whole
page (options as lines, conditions, rules, rubric links), "replace this question" for one whose kind
can no longer change, and the action that copies a form from another edition."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_dates import HistoryAdmin

from . import services
from .forms import CopyFormSource, FieldForm, FieldRowForm, RowsOfOneEdition
from .models import Cycle, Field, Section


class FieldInline(admin.TabularInline):
    """The section's current questions; options, conditions and rules are set on each one's page."""

    model = Field
    form = FieldRowForm
    formset = RowsOfOneEdition
    fields = FieldRowForm.Meta.fields
    extra = 0
    ordering = ["position", "id"]
    show_change_link = True
    verbose_name_plural = _("questions of this section (options, conditions and rules: open the question)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(retired=False)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "question_count"]
    list_filter = ["cycle"]
    list_select_related = ["cycle"]
    fields = ["cycle", "position", "name_th", "name_en", "guidance_th", "guidance_en"]
    inlines = [FieldInline]

    def get_queryset(self, request):
        current = Count("fields", filter=Q(fields__retired=False))
        return super().get_queryset(request).annotate(question_count=current)

    @admin.display(description=_("questions"), ordering="question_count")
    def question_count(self, obj):
        return obj.question_count


@admin.register(Field)
class FieldAdmin(HistoryAdmin):
    form = FieldForm
    list_display = ["name_th", "key", "kind", "section", "cycle", "required", "visibility", "retired"]
    list_filter = ["cycle", "kind", "visibility", "retired"]
    list_select_related = ["cycle", "section"]
    search_fields = ["key", "name_th", "name_en"]
    readonly_fields = ["answer_count", "retired", "replaced_by"]
    fieldsets = [
        (
            _("The question"),
            {
                "fields": [
                    "cycle",
                    "section",
                    "position",
                    "key",
                    "kind",
                    "name_th",
                    "name_en",
                    "help_th",
                    "help_en",
                    "required",
                    "answer_count",
                ]
            },
        ),
        (
            _("What the answer may be"),
            {
                "fields": [
                    "max_chars",
                    "unit_th",
                    "unit_en",
                    "min_value",
                    "max_value",
                    "decimals",
                    "choices",
                    "columns",
                    "max_rows",
                    "file_kinds",
                    "max_file_mb",
                ]
            },
        ),
        (_("Who answers it and who reads it"), {"fields": ["categories", "visibility", "identifying", "criteria"]}),
        (_("Shown only on a condition"), {"fields": ["condition_field", "condition_values"]}),
        (_("Eligibility rule"), {"fields": ["rule", "rule_value", "rule_message_th", "rule_message_en"]}),
        (_("Replaced"), {"fields": ["retired", "replaced_by"]}),
    ]

    @admin.display(description=_("answers so far"))
    def answer_count(self, obj):
        """How many answers the question has (through the reverse relation: awards imports nothing of
        submissions), linked to the list of them."""
        count = obj.answers.count() if obj.pk else 0
        if not count:
            return 0
        url = reverse("admin:submissions_answer_changelist") + f"?field__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, count)

    def get_urls(self):
        replace = path(
            "<path:object_id>/replace/", self.admin_site.admin_view(self.replace_view), name="awards_field_replace"
        )
        return [replace, *super().get_urls()]

    def replace_view(self, request, object_id):
        """Confirm, then replace the question (awards.services.replace_field) and open the new one."""
        field = get_object_or_404(Field.objects.select_related("cycle", "section"), pk=object_id)
        if not self.has_change_permission(request, field):
            raise PermissionDenied
        change_url = reverse("admin:awards_field_change", args=[field.pk])
        if field.retired:
            self.message_user(request, _("This question has already been replaced."), messages.WARNING)
            return redirect(change_url)
        if request.method == "POST":
            new = services.replace_field(field=field, by=request.user, request=request)
            self.message_user(
                request,
                _(
                    "“%(new)s” (%(key)s) now takes the place of the question in the form; its answers stay "
                    "with the old one. Change the new question's kind here."
                )
                % {"new": new.name_th, "key": new.key},
            )
            return redirect("admin:awards_field_change", new.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Replace this question"),
            "opts": self.opts,
            "original": field,
            "answer_count": field.answers.count(),
            "change_url": change_url,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/awards/field/replace.html", context)


@admin.action(description=_("Copy the application form from another edition"), permissions=["change"])
def copy_form_action(modeladmin, request, queryset):
    """Choose the edition to copy from, confirm what will be copied, copy (awards.services.copy_form)."""
    if queryset.count() != 1:
        modeladmin.message_user(request, _("Choose one edition to copy a form into."), messages.WARNING)
        return None
    target = queryset.get()
    if services.has_form(target):
        modeladmin.message_user(
            request,
            _("%(edition)s already has an application form: copy only into an edition without one.")
            % {"edition": target.name_th},
            messages.ERROR,
        )
        return None
    form = CopyFormSource(request.POST if "source" in request.POST else None, target=target)
    if not form.is_valid() or not request.POST.get("confirm"):
        return _copy_page(modeladmin, request, target, form)
    try:
        result = services.copy_form(source=form.cleaned_data["source"], target=target, by=request.user, request=request)
    except ValidationError as error:
        modeladmin.message_user(request, " ".join(error.messages), messages.ERROR)
        return None
    _report_copy(modeladmin, request, result, target)
    return None


def _copy_page(modeladmin, request, target: Cycle, form):
    source = form.cleaned_data["source"] if form.is_bound and form.is_valid() else None
    sections, questions = services.form_counts(source) if source else (0, 0)
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": _("Copy the application form from another edition"),
        "opts": modeladmin.opts,
        "target": target,
        "form": form,
        "source": source,
        "sections": sections,
        "questions": questions,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/awards/cycle/copy_form.html", context)


def _report_copy(modeladmin, request, result: services.FormCopy, target: Cycle) -> None:
    sections = ngettext("%d section", "%d sections", result.sections) % result.sections
    questions = ngettext("%d question", "%d questions", result.fields) % result.fields
    modeladmin.message_user(
        request,
        _("Copied %(sections)s and %(questions)s into %(edition)s.")
        % {"sections": sections, "questions": questions, "edition": target.name_th},
    )
    if result.categories_unmatched:
        modeladmin.message_user(
            request,
            _(
                "This edition has no categories %(slugs)s: check the categories of the questions that were "
                "limited to them."
            )
            % {"slugs": ", ".join(result.categories_unmatched)},
            messages.WARNING,
        )
    if result.criteria_unmatched:
        modeladmin.message_user(
            request,
            _("This edition's rubric has no criteria %(numbers)s: link those questions to its criteria by hand.")
            % {"numbers": ", ".join(result.criteria_unmatched)},
            messages.WARNING,
        )
