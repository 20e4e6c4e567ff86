"""The public ledger of a Popular Vote and the integrity report drawn from it.

The ledger is published after the close as a CSV that anyone can download and check: one line per
hour (Bangkok time), finalist, proof of identity and status (``counted``, or ``voided:<reason>``),
with the number of votes. It holds no vote one by one (a vote's time and finalist could tell whom
a known person voted for), no address and no identity. The integrity report's figures are sums of
that same ledger, and the report carries the SHA-256 of the CSV, so that the page, the file and the
result can be checked against one another. One query, whatever the number of votes.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import TruncHour

from .models import Vote

COLUMNS = ["hour", "finalist", "verified_by", "status", "votes"]
COUNTED = "counted"


@dataclass(frozen=True)
class LedgerLine:
    hour: str  # "2026-12-04T14:00+07:00"
    finalist: str  # the application's reference
    verified_by: str
    status: str
    votes: int


@dataclass(frozen=True)
class Integrity:
    cast: int
    counted: int
    voided_by_reason: dict[str, int]
    verified_by: dict[str, int]
    per_hour: list[tuple[str, int]]
    sha256: str

    @property
    def voided(self) -> int:
        return self.cast - self.counted


def ledger(cycle) -> list[LedgerLine]:
    zone = ZoneInfo(settings.TIME_ZONE)
    rows = (
        Vote.objects.filter(cycle=cycle)
        .annotate(hour=TruncHour("cast_at", tzinfo=zone))
        .values("hour", "application_id", "application__reference", "voter__kind", "void__reason")
        .annotate(votes=Count("pk"))
        .order_by()
    )
    lines = [
        LedgerLine(
            hour=row["hour"].astimezone(zone).isoformat(timespec="minutes"),
            finalist=row["application__reference"] or f"#{row['application_id']}",
            verified_by=row["voter__kind"],
            status=f"voided:{row['void__reason']}" if row["void__reason"] else COUNTED,
            votes=row["votes"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (line.hour, line.finalist, line.verified_by, line.status))


def ledger_csv(lines: list[LedgerLine]) -> bytes:
    """The canonical file: UTF-8, a header, comma-separated, one \\n per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for line in lines:
        writer.writerow([line.hour, line.finalist, line.verified_by, line.status, line.votes])
    return out.getvalue().encode()


def integrity(cycle) -> Integrity:
    lines = ledger(cycle)
    voided: dict[str, int] = {}
    proofs: dict[str, int] = {}
    hours: dict[str, int] = {}
    for line in lines:
        if line.status != COUNTED:
            reason = line.status.removeprefix("voided:")
            voided[reason] = voided.get(reason, 0) + line.votes
        proofs[line.verified_by] = proofs.get(line.verified_by, 0) + line.votes
        hours[line.hour] = hours.get(line.hour, 0) + line.votes
    cast = sum(line.votes for line in lines)
    return Integrity(
        cast=cast,
        counted=cast - sum(voided.values()),
        voided_by_reason=dict(sorted(voided.items())),
        verified_by=dict(sorted(proofs.items())),
        per_hour=sorted(hours.items()),
        sha256=hashlib.sha256(ledger_csv(lines)).hexdigest(),
    )


def receipt_status(cycle, vote_pk: int) -> tuple[str, str] | None:
    """("counted", "") or ("voided", reason) for the vote of a receipt in this cycle; None if there is none."""
    row = Vote.objects.filter(cycle=cycle, pk=vote_pk).values_list("void__reason", flat=True)
    found = list(row[:1])
    if not found:
        return None
    return ("voided", found[0]) if found[0] else (COUNTED, "")
