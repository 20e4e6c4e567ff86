import hashlib
import json
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import AuditEvent
from judging.models import Decision
from tests.factories import FinalistFactory, PrizeFactory, VoteFactory
from voting.models import VoteVoid
from voting.selectors import integrity_report, poll_snapshot, standings
from voting.services.results import declare_result
from voting.services.review import void_votes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Refusals are asserted in English here; the Thai ones are in the catalogue (tests/test_locale.py).
    with translation.override("en"):
        yield


def _close(poll):
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.opens_at = timezone.now() - timedelta(days=1)
    poll.save()


def test_standings_break_ties_by_who_reached_the_count_first(poll):
    early, late, none = (FinalistFactory(cycle=poll.cycle) for _n in range(3))
    now = timezone.now()
    VoteFactory(application=late, cast_at=now - timedelta(minutes=5))
    VoteFactory(application=early, cast_at=now - timedelta(minutes=10))

    rows = standings(poll.cycle)

    assert [(r.application.pk, r.votes, r.rank) for r in rows] == [(early.pk, 1, 1), (late.pk, 1, 2), (none.pk, 0, 3)]


def test_declare_result_freezes_winner_report_and_hash_and_records_the_decision(poll, staff):
    prize = PrizeFactory(cycle=poll.cycle, kind="popular_vote", category=None)
    first, second = FinalistFactory(cycle=poll.cycle), FinalistFactory(cycle=poll.cycle)
    VoteFactory.create_batch(2, application=first)
    VoteFactory(application=second)
    stuffed = VoteFactory.create_batch(2, application=second)
    void_votes(poll=poll, vote_ids=[v.pk for v in stuffed], reason="disposable", note="", by=staff)
    _close(poll)

    poll = declare_result(poll=poll, by=staff)

    assert poll.winner == first
    assert poll.result["integrity"] == {
        "cast": 5,
        "voided": 2,
        "valid": 3,
        "voided_by_reason": {"disposable": 2},
        "voters": 5,
    }
    canonical = json.dumps(poll.result, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert poll.result_sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    decision = Decision.objects.get(prize=prize)
    assert (decision.application, decision.decided_by, decision.sha256) == (first, staff, poll.result_sha256)
    assert AuditEvent.objects.filter(action="decision.finalise").count() == 1
    assert AuditEvent.objects.filter(action="vote.declare").count() == 1


def test_declare_needs_the_popular_vote_award(poll, finalist, staff):
    _close(poll)

    with pytest.raises(ValidationError, match="no Popular Vote award"):
        declare_result(poll=poll, by=staff)
    poll.refresh_from_db()
    assert poll.declared_at is None


def test_only_staff_or_chair_can_declare(poll, finalist, outsider):
    PrizeFactory(cycle=poll.cycle, kind="popular_vote", category=None)
    _close(poll)

    with pytest.raises(ValidationError, match="Only the committee chair or staff"):
        declare_result(poll=poll, by=outsider)
    assert Decision.objects.count() == 0


def test_result_cannot_be_declared_while_open_or_twice(poll, finalist, staff):
    PrizeFactory(cycle=poll.cycle, kind="popular_vote", category=None)
    with pytest.raises(ValidationError, match="still open"):
        declare_result(poll=poll, by=staff)
    _close(poll)
    declare_result(poll=poll, by=staff)
    with pytest.raises(ValidationError, match="already"):
        declare_result(poll=poll, by=staff)


def test_void_records_reason_and_audit_and_skips_already_voided(poll, finalist, staff):
    votes = VoteFactory.create_batch(3, application=finalist)

    assert void_votes(poll=poll, vote_ids=[v.pk for v in votes[:2]], reason="shared_ip", note="CGN?", by=staff) == 2
    assert void_votes(poll=poll, vote_ids=[v.pk for v in votes], reason="shared_ip", note="", by=staff) == 1

    assert VoteVoid.objects.filter(reason="shared_ip", voided_by=staff).count() == 3
    event = AuditEvent.objects.filter(action="vote.void").first()
    assert event.detail["reason"] == "shared_ip"
    assert integrity_report(poll.cycle)["valid"] == 0


def test_void_needs_a_reason_and_a_note_for_other(poll, finalist, staff):
    vote = VoteFactory(application=finalist)
    with pytest.raises(ValidationError, match="Choose a reason"):
        void_votes(poll=poll, vote_ids=[vote.pk], reason="", note="", by=staff)
    with pytest.raises(ValidationError, match="Say why in the note"):
        void_votes(poll=poll, vote_ids=[vote.pk], reason="other", note=" ", by=staff)


def test_void_touches_only_votes_of_this_poll(poll, finalist, staff):
    from tests.factories import PollFactory

    elsewhere = VoteFactory(application=FinalistFactory(cycle=PollFactory().cycle))

    assert void_votes(poll=poll, vote_ids=[elsewhere.pk], reason="burst", note="", by=staff) == 0


def test_a_declared_result_shows_at_once_where_the_poll_was_kept(
    poll, staff, client, django_capture_on_commit_callbacks
):
    PrizeFactory(cycle=poll.cycle, kind="popular_vote", category=None)
    finalist = FinalistFactory(cycle=poll.cycle)
    VoteFactory(application=finalist)
    _close(poll)
    page = f"/en/vote/{poll.cycle.slug}/{finalist.pk}/"
    # The finalist's page read (its copy and the poll kept by this process) while closed, undeclared.
    assert "The Popular Vote has closed." in client.get(page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        declare_result(poll=poll, by=staff)

    assert "the result is declared" in client.get(page).content.decode()
    assert poll_snapshot(poll.cycle.slug).poll.declared_at is not None
