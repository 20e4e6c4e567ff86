"""Admin building blocks every app's admin may use: exports that leave a trace in the audit log, and
the confirmation page a bulk action shows before it changes anything."""

from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import CSV, XLSX

from .audit import record_event


class Utf8BomCSV(CSV):
    """CSV with a byte-order mark, so that Excel opens Thai text as UTF-8 rather than as mojibake."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)


class AuditedExportMixin(ExportActionMixin):
    """CSV and XLSX exports (the changelist's Export button and the "Export selected" action, each
    with a page to choose the format first); every file handed out is recorded as ``audit_action``."""

    audit_action = ""
    formats = [Utf8BomCSV, XLSX]
    show_change_form_export = False
    # Keep each model's own change form (import-export's would replace, e.g., the applications' one).
    change_form_template = None

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
