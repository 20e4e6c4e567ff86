"""What staff and report readers download (django-import-export resources, CSV and XLSX).

Column titles and values follow the active language (Thai by default); the querysets come with
their related rows joined, so an export costs one query whatever its length.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import Application, Attachment


class ApplicationResource(resources.ModelResource):
    reference = fields.Field(attribute="reference", column_name=_("reference"))
    organisation = fields.Field(column_name=_("organisation"))
    kind = fields.Field(column_name=_("type"))
    province = fields.Field(column_name=_("province"))
    category = fields.Field(column_name=_("category"))
    project = fields.Field(column_name=_("project"))
    status = fields.Field(column_name=_("status"))
    submitted_at = fields.Field(column_name=_("submitted at"))

    class Meta:
        model = Application
        fields = ["reference", "organisation", "kind", "province", "category", "project", "status", "submitted_at"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation__province", "category")

    def dehydrate_organisation(self, application):
        return application.organisation.name

    def dehydrate_kind(self, application):
        return application.organisation.get_kind_display()

    def dehydrate_province(self, application):
        return application.organisation.province.name

    def dehydrate_category(self, application):
        return application.category.name

    def dehydrate_project(self, application):
        return application.title_th

    def dehydrate_status(self, application):
        return application.get_status_display()

    def dehydrate_submitted_at(self, application):
        return local_iso(application.submitted_at)


class AttachmentResource(resources.ModelResource):
    application = fields.Field(column_name=_("application"))
    file_name = fields.Field(attribute="original_name", column_name=_("file name"))
    kind = fields.Field(attribute="kind", column_name=_("type"))
    size = fields.Field(column_name=_("size (bytes)"))
    sha256 = fields.Field(attribute="sha256", column_name="SHA-256")

    class Meta:
        model = Attachment
        fields = ["application", "file_name", "kind", "size", "sha256"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("application")

    def dehydrate_application(self, attachment):
        return str(attachment.application)

    def dehydrate_size(self, attachment):
        return attachment.size  # a number, so that a spreadsheet can add sizes up


class LocalGovernmentResource(ApplicationResource):
    """The DLA report's list: one row per application of a local government (submissions.enums)."""

    class Meta:
        model = Application
        fields = ["province", "organisation", "kind", "reference", "project", "category", "status", "submitted_at"]
        export_order = fields


def local_iso(value) -> str:
    """A date and time in Thailand's time, as spreadsheets read it (2026-11-23 09:30)."""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""
