"""The back office's part of the demo (seed_demo): the demo province viewer reads the report of
Nakhon Ratchasima, where the demo city municipality applied."""

from accounts.models import User
from submissions.models import Province, ProvinceViewerScope

PROVINCE_VIEWER_EMAIL = "province@example.com"
PROVINCE_CODE = "30"  # นครราชสีมา


def load_backoffice_demo() -> None:
    """Tie the demo province viewer to their province (nothing changes on a second run)."""
    user = User.objects.filter(email=PROVINCE_VIEWER_EMAIL).first()
    if user is not None:
        ProvinceViewerScope.objects.get_or_create(
            user=user, defaults={"province": Province.objects.get(code=PROVINCE_CODE)}
        )
