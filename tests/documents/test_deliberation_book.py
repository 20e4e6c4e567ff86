"""The committee book carries the panel's deliberation: each application's discussion and the
chair's summary after its scores, and the committee's reasons on the contents page; read back with
poppler's pdftotext."""

import io

import pytest
from django.utils import timezone

from documents.rendering.book import write_committee_book
from judging.services.deliberation import post_message, write_summary
from tests.factories import DecisionFactory, UserFactory
from tests.poppler import pdftotext, squashed

from .conftest import make_application, score

pytestmark = [pytest.mark.poppler, pytest.mark.django_db]

MESSAGE = "ข้อมูลผลลัพธ์ของโครงการนำร่องชัดเจนที่สุดในด้านนี้"
SUMMARY = "คณะกรรมการเห็นพ้องให้โครงการนี้ได้รับรางวัลดีเด่น"
SHORTLIST_REASON = "คัดเลือกตามคะแนนเฉลี่ยและผลการนำเสนอ"
DECISION_REASON = "ผลกระทบต่อประชาชนมากที่สุด"


def test_the_book_has_the_discussion_the_summary_and_the_committees_reasons(round_, cycle, category, chair, prize):
    application, other = make_application(cycle, category, 1), make_application(cycle, category, 2)
    judge = UserFactory(full_name="กรรมการ ผู้อภิปราย")
    score(round_, application, judge, [8, 12, 4, 40])
    score(round_, other, judge, [4, 6, 2, 20])
    post_message(round=round_, application=application, by=judge, body=MESSAGE)
    write_summary(round=round_, application=application, by=chair, text=SUMMARY, public=False)
    round_.shortlist_reason = SHORTLIST_REASON
    round_.save()
    DecisionFactory(
        prize=prize,
        application=application,
        decided_by=chair,
        decided_at=timezone.now(),
        data="{}",
        sha256="0" * 64,
        reason=DECISION_REASON,
    )

    out = io.BytesIO()
    write_committee_book(round=round_, category=category, language="th", out=out)
    text = squashed(pdftotext(out.getvalue()))

    for expected in (MESSAGE, SUMMARY, SHORTLIST_REASON, DECISION_REASON, "การหารือของคณะกรรมการ", "กรรมการผู้อภิปราย"):
        assert squashed(expected) in text, expected
    assert text.count(squashed(MESSAGE)) == 1  # in its own application's summary only
