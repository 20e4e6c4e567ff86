"""An edit of a poll takes effect in every web process at once: each process keeps the poll in a
memo for a few seconds, and every edit (admin's form, open or close now) changes a version number in
the shared cache that each process compares on every request. A second process is simulated by
putting its memo back after the edit: the memo of this process is cleared by the edit, the other's
is not, and only the shared cache tells it."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent
from tests.factories import FinalistFactory, PollFactory, VoterFactory
from voting import selectors
from voting.models import Vote
from voting.services.polls import close_poll_now, save_poll

from .conftest import verified, vote_form

pytestmark = pytest.mark.django_db


def _admin_form(poll, closes_at) -> dict:
    local_open, local_close = timezone.localtime(poll.opens_at), timezone.localtime(closes_at)
    return {
        "cycle": poll.cycle_id,
        "opens_at_0": f"{local_open:%Y-%m-%d}",
        "opens_at_1": f"{local_open:%H:%M:%S}",
        "closes_at_0": f"{local_close:%Y-%m-%d}",
        "closes_at_1": f"{local_close:%H:%M:%S}",
        "period": poll.period,
        "retention_days": poll.retention_days,
        "proofs": poll.proofs,
    }


def test_close_time_moved_into_the_past_in_admin_stops_votes_in_every_process(
    login_as, staff, client, django_capture_on_commit_callbacks
):
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)
    assert selectors.poll_snapshot(poll.cycle.slug).poll.is_open()
    other_process_memo = dict(selectors._memo)
    with translation.override("en"):
        change_url = reverse("admin:voting_poll_change", args=[poll.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = login_as(staff).post(change_url, _admin_form(poll, timezone.now() - timedelta(minutes=1)))
    selectors._memo.update(other_process_memo)
    client.logout()
    vote = verified(client, VoterFactory()).post(f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/", vote_form(client))

    assert response.status_code == 302
    assert vote.status_code == 403
    assert Vote.objects.count() == 0
    assert AuditEvent.objects.filter(action="vote.edit", actor=staff, target_id=str(poll.pk)).count() == 1


def test_close_now_reaches_a_process_that_kept_the_poll(staff, django_capture_on_commit_callbacks):
    poll = PollFactory()
    selectors.poll_snapshot(poll.cycle.slug)
    other_process_memo = dict(selectors._memo)

    with django_capture_on_commit_callbacks(execute=True):
        close_poll_now(poll=poll, by=staff)
    selectors._memo.update(other_process_memo)

    assert selectors.poll_snapshot(poll.cycle.slug).poll.is_open() is False


def test_a_process_keeps_the_poll_while_nothing_changes(django_assert_num_queries):
    poll = PollFactory()
    selectors.poll_snapshot(poll.cycle.slug)

    with django_assert_num_queries(0):
        snapshot = selectors.poll_snapshot(poll.cycle.slug)

    assert snapshot.poll.pk == poll.pk


def test_an_edit_is_announced_only_after_it_commits(staff, django_capture_on_commit_callbacks):
    poll = PollFactory()
    selectors.poll_snapshot(poll.cycle.slug)
    version = selectors.safecache.get(selectors.POLL_VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        poll.show_counts = True
        save_poll(poll=poll, by=staff)

    assert selectors.safecache.get(selectors.POLL_VERSION_KEY) == version
    assert len(callbacks) == 1
