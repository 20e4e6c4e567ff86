"""Reads of the fraud-review page: where a vote looks scripted. Each finding names its votes, so
that staff can void exactly those with a reason (voting.services.review.void_votes)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import TruncHour, TruncMinute
from django.utils.translation import gettext as _

from .domains import DISPOSABLE
from .models import Vote, Voter

SHARED_NETWORK_MIN = 10
BURST_MIN_PER_MINUTE = 30
BURST_FACTOR = 5


@dataclass
class Finding:
    key: str
    label: str
    vote_ids: list[int] = field(default_factory=list)
    detail: str = ""

    @property
    def count(self) -> int:
        return len(self.vote_ids)

    @property
    def ids(self) -> str:
        return ",".join(str(pk) for pk in self.vote_ids)


def _ids(queryset) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def votes_over_time(cycle) -> list[dict]:
    """Valid votes per hour and finalist (rows: hour, application id, count)."""
    return list(
        Vote.objects.filter(cycle=cycle, void__isnull=True)
        .annotate(hour=TruncHour("cast_at"))
        .values("hour", "application")
        .annotate(n=Count("pk"))
        .order_by("hour", "application")
    )


def bursts(cycle) -> list[Finding]:
    """Minutes with far more votes than the vote's typical busy minute."""
    per_minute = list(
        Vote.objects.filter(cycle=cycle, void__isnull=True)
        .annotate(minute=TruncMinute("cast_at"))
        .values("minute")
        .annotate(n=Count("pk"))
        .order_by("minute")
    )
    if not per_minute:
        return []
    counts = sorted(row["n"] for row in per_minute)
    median = counts[len(counts) // 2]
    threshold = max(BURST_MIN_PER_MINUTE, BURST_FACTOR * median)
    findings = []
    for row in sorted(per_minute, key=lambda r: -r["n"])[:20]:
        if row["n"] < threshold:
            break
        minute = row["minute"]
        votes = Vote.objects.filter(
            cycle=cycle, void__isnull=True, cast_at__gte=minute, cast_at__lt=_next_minute(minute)
        )
        findings.append(Finding(key=minute.isoformat(), label=minute.isoformat(), vote_ids=_ids(votes)))
    return findings


def _next_minute(minute):
    from datetime import timedelta

    return minute + timedelta(minutes=1)


def shared_networks(cycle) -> list[Finding]:
    rows = (
        Vote.objects.filter(cycle=cycle, void__isnull=True)
        .exclude(network="")
        .values("network")
        .annotate(n=Count("pk"))
        .filter(n__gte=SHARED_NETWORK_MIN)
        .order_by("-n")[:20]
    )
    return [
        Finding(key=row["network"], label=row["network"],
                vote_ids=_ids(Vote.objects.filter(cycle=cycle, void__isnull=True, network=row["network"])))
        for row in rows
    ]  # fmt: skip


def disposable_domains(cycle) -> list[Finding]:
    rows = (
        Vote.objects.filter(cycle=cycle, void__isnull=True, voter__domain__in=DISPOSABLE)
        .values("voter__domain")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    return [
        Finding(key=row["voter__domain"], label=row["voter__domain"],
                vote_ids=_ids(Vote.objects.filter(cycle=cycle, void__isnull=True, voter__domain=row["voter__domain"])))
        for row in rows
    ]  # fmt: skip


def near_identical(cycle) -> list[Finding]:
    """Voters whose addresses differ only by dots, a +tag or case-like spelling (same loose hash)."""
    rows = (
        Voter.objects.filter(votes__cycle=cycle, votes__void__isnull=True)
        .values("similarity_hash")
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gt=1)
        .order_by("-n")[:50]
    )
    findings = []
    for row in rows:
        votes = Vote.objects.filter(cycle=cycle, void__isnull=True, voter__similarity_hash=row["similarity_hash"])
        emails = sorted({e or str(_("(address purged)")) for e in votes.values_list("voter__email", flat=True)})
        findings.append(Finding(key=row["similarity_hash"][:12], label=", ".join(emails), vote_ids=_ids(votes)))
    return findings
