"""The demo's two-factor authentication: the demo staff, chair and judges get an authenticator app
with one fixed, published secret, so that anyone trying the demo can log in (``seed_demo --banner``
prints it). Never use these accounts outside a demo."""

from urllib.parse import quote

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User
from accounts.two_factor import two_factor_required

DEMO_TOTP_SECRET = "DEMOAWARDSDEMOAWARDSDEMOAWARDS22"
DEMO_TOTP_ISSUER = "Smart City Solution Awards"


def load_two_factor_demo(*, emails: list[str]) -> None:
    """Give every demo account whose role requires 2FA the demo authenticator (idempotent)."""
    for user in User.objects.filter(email__in=emails).order_by("email"):
        if not two_factor_required(user) or Authenticator.objects.filter(user=user, type="totp").exists():
            continue
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)


def banner_lines(email: str) -> list[str]:
    issuer = quote(DEMO_TOTP_ISSUER)
    uri = f"otpauth://totp/{issuer}:{quote(email, safe='@')}?secret={DEMO_TOTP_SECRET}&issuer={issuer}"
    return [
        f"    Staff, chair and judges also type a code from an authenticator app (secret {DEMO_TOTP_SECRET}):",
        f"      {uri}",
        f"      or run: .venv/bin/python scripts/totp.py {DEMO_TOTP_SECRET}",
    ]
