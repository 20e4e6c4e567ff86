"""Reads of the Popular Vote: the poll of a cycle, its finalists, the counts from the ledger."""

import time
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.pagecache import public_part
from submissions.answers import Shown, forget_form_fields
from submissions.enums import ApplicationStatus
from submissions.models import Application
from submissions.published import card_text, published_answers

from . import safecache
from .models import Poll, Vote

TALLY_SECONDS = 15
# The poll and its finalists, kept in each process for a moment: the vote endpoint reads them on
# every request. The window itself is compared with the clock on each request, so a vote is never
# accepted after the close. An edit of a poll (admin, open or close now) changes a version number in
# the shared cache, which every process compares on each request: the edit takes effect everywhere
# at once. Only with the shared cache down does a process keep its memo for up to this long.
POLL_MEMO_SECONDS = 3.0
POLL_VERSION_KEY = "vote:poll-version"
_memo: dict[str, tuple[float, object, "PollSnapshot"]] = {}


@dataclass(frozen=True)
class PollSnapshot:
    poll: Poll
    finalist_ids: frozenset[int]


def finalists(cycle):
    """The applications of the cycle that are shortlisted, with what the gallery shows."""
    return (
        Application.objects.filter(cycle=cycle, status=ApplicationStatus.SHORTLISTED)
        .select_related("organisation__province", "category", "cycle")
        .order_by("category__position", "title_th", "pk")
    )


def poll_for_slug(slug: str) -> Poll:
    return get_object_or_404(Poll.objects.select_related("cycle"), cycle__slug=slug, cycle__is_published=True)


def poll_snapshot(slug: str) -> PollSnapshot:
    """The poll of ``slug`` and its finalists' ids, from a short per-process memo that an edit of any
    poll ends in every process (404 if none)."""
    return snapshot_at(slug, safecache.get(POLL_VERSION_KEY))


def snapshot_at(slug: str, version) -> PollSnapshot:
    """``poll_snapshot`` with the polls' version already read from the shared cache (``version``,
    the value of POLL_VERSION_KEY as ``safecache.get`` gives it, read just before: the vote reads it
    in the round trip that counts the request for the escalation)."""
    # The version is read before the poll: an edit committed in between changes the version again,
    # never leaving the new version beside the old poll.
    now = time.monotonic()
    hit = _memo.get(slug)
    if hit and hit[0] > now and hit[1] == version:
        return hit[2]
    poll = poll_for_slug(slug)
    ids = frozenset(finalists(poll.cycle).values_list("pk", flat=True))
    snapshot = PollSnapshot(poll=poll, finalist_ids=ids)
    _memo[slug] = (now + POLL_MEMO_SECONDS, version, snapshot)
    return snapshot


@dataclass(frozen=True)
class FinalistCard:
    """What a finalist's page shows of the finalist, the same for every visitor: the application (its
    organisation, province, category and edition read with it), its public answers and its card text."""

    application: Application
    answers: list[Shown]
    summary: str


def finalist_card(snapshot: PollSnapshot, pk: int) -> FinalistCard:
    """The card of finalist ``pk`` of the snapshot's poll (404 if it is not one), from the shared cache
    under the versions its page is kept under (core.pagecache.public_part): a verified voter, whose
    page is rendered for them alone, is not a crowd of database reads of the same answers."""
    if pk not in snapshot.finalist_ids:
        raise Http404

    def build() -> FinalistCard:
        application = get_object_or_404(finalists(snapshot.poll.cycle), pk=pk)
        answers = published_answers([application])[application.pk]
        # The edition's whole form was read onto it to find the answers; the card, kept in the shared
        # cache and unpickled for each verified voter's page, needs only the answers.
        forget_form_fields(application.cycle)
        return FinalistCard(application=application, answers=answers, summary=card_text(answers))

    cycle = snapshot.poll.cycle
    return public_part(f"vote:finalist:{pk}", build, edition=cycle.slug, versions=(POLL_VERSION_KEY,))


def forget_polls() -> None:
    """This process forgets the polls it keeps (tests; ``announce_poll_change`` for every process)."""
    _memo.clear()


def announce_poll_change() -> None:
    """Every process reads the polls again at its next request. Call after the edit commits."""
    forget_polls()
    safecache.set(POLL_VERSION_KEY, time.time_ns(), None)


def valid_votes(cycle):
    return Vote.objects.filter(cycle=cycle, void__isnull=True)


def ledger_counts(cycle) -> dict[int, int]:
    """Valid votes per finalist, counted in the database (the source of truth)."""
    rows = valid_votes(cycle).values("application").annotate(n=Count("pk"))
    return {row["application"]: row["n"] for row in rows}


def tally_key(cycle_id: int) -> str:
    return f"vote:tally:{cycle_id}"


def public_counts(cycle) -> dict[int, int]:
    """The counts the public sees: a cache rebuilt from the ledger every few seconds. With the cache
    down, the ledger answers directly; nothing is ever counted only in Redis."""
    counts = safecache.get(tally_key(cycle.pk))
    if counts is None:
        counts = ledger_counts(cycle)
        safecache.set(tally_key(cycle.pk), counts, TALLY_SECONDS)
    return {int(k): v for k, v in counts.items()}


@dataclass(frozen=True)
class Standing:
    application: Application
    votes: int
    last_vote_at: object
    rank: int


def standings(cycle) -> list[Standing]:
    """Finalists by valid votes, with the declared tie-break: at equal votes the finalist that reached
    its count first (earliest last counted vote) ranks higher; then the lower reference."""
    per_app = {
        row["application"]: row
        for row in valid_votes(cycle).values("application").annotate(n=Count("pk"), last=Max("cast_at"))
    }
    rows = []
    for application in finalists(cycle):
        row = per_app.get(application.pk, {"n": 0, "last": None})
        rows.append((application, row["n"], row["last"]))
    rows.sort(key=lambda r: (-r[1], r[2] is None, r[2] or 0, r[0].reference or "", r[0].pk))
    return [Standing(application=a, votes=n, last_vote_at=last, rank=i) for i, (a, n, last) in enumerate(rows, 1)]


def declared_standings(poll: Poll) -> list[dict]:
    """The standings frozen when the result was declared (rank, title, votes): what the results page
    shows from then on, also after the cycle's retention has removed the ledger and the finalists."""
    return list((poll.result or {}).get("standings", []))


def integrity_report(cycle) -> dict:
    """Counts cast, voided (by reason) and valid: published with the result."""
    votes = Vote.objects.filter(cycle=cycle)
    totals = votes.aggregate(cast=Count("pk"), voided=Count("pk", filter=Q(void__isnull=False)))
    by_reason = {
        row["void__reason"]: row["n"]
        for row in votes.filter(void__isnull=False).values("void__reason").annotate(n=Count("pk"))
    }
    voters = votes.values("voter").distinct().count()
    return {
        "cast": totals["cast"],
        "voided": totals["voided"],
        "valid": totals["cast"] - totals["voided"],
        "voided_by_reason": dict(sorted(by_reason.items())),
        "voters": voters,
    }


def vote_of(*, poll: Poll, voter_id: int | None) -> Application | None:
    """The finalist this voter voted for in the poll's current period (today, for a vote a day), read
    from the ledger on each request and never from a cache: the page says "you voted for X"."""
    if voter_id is None:
        return None
    period = poll.period_at(timezone.now())
    # One query: the ledger's vote of the period (one at most, by its constraint) and its finalist.
    voted = Vote.objects.filter(voter_id=voter_id, cycle_id=poll.cycle_id, period=period).values("application_id")
    return finalists(poll.cycle).filter(pk__in=voted).first()
