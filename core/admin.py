from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import emails
from .models import OutboundEmail


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    """The outbox: every e-mail as it was sent, read-only."""

    list_display = ["created_at", "to", "subject", "kind", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "language"]
    search_fields = ["to", "subject"]
    readonly_fields = [f.name for f in OutboundEmail._meta.fields if f.name != "attachments"] + ["attachment_links"]
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed e-mails again"), permissions=["view"])
    def retry(self, request, queryset):
        count = emails.retry_emails(email_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, _("%(count)s e-mail(s) queued to be sent again.") % {"count": count})

    @admin.display(description=_("attachments"))
    def attachment_links(self, obj):
        # Rendered on request from the same renderer the worker uses, so staff see what was sent.
        return (
            format_html_join(
                mark_safe("<br>"),
                '<a href="{}">{}</a>',
                (
                    (reverse("admin:core_outboundemail_attachment", args=[obj.pk, index]), attachment["filename"])
                    for index, attachment in enumerate(obj.attachments)
                ),
            )
            or "—"
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.send_test_view)
        attachment = self.admin_site.admin_view(self.attachment_view)
        return [
            path("send-test/", view, name="core_outboundemail_send_test"),
            path("<int:pk>/attachment/<int:index>/", attachment, name="core_outboundemail_attachment"),
            *super().get_urls(),
        ]

    def attachment_view(self, request, pk, index):
        """One attachment of an e-mail in the outbox, rendered as the recipient got it."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        email = get_object_or_404(OutboundEmail, pk=pk)
        if index >= len(email.attachments):
            raise Http404
        attachment = email.attachments[index]
        content = emails.render_attachment(attachment, email.language)
        response = HttpResponse(content, content_type=attachment["mimetype"])
        response["Content-Disposition"] = content_disposition_header(False, attachment["filename"])
        return response

    def send_test_view(self, request):
        """Staff send themselves a test e-mail to check that mail reaches people (button on the list)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        emails.send_test_email(user=request.user)
        self.message_user(request, _("A test e-mail is on its way to %(email)s.") % {"email": request.user.email})
        return redirect("admin:core_outboundemail_changelist")
