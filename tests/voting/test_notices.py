"""PDPA: each proof's privacy notice and consent in plain Thai (no jargon such as "ลายนิ้วมือดิจิทัล"
or "แฮช"), saying what is kept, for how long and why."""

import re

import pytest

from voting.models import Poll

pytestmark = pytest.mark.django_db
JARGON = ["ลายนิ้วมือดิจิทัล", "แฮช", "HMAC", "hash", "fingerprint"]
# What each proof's notice must say in Thai: what is used, and that it is deleted or never kept.
PLAIN = {
    "email": ["ใช้อีเมลของท่านเพียงสองอย่าง", "แล้วจึงลบทิ้ง", "ยินยอมให้ใช้อีเมล"],
    "sms": ["ใช้หมายเลขโทรศัพท์มือถือของท่านเพียงสองอย่าง", "แล้วจึงลบทิ้ง", "ยินยอมให้ใช้หมายเลขโทรศัพท์มือถือ"],
    "thaid": ["เราไม่เก็บข้อมูลใด ๆ ที่ ThaiD อาจส่งมา", "เลขประจำตัวประชาชน", "จะไม่มีการเปิดบัญชีผู้ใช้ให้ท่าน"],
    "line": ["เราไม่เก็บข้อมูลใด ๆ ที่ LINE", "จะไม่มีการเปิดบัญชีผู้ใช้ให้ท่าน", "ยินยอมยืนยันตัวตนด้วยวิธีนี้"],
}


@pytest.mark.parametrize("proof", ["email", "sms", "thaid", "line"])
def test_each_proofs_notice_and_consent_are_plain_thai(client, poll, proof):
    Poll.objects.filter(pk=poll.pk).update(proofs=["email", "sms", "thaid", "line"])

    html = client.get(f"/vote/{poll.cycle.slug}/verify/?proof={proof}").content.decode()

    text = re.sub(r"<[^>]+>", " ", html)
    for phrase in PLAIN[proof]:
        assert phrase in text, phrase
    notice = text[text.index("ประกาศความเป็นส่วนตัว (PDPA)") :]
    assert [word for word in JARGON if word in notice] == []
