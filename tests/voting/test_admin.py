from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import AuditEvent
from core.formats import buddhist_moment, iso_moment
from tests.factories import FinalistFactory, PollFactory, PrizeFactory, VoteFactory
from voting.models import Poll

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:voting_poll_changelist"


def _action(client, action, poll):
    return client.post(reverse(CHANGELIST), {"action": action, "_selected_action": [poll.pk]})


def test_staff_open_a_vote_now_from_admin(login_as, staff):
    poll = PollFactory(opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=8))

    _action(login_as(staff), "open_now", poll)

    poll.refresh_from_db()
    assert poll.state == "open"
    assert AuditEvent.objects.filter(action="vote.open", actor=staff).count() == 1


def test_staff_close_a_vote_now_from_admin(login_as, staff, client):
    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)

    _action(login_as(staff), "close_now", poll)

    poll.refresh_from_db()
    assert poll.state == "closed"
    assert not poll.is_open()
    assert client.get(f"/vote/{poll.cycle.slug}/{finalist.pk}/").content.decode().count("vote-button") == 0


def test_staff_declare_from_admin_after_the_close(login_as, staff, client):
    poll = PollFactory()
    PrizeFactory(cycle=poll.cycle, kind="popular_vote", category=None)
    finalist = FinalistFactory(cycle=poll.cycle, title_th="ผู้ชนะ")
    VoteFactory.create_batch(2, application=finalist)
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))

    _action(login_as(staff), "declare", poll)

    html = client.get(f"/vote/{poll.cycle.slug}/results/").content.decode()
    assert Poll.objects.get(pk=poll.pk).winner == finalist
    assert 'data-testid="integrity"' in html
    assert "ผู้ชนะ" in html


def test_the_ledger_is_read_only_in_admin(login_as, staff):
    vote = VoteFactory()

    response = login_as(staff).get(reverse("admin:voting_vote_change", args=[vote.pk]))

    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()


def test_staff_export_the_ledger_with_voters_by_number_and_voids_marked(login_as, staff):
    import csv
    import io

    from tests.backoffice.helpers import admin_export
    from voting.services.review import void_votes

    poll = PollFactory()
    finalist = FinalistFactory(cycle=poll.cycle)
    kept, voided = VoteFactory(application=finalist), VoteFactory(application=finalist)
    void_votes(poll=poll, vote_ids=[voided.pk], reason="burst", note="", by=staff)

    with translation.override("en"):
        response = admin_export(login_as(staff), "voting_vote", [kept.pk, voided.pk], "csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["vote"], row["voter (number)"], row["finalist"]) for row in rows] == [
        (str(kept.pk), str(kept.voter_id), finalist.reference),
        (str(voided.pk), str(voided.voter_id), finalist.reference),
    ]
    assert [row["voided because"] for row in rows] == ["", "Scripted burst"]
    assert [(row["cast at (ISO 8601)"], row["cast at (Buddhist Era)"]) for row in rows] == [
        (iso_moment(vote.cast_at), buddhist_moment(vote.cast_at)) for vote in (kept, voided)
    ]
    kept_year = rows[0]["cast at (Buddhist Era)"].split(" ")[0].split("/")[2]
    assert kept_year == str(timezone.localtime(kept.cast_at).year + 543)
    assert kept.voter.email not in response.content.decode("utf-8-sig")
    assert AuditEvent.objects.get(action="export.votes").detail == {"format": "csv", "rows": 2}
