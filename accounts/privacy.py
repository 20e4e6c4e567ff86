"""Personal data (Thailand's PDPA): what the platform holds about one person, and how it forgets them.

Each app that keeps personal data says so in its own ``privacy.py`` (found at start-up by
``AccountsConfig.ready``) with two decorated functions: an ``@exporter("section")`` returning the
JSON-ready data it holds about a person, and an ``@eraser`` that anonymises it while keeping the
records that other people's work depends on (applications, scores, votes). The account's own part is
below; ``accounts.services.erase_personal_data`` runs every eraser.
"""

from collections.abc import Callable

from django.db.models import Q

from .models import AuditEvent, Consent, User

_exporters: dict[str, Callable[[User], object]] = {}
_erasers: list[Callable[[User, str], None]] = []


def exporter(section: str):
    def register(function):
        _exporters[section] = function
        return function

    return register


def eraser(function):
    _erasers.append(function)
    return function


def exporters() -> dict[str, Callable[[User], object]]:
    return dict(sorted(_exporters.items()))


def erasers() -> list[Callable[[User, str], None]]:
    return list(_erasers)


def placeholder_email(user: User) -> str:
    """A unique address that says the account was erased and can never receive mail (.invalid)."""
    return f"erased-{user.pk}@erased.invalid"


def _when(value):
    return value.isoformat() if value else None


@exporter("account")
def export_account(user: User) -> dict:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount

    return {
        "email": user.email,
        "full_name": user.full_name,
        "language": user.language,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        # Which kinds of second factor are set up; never the secrets themselves.
        "two_factor": sorted(Authenticator.objects.filter(user=user).values_list("type", flat=True)),
        # The identities linked for sign-in (ThaiD, LINE) and when: all that is kept of them.
        "linked_identities": [
            {"provider": a.provider, "linked_at": _when(a.date_joined)}
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
    }


@exporter("consents")
def export_consents(user: User) -> list[dict]:
    return [
        {
            "purpose": c.purpose,
            "notice_version": c.notice_version,
            "given_at": _when(c.given_at),
            "withdrawn_at": _when(c.withdrawn_at),
        }
        for c in Consent.objects.filter(user=user).order_by("given_at", "pk")
    ]


def _events_about(user: User):
    return AuditEvent.objects.filter(
        Q(actor=user) | Q(target_type="accounts.user", target_id=str(user.pk)) | Q(detail__email=user.email)
    )


@exporter("audit_events")
def export_audit_events(user: User) -> list[dict]:
    return [
        {"at": _when(e.at), "action": e.action, "object": e.target_repr, "ip_address": e.ip_address}
        for e in _events_about(user).order_by("at", "pk")
    ]


@eraser
def erase_account_records(user: User, placeholder: str) -> None:
    """Consents are kept as withdrawn (proof of what was agreed, and when it ended); the audit log keeps
    its events with the placeholder instead of the address and the name."""
    from django.utils import timezone

    Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    events = _events_about(user)
    events.filter(actor=user).update(actor_email=placeholder)
    events.filter(target_type="accounts.user", target_id=str(user.pk)).update(target_repr=placeholder)
    events.filter(detail__email=user.email).update(detail={"email": placeholder})
