"""What staff and report readers download (django-import-export resources, CSV and XLSX).

Column titles and values follow the active language (Thai by default); a moment goes out twice, in
ISO 8601 and in the Buddhist Era (``core.exports``); the querysets come with their related rows
joined, so an export costs one query whatever its length.
"""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.exports import SheetResource, moment_columns

from .models import Application, Attachment


class ApplicationResource(SheetResource):
    reference = fields.Field(attribute="reference", column_name=_("reference"))
    organisation = fields.Field(column_name=_("organisation"))
    kind = fields.Field(column_name=_("type"))
    province = fields.Field(column_name=_("province"))
    category = fields.Field(column_name=_("category"))
    project = fields.Field(column_name=_("project"))
    status = fields.Field(column_name=_("status"))
    submitted_at, submitted_at_be = moment_columns("submitted_at", _("submitted at"))
    sheet_title = _("Applications")

    class Meta:
        model = Application
        fields = [
            "reference",
            "organisation",
            "kind",
            "province",
            "category",
            "project",
            "status",
            "submitted_at",
            "submitted_at_be",
        ]
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


class AttachmentResource(SheetResource):
    application = fields.Field(column_name=_("application"))
    file_name = fields.Field(attribute="original_name", column_name=_("file name"))
    kind = fields.Field(attribute="kind", column_name=_("type"))
    size = fields.Field(column_name=_("size (bytes)"))
    sha256 = fields.Field(attribute="sha256", column_name="SHA-256")
    sheet_title = _("Attachments")

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

    sheet_title = _("Local governments")

    class Meta:
        model = Application
        fields = [
            "province",
            "organisation",
            "kind",
            "reference",
            "project",
            "category",
            "status",
            "submitted_at",
            "submitted_at_be",
        ]
        export_order = fields
