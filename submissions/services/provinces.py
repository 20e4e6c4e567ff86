"""The provinces every installation needs (reference data, loaded by a migration)."""

from ..models import Province
from ..provinces import PROVINCES


def ensure_provinces() -> int:
    """Make sure the 77 provinces exist (a migration loads them; a flushed test database or a
    restored dump may lack them). Returns how many were added."""
    existing = set(Province.objects.values_list("code", flat=True))
    missing = [
        Province(code=p.code, name_th=p.name_th, name_en=p.name_en, region=p.region)
        for p in PROVINCES
        if p.code not in existing
    ]
    Province.objects.bulk_create(missing)
    return len(missing)
