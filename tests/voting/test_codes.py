import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone, translation

from core.models import OutboundEmail
from voting.identity import email_hash
from voting.models import Challenge, Voter
from voting.services.codes import CodeRefused, confirm_code, request_code

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Refusals are asserted in English here; the Thai ones are in the catalogue (tests/test_locale.py).
    with translation.override("en"):
        yield


def _code_in(email: OutboundEmail) -> str:
    return re.search(r"\b(\d{6})\b", email.body_text).group(1)


def test_request_code_sends_six_digits_in_the_voters_language():
    challenge = request_code(email="Voter@Example.com", language="en", consent=True, ip="203.0.113.1")

    email = OutboundEmail.objects.get(kind="vote_code")
    assert email.to == "voter@example.com"
    assert email.language == "en"
    assert "Your code to confirm your vote in the Popular Vote is:" in email.body_text
    assert len(_code_in(email)) == 6
    assert challenge.code_hash != _code_in(email)
    assert challenge.identity_hash == email_hash("voter@example.com")


def test_request_code_in_thai_by_default():
    request_code(email="voter@example.com", language="th", consent=True)

    assert "รหัส" in OutboundEmail.objects.get(kind="vote_code").subject


def test_vote_code_email_in_plain_official_thai():
    request_code(email="voter@example.com", language="th", consent=True)

    email = OutboundEmail.objects.get(kind="vote_code")
    code = _code_in(email)
    # The glossary's name of the award, the polite ท่าน (never คุณ), one plain sentence each.
    assert email.subject == f"รหัสยืนยันการโหวตรางวัลขวัญใจประชาชน (Popular Vote): {code}"
    assert email.body_text.split("\n\nขอแสดงความนับถือ")[0].splitlines() == [
        "เรียน ผู้ร่วมโหวต",
        "",
        "รหัสยืนยันการโหวตรางวัลขวัญใจประชาชน (Popular Vote) ของท่าน คือ",
        "",
        code,
        "",
        f"โปรดกรอกรหัสนี้ในหน้าโหวตภายใน {settings.VOTE_CODE_TTL_MINUTES} นาที",
        "",
        "หากท่านไม่ได้ขอรหัสนี้ ไม่ต้องดำเนินการใด ๆ ระบบจะไม่บันทึกการโหวตหากไม่มีการกรอกรหัสนี้",
    ]
    assert "คุณ" not in email.body_text + email.body_html


def test_request_code_needs_consent():
    with pytest.raises(CodeRefused, match="privacy notice"):
        request_code(email="voter@example.com", language="th", consent=False)
    assert Challenge.objects.count() == 0


def test_request_code_refuses_a_bad_address():
    with pytest.raises(CodeRefused):
        request_code(email="not-an-address", language="th", consent=True)


def test_confirm_code_makes_one_voter_with_consent_recorded():
    challenge = request_code(email="voter@example.com", language="th", consent=True)
    code = _code_in(OutboundEmail.objects.get())

    voter = confirm_code(challenge_id=challenge.pk, code=code)

    assert voter.email == "voter@example.com"
    assert voter.domain == "example.com"
    assert voter.consent_notice_version == "2026-11"
    assert Voter.objects.count() == 1


def test_same_address_again_is_the_same_voter():
    first = request_code(email="voter@example.com", language="th", consent=True)
    v1 = confirm_code(challenge_id=first.pk, code=_code_in(OutboundEmail.objects.get()))
    second = request_code(email="VOTER@example.com ", language="en", consent=True)
    v2 = confirm_code(challenge_id=second.pk, code=_code_in(OutboundEmail.objects.order_by("-pk").first()))

    assert v1.pk == v2.pk
    assert Voter.objects.get().language == "en"


def test_expired_code_is_refused():
    challenge = request_code(email="voter@example.com", language="th", consent=True)
    Challenge.objects.filter(pk=challenge.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    with pytest.raises(CodeRefused, match="expired"):
        confirm_code(challenge_id=challenge.pk, code=_code_in(OutboundEmail.objects.get()))
    assert Voter.objects.count() == 0


def test_wrong_code_counts_a_try_and_says_how_many_are_left():
    challenge = request_code(email="voter@example.com", language="en", consent=True)
    right = _code_in(OutboundEmail.objects.get())
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"

    with pytest.raises(CodeRefused, match="4 tries left"):
        confirm_code(challenge_id=challenge.pk, code=wrong)
    assert Challenge.objects.get().attempts == 1


def test_brute_force_locks_the_address_even_for_the_right_code_and_new_codes(settings):
    settings.VOTE_CODE_MAX_ATTEMPTS = 5
    challenge = request_code(email="voter@example.com", language="en", consent=True)
    right = _code_in(OutboundEmail.objects.get())
    wrongs = [f"{(int(right) + n) % 1_000_000:06d}" for n in range(1, 6)]
    for wrong in wrongs:
        with pytest.raises(CodeRefused):
            confirm_code(challenge_id=challenge.pk, code=wrong)

    with pytest.raises(CodeRefused, match="Too many wrong codes"):
        confirm_code(challenge_id=challenge.pk, code=right)
    with pytest.raises(CodeRefused, match="Too many wrong codes"):
        request_code(email="voter@example.com", language="en", consent=True)
    assert Voter.objects.count() == 0


def test_lock_ends_after_the_lock_time(settings):
    settings.VOTE_CODE_MAX_ATTEMPTS = 1
    challenge = request_code(email="voter@example.com", language="en", consent=True)
    with pytest.raises(CodeRefused):
        confirm_code(
            challenge_id=challenge.pk, code="000000" if _code_in(OutboundEmail.objects.get()) != "000000" else "111111"
        )
    Challenge.objects.update(created_at=timezone.now() - timedelta(minutes=settings.VOTE_CODE_LOCK_MINUTES + 1))

    assert request_code(email="voter@example.com", language="en", consent=True).pk


def test_used_code_cannot_be_replayed():
    challenge = request_code(email="voter@example.com", language="en", consent=True)
    code = _code_in(OutboundEmail.objects.get())
    confirm_code(challenge_id=challenge.pk, code=code)

    with pytest.raises(CodeRefused, match="already been used"):
        confirm_code(challenge_id=challenge.pk, code=code)


def test_codes_per_hour_are_limited():
    for _n in range(5):
        request_code(email="voter@example.com", language="en", consent=True)

    with pytest.raises(CodeRefused, match="several codes"):
        request_code(email="voter@example.com", language="en", consent=True)
