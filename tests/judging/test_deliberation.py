"""The panel's deliberation: who reads the discussion (independence first), mentions and their
e-mail limit, the chair's summary, closing at the decision, and what the decision freezes of it."""

import json
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundEmail
from judging import deliberation
from judging.enums import ScorecardStatus
from judging.models import Decision, DiscussionMessage, PanelSummary
from judging.ranking import leaderboard_detail
from judging.results import decision_payload
from judging.services.decisions import canonical_json, finalise_prize, sha256_of
from judging.services.deliberation import post_message, write_summary
from tests.factories import PanelFactory, PrizeFactory
from tests.frame import keep_organiser_frame
from tests.i18n import thai

from .scored import scorecard, scored_category

pytestmark = pytest.mark.django_db

CLOSED = (
    "The discussion is closed: the category's decision has been finalised. "
    "It reopens only if the decision is withdrawn."
)


@pytest.fixture
def panel(judge, chair):
    """A and B scored by j1, j2, j3; ``judge`` assigned to A with a draft scorecard."""
    round, category, apps, judges = scored_category(
        {
            "A": {"j1": [9, 9, 9], "j2": [8, 8, 8], "j3": [9, 8, 9]},
            "B": {"j1": [5, 5, 5], "j2": [6, 6, 6], "j3": [5, 6, 5]},
        }
    )
    for number, user in enumerate(judges.values(), start=1):
        user.email = f"judge{number}@example.com"
        user.save()
    draft = scorecard(round, apps["A"], judge, [1, 1, 1], status=ScorecardStatus.DRAFT)
    PanelFactory(round=round, category=category, judges=[*judges.values(), judge])
    prize = PrizeFactory(cycle=round.cycle, category=category)
    return round, apps, judges, draft, prize


def url(round, application):
    return reverse("judging:discussion", args=[round.pk, application.pk])


def test_a_judge_reads_the_discussion_only_after_submitting_their_own_scorecard(panel, judge, login_as):
    round, apps, _judges, draft, _prize = panel
    client = login_as(judge)
    assert client.get(url(round, apps["A"])).status_code == 404
    assert client.post(url(round, apps["A"]), {"body": "ก่อนส่ง"}).status_code == 404
    draft.status = ScorecardStatus.SUBMITTED
    draft.save()
    assert client.get(url(round, apps["A"])).status_code == 200
    # B is not theirs: 404, submitted or not.
    assert client.get(url(round, apps["B"])).status_code == 404
    assert not DiscussionMessage.objects.exists()


def test_chair_and_staff_read_applicants_and_outsiders_get_404(panel, chair, staff, applicant, outsider, login_as):
    round, apps, _judges, _draft, _prize = panel
    assert login_as(chair).get(url(round, apps["A"])).status_code == 200
    page = login_as(staff).get(url(round, apps["A"])).content.decode()
    assert 'data-testid="message-form"' not in page  # staff read without taking part
    assert login_as(staff).post(url(round, apps["A"]), {"body": "เจ้าหน้าที่"}).status_code == 404
    for person in (applicant, outsider):
        assert login_as(person).get(url(round, apps["A"])).status_code == 404


