"""Admin building blocks every app's admin may use: exports that leave a trace in the audit log, and
the confirmation page a bulk action shows before it changes anything."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX

from .audit import record_event

# A cell a spreadsheet would read as a formula (CSV/formula injection, OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defuse_formulae(dataset):
    """Prefix text that starts like a formula with an apostrophe, so that a spreadsheet shows it as
    text. Exports hold what applicants typed; numbers stay numbers. (import-export's own option
    only strips a leading "=" and turns every cell into text.)"""
    for index in range(len(dataset)):
        row = dataset[index]
        dataset[index] = tuple(
            f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell for cell in row
        )
    return dataset


class SafeCSV(CSV):
    """CSV with a byte-order mark, so that Excel opens Thai text as UTF-8 rather than as mojibake,
    and formulas defused."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(defuse_formulae(dataset), **kwargs)


class SafeXLSX(XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(defuse_formulae(dataset), **kwargs)


class ReadOnlyAdmin:
    """A model admin whose rows staff may read but never add, change or delete here (records that
    are written by a service or kept as evidence: consents, the audit log, votes, decisions...)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedExportMixin(ExportActionMixin):
    """CSV and XLSX exports (the changelist's Export button and the "Export selected" action, each
    with a page to choose the format first); every file handed out is recorded as ``audit_action``."""

    audit_action = ""
    formats = [SafeCSV, SafeXLSX]
    show_change_form_export = False
    # Keep each model's own change form (import-export's would replace, e.g., the applications' one).
    change_form_template = None

    def get_valid_export_item_pks(self, request):
        # The selection posted back from the format page may only name rows this admin shows.
        return self.get_queryset(request).values_list("pk", flat=True)

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        record_event(
            actor=request.user,
            action=self.audit_action or f"export.{self.opts.model_name}",
            detail={"format": file_format.get_title(), "rows": queryset.count()},
            request=request,
        )
        return data


def confirmation_page(modeladmin, request, queryset, *, action: str, title, question, form=None, button=None):
    """The page a bulk action shows first: what will happen to which objects, and a button that
    posts the same selection back with ``confirm`` (the action then does its work)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "question": question,
        "objects": list(queryset),
        "form": form,
        "button": button,
        "action": action,
        "opts": modeladmin.opts,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "select_across": request.POST.get("select_across", "0"),
        "index": request.POST.get("index", "0"),
    }
    request.current_app = modeladmin.admin_site.name
    return TemplateResponse(request, "admin/confirm_action.html", context)
