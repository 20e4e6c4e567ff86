from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .admin_tools import ReadOnlyAdmin
from .enrolment import send_enrolment_link
from .models import AuditEvent, Consent, User
from .two_factor import has_authenticator, two_factor_required

# Sign-in identities (accounts/identity.py) are configured in settings, not in the database; tokens are
# never stored; a person links and unlinks their own identity on their account page (audited). Admin's
# pages for them would only offer unaudited edits of keyed hashes.
for _model in (SocialApp, SocialToken, SocialAccount):
    admin.site.unregister(_model)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "language"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "language", "roles", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["full_name", "language"]}),
        (
            _("Roles and permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "language", "password1", "password2"]})
    ]
    actions = ["send_two_factor_enrolment_link"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(group.name for group in obj.groups.all())

    # Viewing is enough: the link goes only to the person's own inbox, and it replaces no factor.
    @admin.action(description=_("Send a link to set up two-factor authentication"), permissions=["view"])
    def send_two_factor_enrolment_link(self, request, queryset):
        users = [user for user in queryset if two_factor_required(user) and not has_authenticator(user)]
        for user in users:
            send_enrolment_link(user=user, by=request.user, request=request)
        self.message_user(
            request,
            ngettext(
                "Sent %(count)d link; people who already have an authenticator or need none were skipped.",
                "Sent %(count)d links; people who already have an authenticator or need none were skipped.",
                len(users),
            )
            % {"count": len(users)},
        )


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """Staff see who consented to what, to which notice, and when; consents are never edited."""

    list_display = ["user", "purpose", "notice_version", "given_at", "withdrawn_at"]
    list_filter = ["purpose", "notice_version"]
    search_fields = ["user__email", "user__full_name"]
    list_select_related = ["user"]
    readonly_fields = ["user", "purpose", "notice_version", "given_at", "withdrawn_at"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    """The audit log: staff read it, filter it and search it; nobody edits or deletes an entry."""

    list_display = ["at", "actor_email", "action", "target_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_email", "action", "target_repr", "target_id"]
    date_hierarchy = "at"
    readonly_fields = [
        "at",
        "actor",
        "actor_email",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "detail",
        "ip_address",
    ]
