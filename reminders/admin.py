from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_tools import ReadOnlyAdmin

from .models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """What the sweep sent, to whom and when; read-only (the ledger is the proof of "once")."""

    list_display = [
        "claimed_at",
        "recipient",
        "recipient__email",
        "kind",
        "deadline",
        "cycle",
        "email_status",
        "sent_at",
    ]
    list_filter = ["kind", "cycle"]
    search_fields = ["recipient__email", "recipient__full_name"]
    list_select_related = ["recipient", "cycle", "email"]
    date_hierarchy = "claimed_at"

    @admin.display(description=_("e-mail status"))
    def email_status(self, obj):
        return obj.email.get_status_display() if obj.email else "—"

    @admin.display(description=_("sent at"))
    def sent_at(self, obj):
        return obj.email.sent_at if obj.email else None
