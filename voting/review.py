"""Reads of the fraud-review page: where a vote looks scripted. Each finding names its votes, so
that staff can void exactly those with a reason (voting.services.review.void_votes). Each kind of
finding costs two queries (the groups, then their votes), however many groups there are."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncHour, TruncMinute
from django.utils.translation import gettext as _

from .domains import DISPOSABLE
from .models import Vote, Voter

SHARED_NETWORK_MIN = 10
BURST_MIN_PER_MINUTE = 30
BURST_FACTOR = 5
MAX_FINDINGS = 20


@dataclass
class Finding:
    key: str
    label: str
    vote_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.vote_ids)

    @property
    def ids(self) -> str:
        return ",".join(str(pk) for pk in self.vote_ids)


def _valid(cycle):
    return Vote.objects.filter(cycle=cycle, void__isnull=True)


def _grouped(queryset, key_field: str, keys: list) -> dict:
    """Vote ids per value of ``key_field``, for the given values, in one query."""
    ids = defaultdict(list)
    for key, pk in queryset.filter(**{f"{key_field}__in": keys}).order_by("pk").values_list(key_field, "pk"):
        ids[key].append(pk)
    return ids


def votes_over_time(cycle) -> list[dict]:
    """Valid votes per hour and finalist (rows: hour, application id, count)."""
    return list(
        _valid(cycle)
        .annotate(hour=TruncHour("cast_at"))
        .values("hour", "application")
        .annotate(n=Count("pk"))
        .order_by("hour", "application")
    )


def bursts(cycle) -> list[Finding]:
    """Minutes with far more votes than the vote's typical busy minute (at least BURST_FACTOR times
    the median minute, and at least BURST_MIN_PER_MINUTE)."""
    per_minute = list(_valid(cycle).annotate(minute=TruncMinute("cast_at")).values("minute").annotate(n=Count("pk")))
    if not per_minute:
        return []
    counts = sorted(row["n"] for row in per_minute)
    threshold = max(BURST_MIN_PER_MINUTE, BURST_FACTOR * counts[len(counts) // 2])
    minutes = sorted((r["minute"] for r in per_minute if r["n"] >= threshold), reverse=True)[:MAX_FINDINGS]
    if not minutes:
        return []
    ids = defaultdict(list)
    window = _valid(cycle).filter(cast_at__gte=min(minutes), cast_at__lt=max(minutes) + timedelta(minutes=1))
    for minute, pk in window.annotate(minute=TruncMinute("cast_at")).order_by("pk").values_list("minute", "pk"):
        if minute in minutes:
            ids[minute].append(pk)
    return [Finding(key=m.isoformat(), label=m.isoformat(), vote_ids=ids[m]) for m in sorted(minutes)]


def shared_networks(cycle) -> list[Finding]:
    rows = (
        _valid(cycle)
        .exclude(network="")
        .values("network")
        .annotate(n=Count("pk"))
        .filter(n__gte=SHARED_NETWORK_MIN)
        .order_by("-n")[:MAX_FINDINGS]
    )
    networks = [row["network"] for row in rows]
    ids = _grouped(_valid(cycle), "network", networks)
    return [Finding(key=network, label=network, vote_ids=ids[network]) for network in networks]


def disposable_domains(cycle) -> list[Finding]:
    rows = (
        _valid(cycle)
        .filter(voter__domain__in=DISPOSABLE)
        .values("voter__domain")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    domains = [row["voter__domain"] for row in rows[:MAX_FINDINGS]]
    ids = _grouped(_valid(cycle), "voter__domain", domains)
    return [Finding(key=domain, label=domain, vote_ids=ids[domain]) for domain in domains]


def near_identical(cycle) -> list[Finding]:
    """Voters whose addresses differ only by dots or a +tag (the same loose hash)."""
    rows = (
        Voter.objects.filter(votes__cycle=cycle, votes__void__isnull=True)
        .values("similarity_hash")
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gt=1)
        .order_by("-n")[:MAX_FINDINGS]
    )
    hashes = [row["similarity_hash"] for row in rows]
    ids, emails = defaultdict(list), defaultdict(set)
    votes = _valid(cycle).filter(voter__similarity_hash__in=hashes).order_by("pk")
    for similarity, pk, email in votes.values_list("voter__similarity_hash", "pk", "voter__email"):
        ids[similarity].append(pk)
        emails[similarity].add(email or _("(address purged)"))
    return [Finding(key=h[:12], label=", ".join(sorted(emails[h])), vote_ids=ids[h]) for h in hashes]
