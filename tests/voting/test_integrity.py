"""The voter's receipt and the public integrity report: the receipt names one vote and cannot be made
up; its lookup says counted or voided (and why), nothing more; the report's figures are sums of the
published ledger, whose SHA-256 it carries; nothing is published before the close."""

import csv
import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import FinalistFactory, VoteFactory, VoterFactory, VoteVoidFactory
from voting import receipts
from voting.enums import VoidReason
from voting.ledger import integrity

from .conftest import verified, vote_form

pytestmark = pytest.mark.django_db


def test_a_receipt_names_its_vote_and_another_cannot_be_made_from_it():
    receipt = receipts.receipt_for(18342)

    assert receipts.vote_pk_from(receipt) == 18342
    assert receipts.vote_pk_from(receipt.lower()) == 18342  # typed in lower case
    assert receipts.vote_pk_from(f" {receipt} ") == 18342
    number, tag = receipt.split("-")
    assert receipts.vote_pk_from(f"18343-{tag}") is None  # the neighbour's vote, with one's own tag
    assert receipts.vote_pk_from(f"{number}-{'A' * 10}") is None
    assert receipts.vote_pk_from("not a receipt") is None
    assert receipts.vote_pk_from("") is None


def test_the_voter_gets_the_receipt_of_their_vote_on_the_thank_you_page(client, poll, finalist, voter):
    verified(client, voter)
    client.post(f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/", vote_form(client))
    vote = voter.votes.get()

    page = client.get(f"/vote/{poll.cycle.slug}/{finalist.pk}/thanks/").content.decode()

    assert receipts.receipt_for(vote.pk) in page


def test_without_a_pass_the_thank_you_page_shows_no_receipt(client, poll, finalist):
    page = client.get(f"/vote/{poll.cycle.slug}/{finalist.pk}/thanks/").content.decode()

    assert 'data-testid="receipt"' not in page


def lookup(client, poll, receipt: str) -> str:
    return client.post(f"/vote/{poll.cycle.slug}/integrity/", {"receipt": receipt}).content.decode()


def test_a_receipt_says_counted_or_voided_with_the_reason_and_nothing_else(client, poll, finalist):
    counted = VoteFactory(application=finalist)
    voided = VoteFactory(application=finalist)
    VoteVoidFactory(vote=voided, reason=VoidReason.DISPOSABLE)

    counted_page = lookup(client, poll, receipts.receipt_for(counted.pk))
    voided_page = lookup(client, poll, receipts.receipt_for(voided.pk))

    assert "ระบบนับโหวตนี้แล้ว" in counted_page
    assert finalist.title_th not in counted_page  # whom it was for is not said
    assert "โหวตนี้ถูกยกเลิกหลังการตรวจสอบ" in voided_page
    with translation.override("th"):
        assert str(VoidReason.DISPOSABLE.label) in voided_page
    assert 'data-testid="receipt-answer"' in voided_page


def test_a_receipt_of_another_poll_or_made_up_is_unknown(client, poll, finalist):
    other_vote = VoteFactory()  # another cycle's poll
    unknown = lookup(client, poll, receipts.receipt_for(other_vote.pk))
    made_up = lookup(client, poll, "1-ABCDEFGHJK")

    for page in (unknown, made_up):
        assert 'data-testid="receipt-answer"' in page and "alert-danger" in page


def close(poll):
    poll.opens_at, poll.closes_at = timezone.now() - timedelta(days=2), timezone.now() - timedelta(minutes=1)
    poll.save()


def test_the_report_and_the_ledger_are_published_only_after_the_close(client, poll, finalist):
    VoteFactory(application=finalist)
    assert not poll.show_counts

    page = client.get(f"/vote/{poll.cycle.slug}/integrity/").content.decode()

    assert 'data-testid="report-later"' in page and 'data-testid="integrity-report"' not in page
    assert client.get(f"/vote/{poll.cycle.slug}/ledger.csv").status_code == 404


def test_the_report_is_the_sum_of_the_ledger_and_carries_its_sha256(client, poll, finalist):
    second = FinalistFactory(cycle=poll.cycle)
    sms_voter = VoterFactory(kind="sms")
    for _ in range(3):
        VoteFactory(application=finalist)
    VoteFactory(application=second, voter=sms_voter)
    VoteVoidFactory(vote=VoteFactory(application=second), reason=VoidReason.BURST)
    close(poll)

    ledger_file = client.get(f"/vote/{poll.cycle.slug}/ledger.csv")
    page = client.get(f"/vote/{poll.cycle.slug}/integrity/").content.decode()
    report = integrity(poll.cycle)

    rows = list(csv.DictReader(io.StringIO(ledger_file.content.decode())))
    assert sum(int(r["votes"]) for r in rows) == report.cast == 5
    assert sum(int(r["votes"]) for r in rows if r["status"] == "counted") == report.counted == 4
    assert report.voided_by_reason == {"burst": 1}
    assert report.verified_by == {"email": 4, "sms": 1}
    assert hashlib.sha256(ledger_file.content).hexdigest() == report.sha256
    assert report.sha256 in page
    assert set(rows[0]) == {"hour", "finalist", "verified_by", "status", "votes"}  # no voter, no address


def test_the_report_takes_one_query_whatever_the_number_of_votes(poll, finalist, django_assert_num_queries):
    for _ in range(5):
        VoteFactory(application=finalist)
    with django_assert_num_queries(1):
        integrity(poll.cycle)


def test_a_poll_that_shows_its_counts_live_publishes_its_ledger_live(client, poll, finalist):
    poll.show_counts = True
    poll.save()
    VoteFactory(application=finalist)

    assert client.get(f"/vote/{poll.cycle.slug}/ledger.csv").status_code == 200
    assert 'data-testid="integrity-report"' in client.get(f"/vote/{poll.cycle.slug}/integrity/").content.decode()
