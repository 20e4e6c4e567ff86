"""The vote ledger as staff download it (CSV/XLSX through django-import-export): one row per vote,
the voter by number only (never the e-mail address), voided votes marked with their reason."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from core.exports import SheetResource, moment_columns

from .models import Vote


class VoteResource(SheetResource):
    vote = fields.Field(attribute="pk", column_name=_("vote"))
    voter = fields.Field(attribute="voter_id", column_name=_("voter (number)"))
    finalist = fields.Field(column_name=_("finalist"))
    period = fields.Field(attribute="period", column_name=_("period"))
    cast_at, cast_at_be = moment_columns("cast_at", _("cast at"))
    network = fields.Field(attribute="network", column_name=_("address range"))
    void_reason = fields.Field(column_name=_("voided because"))
    sheet_title = _("Vote ledger")

    class Meta:
        model = Vote
        fields = ["vote", "voter", "finalist", "period", "cast_at", "cast_at_be", "network", "void_reason"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("application", "void").order_by("cast_at", "pk")

    def dehydrate_finalist(self, vote):
        return vote.application.reference or vote.application.title_th

    def dehydrate_void_reason(self, vote):
        void = getattr(vote, "void", None)
        return void.get_reason_display() if void else ""
