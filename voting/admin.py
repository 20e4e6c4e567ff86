"""Staff open and close the Popular Vote here, choose whether counts show during the vote, and read
the ledger (read-only: votes are voided on the fraud-review page, with a reason)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.admin_tools import AuditedExportMixin, ReadOnlyAdmin

from .forms import PollAdminForm
from .models import Poll, Vote, VoteVoid
from .proofs import unconfigured_proofs
from .resources import VoteResource
from .services.polls import close_poll_now, open_poll_now, save_poll
from .services.results import declare_result

NOT_SET_UP = _("not set up on this site: voters are not offered it")
# Poll.state's codes as staff read them.
POLL_STATES = {
    "upcoming": pgettext_lazy("poll state", "Not open yet"),
    "open": pgettext_lazy("poll state", "Open"),
    "closed": pgettext_lazy("poll state", "Closed"),
    "declared": pgettext_lazy("poll state", "Declared"),
}


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin):
    form = PollAdminForm
    list_display = ["cycle", "opens_at", "closes_at", "period", "show_counts", "state_label", "links"]
    readonly_fields = ["winner", "result_sha256", "declared_at", "emails_purged_at"]
    actions = ["open_now", "close_now", "declare"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The proofs' boxes say which proof is not set up on this site, before staff tick it."""
        form = super().get_form(request, obj, change=change, **kwargs)
        missing = dict(unconfigured_proofs(request))
        if not missing:
            return form

        class PollFormHere(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["proofs"].choices = [
                    (kind, format_lazy("{} ({})", label, NOT_SET_UP) if kind in missing else label)
                    for kind, label in self.fields["proofs"].choices
                ]

        return PollFormHere

    def save_model(self, request, obj, form, change):
        # Through the service: the change is audited and every web process sees it at once.
        save_poll(poll=obj, by=request.user, request=request)
        self._warn_of_unconfigured_proofs(request, obj)

    def _warn_of_unconfigured_proofs(self, request, poll):
        """A proof ticked whose means is not set up here is saved (it may be set up before the vote
        opens), but voters are not offered it until then: staff are told which."""
        missing = [name for _kind, name in unconfigured_proofs(request, poll.proofs)]
        if missing:
            self.message_user(
                request,
                _(
                    "Not set up on this site, so voters are not offered it until it is: %(proofs)s. "
                    "SMS needs an SMS gateway (SMS_API_URL); LINE and ThaiD need their sign-in client "
                    "(LINE_CLIENT_ID, THAID_CLIENT_ID)."
                )
                % {"proofs": ", ".join(missing)},
                messages.WARNING,
            )

    @admin.display(description=_("state"))
    def state_label(self, poll):
        return POLL_STATES.get(poll.state, poll.state)

    @admin.display(description=_("pages"))
    def links(self, poll):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("voting:gallery", args=[poll.cycle.slug]),
            _("gallery"),
            reverse("voting:review", args=[poll.cycle.slug]),
            _("fraud review"),
        )

    @admin.action(description=_("Open the vote now"))
    def open_now(self, request, queryset):
        self._each(request, queryset, open_poll_now)

    @admin.action(description=_("Close the vote now"))
    def close_now(self, request, queryset):
        self._each(request, queryset, close_poll_now)

    @admin.action(description=_("Declare the result (after the close)"))
    def declare(self, request, queryset):
        self._each(request, queryset, declare_result)

    def _each(self, request, queryset, service):
        for poll in queryset:
            try:
                service(poll=poll, by=request.user, request=request)
            except ValidationError as error:
                self.message_user(request, f"{poll}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{poll}: {_('done')} ({timezone.localtime():%H:%M})")


@admin.register(Vote)
class VoteAdmin(ReadOnlyAdmin, AuditedExportMixin, admin.ModelAdmin):
    """The ledger, read-only; it exports as CSV or XLSX (audited, voters by number only)."""

    resource_classes = [VoteResource]
    audit_action = "export.votes"
    list_display = ["pk", "cycle", "application", "period", "cast_at", "network"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "application"]
    readonly_fields = [f.name for f in Vote._meta.fields]


@admin.register(VoteVoid)
class VoteVoidAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["vote", "reason", "note", "voided_by", "voided_at"]
    list_filter = ["reason"]
