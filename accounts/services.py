from django.contrib.auth.models import Group
from django.db import transaction

from .enums import ConsentPurpose, Role
from .models import Consent, User


def create_user(
    *, email: str, password: str | None, full_name: str = "", language: str = "th", password_hash: str = ""
) -> User:
    """``password_hash`` (``make_password``'s result) instead of ``password``: seeding several accounts
    that share one password hashes it once (PBKDF2 takes most of a second, on purpose)."""
    user = User(email=email, full_name=full_name, language=language)
    if password_hash:
        user.password = password_hash
    else:
        user.set_password(password) if password else user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def grant_role(*, user: User, role: Role) -> None:
    """Put the user in the role's group; staff also get Django's staff flag so they reach admin."""
    group, _ = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role is Role.STAFF and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


# Staff run the cycle from admin: they get every permission on the competition's own apps, and may
# look at (not edit) accounts. Later issues add their models to these apps and inherit the grant.
STAFF_APPS = ("core", "awards", "submissions", "judging", "voting", "reminders", "documents", "showcase")


# The other roles never reach admin: what they may open is decided object by object by the predicates
# in each app's rules.py (a judge's own assignments, an applicant's own organisation). Only the
# permissions listed here are granted to their groups, as "app_label.codename".
ROLE_PERMISSIONS = {
    Role.PROVINCE_VIEWER: ("submissions.view_dla_report",),
}


def ensure_role_groups() -> None:
    """Create one group per role and give each group its permissions (idempotent)."""
    from django.contrib.auth.models import Permission

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    staff = Group.objects.get(name=Role.STAFF.value)
    perms = Permission.objects.filter(content_type__app_label__in=STAFF_APPS) | Permission.objects.filter(
        content_type__app_label="accounts", codename__startswith="view_"
    )
    staff.permissions.add(*perms)
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        for name in names:
            app_label, codename = name.split(".")
            group.permissions.add(*Permission.objects.filter(content_type__app_label=app_label, codename=codename))


def record_consent(*, user: User, purpose: ConsentPurpose, notice_version: str) -> Consent:
    """Keep the consent a person just gave, with the version of the notice they read."""
    consent = Consent(user=user, purpose=purpose, notice_version=notice_version)
    consent.full_clean()
    consent.save()
    return consent


def personal_data(*, user: User) -> dict:
    """Everything the platform holds about a person, by section (accounts.privacy), ready for JSON."""
    from django.utils import timezone

    from .privacy import exporters

    data = {"exported_at": timezone.now().isoformat(), "format": "awards-personal-data/1"}
    data.update({section: export(user) for section, export in exporters().items()})
    return data


@transaction.atomic
def erase_personal_data(*, user: User, by: User, request=None) -> None:
    """Anonymise a person (PDPA erasure): their name, e-mail address, password, second factors, log-in
    records and linked identities (ThaiD, LINE) go; the account row stays, inactive, under a unique
    placeholder address, so that the applications they wrote, the scores they gave and the votes they
    cast stay consistent."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from .audit import record_event
    from .privacy import erasers, placeholder_email

    placeholder = placeholder_email(user)
    old_email = user.email
    for erase in erasers():
        erase(user, placeholder)
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=old_email).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.email = placeholder
    user.full_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])
    record_event(actor=by if by != user else None, action="pdpa.erase", target=user, request=request)


def apply_retention(*, now=None) -> dict[str, int]:
    """Enforce the retention periods (settings.RETENTION_*): accounts never verified are deleted, and
    IP addresses in the audit log and the log-in records are blanked or dropped when old enough."""
    from datetime import timedelta

    from allauth.account.models import EmailAddress
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django.utils import timezone

    from .models import AuditEvent

    now = now or timezone.now()
    unverified_before = now - timedelta(days=settings.RETENTION_UNVERIFIED_ACCOUNT_DAYS)
    ip_before = now - timedelta(days=settings.RETENTION_AUDIT_IP_DAYS)
    verified = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(date_joined__lt=unverified_before, last_login__isnull=True, is_staff=False)
    _, deleted = stale.exclude(pk__in=verified).delete()
    blanked = AuditEvent.objects.filter(at__lt=ip_before, ip_address__isnull=False).update(ip_address=None)
    dropped = 0
    for model, field in (
        (AccessAttempt, "attempt_time"),
        (AccessLog, "attempt_time"),
        (AccessFailureLog, "attempt_time"),
    ):
        dropped += model.objects.filter(**{f"{field}__lt": ip_before}).delete()[0]
    return {
        "deleted_accounts": deleted.get(User._meta.label, 0),
        "blanked_ips": blanked,
        "dropped_login_records": dropped,
    }
