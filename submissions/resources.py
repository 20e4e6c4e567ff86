"""What staff and report readers download (django-import-export resources, CSV and XLSX).

Column titles and values follow the active language (Thai by default); a moment goes out twice, in
ISO 8601 and in the Buddhist Era (``core.exports``); the querysets come with their related rows
joined, so an export costs one query whatever its length.

The applications' export also has one column per question of the form (``AnswerColumn``), read
through ``submissions.answers`` as staff read them, in a constant number of queries per edition.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from import_export import fields

from awards.enums import FieldKind
from awards.models import Field
from core.exports import SheetResource, buddhist_title, iso_title, moment_columns
from core.formats import buddhist_moment

from . import fieldkinds
from .answers import Reader, Shown, answers_for_many, form_fields
from .models import Application, Attachment
from .published import prime_form_fields

ROW_SEPARATOR = " / "  # between the rows of a repeating group and between the files of a question


@dataclass(frozen=True)
class AnswerColumn:
    """One column of answers: a question's key (the same key in several editions is one column), its
    title, and which rendering it takes (a date has an ISO column and a Buddhist-era one)."""

    key: str
    title: str
    render: str = "value"  # "value", "iso" or "buddhist"

    def value(self, shown: Shown | None):
        if shown is None or not shown.answered:
            return ""
        if self.render == "iso":
            return shown.value
        if self.render == "buddhist":
            return buddhist_moment(fieldkinds.to_python(shown.field, shown.value))
        return answer_cell(shown)


def answer_cell(shown: Shown):
    """What a spreadsheet cell holds for an answer: a number as a number, a group row by row and
    files by name (each joined by " / "), anything else as a person reads it."""
    field = shown.field
    if field.kind in (FieldKind.NUMBER, FieldKind.MONEY):
        return Decimal(shown.value)
    if field.kind == FieldKind.GROUP:
        return ROW_SEPARATOR.join(fieldkinds.group_row_text(field, row) for row in shown.value)
    if field.is_file:
        return ROW_SEPARATOR.join(attachment.original_name for attachment in shown.files)
    return shown.text


def answer_columns(fields_in_order: list[Field]) -> list[AnswerColumn]:
    """The columns of these questions, one per key (the first question of a key names it)."""
    columns, seen, titles = [], set(), set()
    for item in fields_in_order:
        if item.key in seen:
            continue
        seen.add(item.key)
        title = str(item.name or item.key)
        title = f"{title} ({item.key})" if title in titles else title
        titles.add(title)
        if item.kind == FieldKind.DATE:
            columns.append(AnswerColumn(item.key, str(iso_title(title)), "iso"))
            columns.append(AnswerColumn(item.key, str(buddhist_title(title)), "buddhist"))
        else:
            columns.append(AnswerColumn(item.key, title))
    return columns


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
    with_answers = True  # staff's export; a report for province viewers has none of the answers

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

    def before_export(self, queryset, **kwargs):
        """Read every answer of the exported applications at once (as staff read them) and decide
        the answer columns: the union by key of the questions of their editions, in form order."""
        super().before_export(queryset, **kwargs)
        if not self.with_answers:
            return
        applications = list(self.filter_export(queryset).select_related("cycle")) if queryset is not None else []
        prime_form_fields(applications)
        self.answers = {
            pk: {item.key: item for item in shown} for pk, shown in answers_for_many(applications, Reader.STAFF).items()
        }
        cycles = {}
        for application in applications:
            cycles.setdefault(application.cycle_id, application.cycle)
        retired = _retired_answered(self.answers)
        self.answer_columns = answer_columns(
            [
                item
                for cycle in sorted(cycles.values(), key=lambda c: (c.year, c.pk))
                for item in sorted(
                    [*form_fields(cycle), *retired.get(cycle.pk, [])],
                    key=lambda item: (item.section.position, item.position, item.pk),
                )
            ]
        )

    def get_export_headers(self, selected_fields=None):
        return super().get_export_headers(selected_fields) + [c.title for c in getattr(self, "answer_columns", [])]

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = super().export_resource(instance, selected_fields, **kwargs)
        answers = getattr(self, "answers", {}).get(instance.pk, {})
        return row + [column.value(answers.get(column.key)) for column in getattr(self, "answer_columns", [])]

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


def _retired_answered(answers: dict[int, dict[str, Shown]]) -> dict[int, list[Field]]:
    """Per edition, the retired questions (replaced after they were answered) that an exported
    application answered: their answers keep their own column, under the question they answered."""
    retired: dict[int, dict[int, Field]] = {}
    for shown_by_key in answers.values():
        for shown in shown_by_key.values():
            if shown.field.retired:
                retired.setdefault(shown.field.cycle_id, {})[shown.field.pk] = shown.field
    return {cycle_id: list(fields.values()) for cycle_id, fields in retired.items()}


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
    with_answers = False

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
