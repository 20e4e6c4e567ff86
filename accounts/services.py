from django.contrib.auth.models import Group
from django.db import transaction

from .enums import ConsentPurpose, Role
from .models import Consent, User


def create_user(*, email: str, password: str | None, full_name: str = "", language: str = "th") -> User:
    user = User(email=email, full_name=full_name, language=language)
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
STAFF_APPS = ("awards", "submissions", "judging", "voting", "documents")


def ensure_role_groups() -> None:
    """Create one group per role and give the staff group its admin permissions (idempotent)."""
    from django.contrib.auth.models import Permission

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    staff = Group.objects.get(name=Role.STAFF.value)
    perms = Permission.objects.filter(content_type__app_label__in=STAFF_APPS) | Permission.objects.filter(
        content_type__app_label="accounts", codename__startswith="view_"
    )
    staff.permissions.add(*perms)


def record_consent(*, user: User, purpose: ConsentPurpose, notice_version: str) -> Consent:
    """Keep the consent a person just gave, with the version of the notice they read."""
    consent = Consent(user=user, purpose=purpose, notice_version=notice_version)
    consent.full_clean()
    consent.save()
    return consent
