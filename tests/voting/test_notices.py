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


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# What the site-wide pages must say of the vote, Thai first: for each proof, what is kept and until
# when; for LINE and ThaiD only a scrambled code, never the national ID number; the session cookie of
# the provider's sign-in, which logs no one in.
SITE_PAGES_TH = [
    "หากท่านโหวตในรางวัลขวัญใจประชาชน (Popular Vote)",
    "เราเก็บอีเมลของท่านไว้จนกว่าการโหวตจะปิดและพ้นระยะเวลาเก็บรักษา",
    "รหัสทาง SMS: เราเก็บหมายเลขโทรศัพท์มือถือของท่าน และลบทิ้งในแบบเดียวกับอีเมล",
    "เราเก็บเพียงรหัสที่แปลงมาจากตัวระบุที่ LINE หรือ ThaiD ใช้แทนตัวท่าน",
    "ไม่เก็บเลขประจำตัวประชาชนของท่านเลย",
]
SITE_PAGES_EN = [
    "If you vote in the Popular Vote",
    "your e-mail address, kept until the vote has closed and its retention period",
    "your mobile number, kept and deleted in the same way",
    "only a scrambled code made from the identifier LINE or ThaiD uses for you",
    "never your national ID number",
]


@pytest.mark.parametrize(("prefix", "phrases"), [("", SITE_PAGES_TH), ("/en", SITE_PAGES_EN)])
@pytest.mark.parametrize("page", ["privacy", "website-policy"])
def test_the_privacy_notice_and_website_policy_say_what_each_proof_keeps(client, prefix, phrases, page):
    text = _text(client.get(f"{prefix}/{page}/"))

    for phrase in phrases:
        assert phrase in text, phrase
    if not prefix:
        assert [word for word in JARGON if word in text] == []


def test_the_website_policy_names_the_vote_cookies_and_the_providers_session_cookie(client):
    thai = _text(client.get("/website-policy/"))
    english = _text(client.get("/en/website-policy/"))

    assert "if you verify your e-mail to vote" not in english
    assert "a cookie remembers which code was sent to you" in english
    assert "If you prove who you are with LINE or ThaiD, the sign-in also uses the session cookie" in english
    assert "it does not log you in and opens no account" in english
    assert "หากท่านยืนยันตัวตนด้วย LINE หรือ ThaiD การเข้าสู่ระบบจะใช้คุกกี้เซสชันด้วย" in thai
    assert "หากท่านยืนยันอีเมลเพื่อโหวต" not in thai