def test_messages_are_plain_text_escaped(panel, login_as):
    round, apps, judges, _draft, _prize = panel
    client = login_as(judges["j1"])
    response = client.post(url(round, apps["A"]), {"body": "<script>alert(1)</script>\nบรรทัดสอง"})
    assert response.status_code == 302
    page = client.get(url(round, apps["A"])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>บรรทัดสอง" in page


def test_mentions_email_only_panel_members_at_most_once_per_thread_in_the_limit(
    panel, chair, outsider, settings, login_as
):
    settings.DISCUSSION_MENTION_EMAIL_MINUTES = 30
    round, apps, judges, _draft, _prize = panel
    j1, j2, j3 = judges["j1"], judges["j2"], judges["j3"]
    body = f"@j2 และ @judge3 ดูเกณฑ์ข้อ 2 ด้วย; @{outsider.full_name} @outsider @{chair.full_name} @judge1"
    post_message(round=round, application=apps["A"], by=j1, body=body)
    mails = OutboundEmail.objects.filter(kind="discussion_mention")
    # j2 by name, j3 by their e-mail's local part, the chair by name; never the author nor an outsider.
    assert sorted(mails.values_list("to", flat=True)) == sorted([j2.email, j3.email, chair.email])
    assert reverse("judging:discussion", args=[round.pk, apps["A"].pk]) in mails.get(to=j2.email).body_text
    # Within the limit the same thread does not e-mail them again; another thread may.
    post_message(round=round, application=apps["A"], by=j3, body="@j2 เห็นด้วยไหม")
    post_message(round=round, application=apps["B"], by=j3, body="@j2 ข้อนี้")
    assert mails.filter(to=j2.email).count() == 2
    # Once the limit has passed, a mention e-mails again.
    DiscussionMessage.objects.update(created_at=timezone.now() - timedelta(minutes=31))
    post_message(round=round, application=apps["A"], by=j1, body="@j2 สรุปแล้วนะ")
    assert mails.filter(to=j2.email).count() == 3
    assert mails.filter(to=outsider.email).count() == 0


def test_only_the_chair_writes_the_summary(panel, chair, staff, login_as):
    round, apps, judges, _draft, _prize = panel
    with pytest.raises(ValidationError):
        write_summary(round=round, application=apps["A"], by=judges["j1"], text="สรุป", public=True)
    assert login_as(judges["j1"]).post(url(round, apps["A"]), {"summary": "", "text": "สรุป"}).status_code == 404
    assert login_as(staff).post(url(round, apps["A"]), {"summary": "", "text": "สรุป"}).status_code == 404
    response = login_as(chair).post(url(round, apps["A"]), {"summary": "", "text": "คณะกรรมการเห็นพ้อง", "public": "on"})
    assert response.status_code == 302
    summary = PanelSummary.objects.get()
    assert (summary.text, summary.public, summary.author) == ("คณะกรรมการเห็นพ้อง", True, chair)


def _finalise(round, apps, prize, chair, reason=""):
    board = leaderboard_detail(round, apps["A"].category)
    data = decision_payload(board, prize=prize, application=apps["A"])
    return finalise_prize(prize=prize, application=apps["A"], by=chair, data=data, round=round, reason=reason)


def test_the_discussion_closes_at_the_decision_and_reopens_without_it(panel, chair, login_as):
    round, apps, judges, _draft, prize = panel
    post_message(round=round, application=apps["A"], by=judges["j1"], body="ก่อนตัดสิน")
    decision = _finalise(round, apps, prize, chair)
    assert deliberation.discussion_closed(round, apps["A"])
    with pytest.raises(ValidationError, match=re.escape(thai(CLOSED))):
        post_message(round=round, application=apps["A"], by=judges["j2"], body="หลังตัดสิน")
    response = login_as(judges["j2"]).post(url(round, apps["A"]), {"body": "หลังตัดสิน"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="closed"' in page and thai(CLOSED) in page
    assert 'data-testid="message-form"' not in page
    assert DiscussionMessage.objects.count() == 1
    # The selector reads the decisions that stand: without the decision the discussion is open again.
    Decision.objects.filter(pk=decision.pk).delete()
    assert not deliberation.discussion_closed(round, apps["A"])
    post_message(round=round, application=apps["A"], by=judges["j2"], body="เปิดอีกครั้ง")


def test_the_decision_freezes_the_deliberation_hash_the_reason_and_only_a_public_summary(panel, chair):
    round, apps, judges, _draft, prize = panel
    post_message(round=round, application=apps["A"], by=judges["j1"], body="โครงการ A เด่นด้านการมีส่วนร่วม")
    write_summary(round=round, application=apps["A"], by=chair, text="เห็นพ้องให้ A", public=False)
    record = deliberation.deliberation_record(round, apps["A"])
    assert [m["text"] for m in record["messages"]] == ["โครงการ A เด่นด้านการมีส่วนร่วม"]

    decision = _finalise(round, apps, prize, chair, reason="  คะแนนสูงสุดทุกมิติ ")

    public = json.loads(decision.data)
    assert decision.deliberation_sha256 == sha256_of(canonical_json(record))
    assert public["deliberation"] == {"sha256": decision.deliberation_sha256, "summary": None}
    assert public["reason"] == decision.reason == "คะแนนสูงสุดทุกมิติ"
    assert decision.sha256 == sha256_of(decision.data)


def test_a_public_summary_is_published_with_the_decision(panel, chair):
    round, apps, _judges, _draft, prize = panel
    write_summary(round=round, application=apps["A"], by=chair, text="เห็นพ้องให้ A", public=True)
    decision = _finalise(round, apps, prize, chair)
    assert json.loads(decision.data)["deliberation"]["summary"] == "เห็นพ้องให้ A"


def test_a_tied_winner_needs_the_committees_reason(chair):
    round, category, apps, judges = scored_category(
        {"A": {"j1": [9, 9, 9], "j2": [8, 8, 8]}, "B": {"j1": [9, 9, 9], "j2": [8, 8, 8]}}
    )
    prize = PrizeFactory(cycle=round.cycle, category=category)
    board = leaderboard_detail(round, category)
    assert board.rows[0].tied
    data = decision_payload(board, prize=prize, application=apps["B"])
    with pytest.raises(ValidationError, match=re.escape(thai(TIED))):
        finalise_prize(prize=prize, application=apps["B"], by=chair, data=data, round=round, reason=" ")
    assert not Decision.objects.exists()
    decision = finalise_prize(prize=prize, application=apps["B"], by=chair, data=data, round=round, reason="นำเสนอดีกว่า")
    assert json.loads(decision.data)["reason"] == "นำเสนอดีกว่า"


TIED = "The winner is tied with another application: give the committee's reason for choosing it."


def test_finalise_confirmation_keeps_the_typed_reason_when_refused(chair, login_as):
    round, category, apps, _judges = scored_category(
        {"A": {"j1": [9, 9, 9], "j2": [8, 8, 8]}, "B": {"j1": [9, 9, 9], "j2": [8, 8, 8]}}
    )
    prize = PrizeFactory(cycle=round.cycle, category=category)
    client = login_as(chair)
    finalise = reverse("judging:finalise", args=[round.pk, category.code])
    chosen = {"prize": prize.pk, "application": apps["A"].pk}
    page = client.post(finalise, chosen).content.decode()
    assert 'data-testid="tied"' in page and "B" in page.split('data-testid="tied"')[1].split("</div>")[0]
    refused = client.post(finalise, {**chosen, "confirm": "", "reason": ""})
    assert refused.status_code == 200 and thai(TIED) in refused.content.decode()
    assert not Decision.objects.exists()
    done = client.post(finalise, {**chosen, "confirm": "", "reason": "ผลกระทบต่อประชาชนมากกว่า"})
    assert done.status_code == 302 and Decision.objects.get().reason == "ผลกระทบต่อประชาชนมากกว่า"


def test_the_discussion_page_reads_in_the_same_number_of_queries_however_long_the_thread(panel, chair, login_as):
    round, apps, judges, _draft, _prize = panel
    client = login_as(chair)
    post_message(round=round, application=apps["A"], by=judges["j1"], body="หนึ่ง")
    keep_organiser_frame()
    with CaptureQueriesContext(connection) as short:
        client.get(url(round, apps["A"]))
    for number in range(10):
        post_message(round=round, application=apps["A"], by=judges[f"j{number % 3 + 1}"], body=f"ข้อความ {number}")
    with CaptureQueriesContext(connection) as long:
        page = client.get(url(round, apps["A"])).content.decode()
    assert page.count('data-testid="message"') == 11
    assert len(long.captured_queries) == len(short.captured_queries)


def test_staff_read_the_reason_and_the_deliberation_hash_in_admin(panel, chair, staff, login_as):
    round, apps, _judges, _draft, prize = panel
    decision = _finalise(round, apps, prize, chair, reason="คะแนนสูงสุดทุกมิติ")
    page = login_as(staff).get(reverse("admin:judging_decision_change", args=[decision.pk])).content.decode()
    assert "คะแนนสูงสุดทุกมิติ" in page and decision.deliberation_sha256 in page
