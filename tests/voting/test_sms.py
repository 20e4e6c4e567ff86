"""Verifying a voter by SMS: a 6-digit code sent through core.sms after the challenge is committed,
read back from the development gateway's ``var/sms/`` or received by a provider's HTTP API started on
loopback by the test; the tight limits per number and per network; what is kept (the keyed hash of
the E.164 number; the number itself until the purge)."""

from datetime import timedelta
from urllib.parse import parse_qs

import pytest
from django.utils import timezone, translation

from core.models import OutboundEmail
from core.sms import TransientSmsError
from tests.core.test_sms import provider  # noqa: F401 (the loopback provider API fixture)
from tests.voting.conftest import vote_form
from tests.voting.sms_peer import code_in, latest_sms, sms_files
from voting import passes
from voting.identity import phone_hash
from voting.models import Challenge, Poll, Vote, Voter
from voting.services.codes import CodeRefused, confirm_code
from voting.services.purge import purge_personal_data
from voting.services.sms_codes import deliver_code_sms, request_sms_code

pytestmark = pytest.mark.django_db
NUMBER = "+66812345678"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _no_earlier_messages():
    for path in sms_files():
        path.unlink()


@pytest.fixture
def sms_poll(poll):
    Poll.objects.filter(pk=poll.pk).update(proofs=["email", "sms"])
    return poll


def _request(phone="081-234-5678", ip="203.0.113.7", **kwargs):
    return request_sms_code(phone=phone, language=kwargs.pop("language", "en"), consent=True, ip=ip, **kwargs)


def test_a_code_is_committed_before_it_is_sent_then_sent_once_and_its_text_forgotten(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        challenge = _request()
    # Committed, not yet sent: the text waits on the row.
    assert sms_files() == []
    assert challenge.phone == NUMBER
    assert challenge.identity_hash == phone_hash(NUMBER)
    assert code_in(challenge.message)

    for callback in callbacks:
        callback()

    challenge.refresh_from_db()
    assert challenge.sent_at is not None
    assert challenge.message == ""
    assert "Your Popular Vote code is" in latest_sms(NUMBER)
    assert deliver_code_sms(challenge_id=challenge.pk) is False  # never twice
    assert len(sms_files()) == 1


def test_the_code_from_the_sms_makes_a_phone_voter_keeping_only_what_the_rule_needs(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = _request(phone="๐๘๑๒๓๔๕๖๗๘", language="th")

    voter = confirm_code(challenge_id=challenge.pk, code=code_in(latest_sms(NUMBER)))

    assert "รหัส" in latest_sms(NUMBER)
    assert (voter.kind, voter.phone, voter.email) == ("sms", NUMBER, "")
    assert voter.identity_hash == phone_hash(NUMBER)
    assert NUMBER not in voter.identity_hash


def test_a_wrong_sms_code_counts_a_try(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = _request()

    with pytest.raises(CodeRefused, match="tries left"):
        confirm_code(challenge_id=challenge.pk, code="000000" if code_in(latest_sms(NUMBER)) != "000000" else "111111")

    assert Challenge.objects.get(pk=challenge.pk).attempts == 1


@pytest.mark.parametrize("typed", ["02 123 4567", "12345", ""])
def test_what_is_not_a_thai_mobile_number_is_refused_before_anything_is_sent(typed):
    with pytest.raises(CodeRefused, match="mobile|telephone number"):
        _request(phone=typed)
    assert Challenge.objects.count() == 0


def test_one_number_gets_a_new_code_only_after_the_resend_wait_and_a_few_an_hour(settings):
    settings.VOTE_SMS_RESEND_SECONDS, settings.VOTE_SMS_CODES_PER_HOUR = 60, 3
    _request()

    with pytest.raises(CodeRefused, match="just sent a code"):
        _request(phone="0812345678", ip="198.51.100.1")  # the same number typed otherwise, elsewhere

    for minutes in (2, 4):
        Challenge.objects.update(created_at=timezone.now() - timedelta(minutes=minutes))
        _request()
    Challenge.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    with pytest.raises(CodeRefused, match="several codes to this number in the last hour"):
        _request()
    assert Challenge.objects.count() == 3

    Challenge.objects.update(created_at=timezone.now() - timedelta(minutes=61))
    _request()  # an hour later, the number may ask again
    assert Challenge.objects.count() == 4


def test_one_network_gets_a_few_codes_a_minute_whatever_the_numbers(settings):
    settings.VOTE_SMS_RATE_PER_NETWORK = 3
    for n in range(3):
        _request(phone=f"08123456{n:02d}", ip=f"203.0.113.{n + 1}")

    with pytest.raises(CodeRefused, match="Too many code requests from here"):
        _request(phone="0812345699", ip="203.0.113.200")  # the same /24
    _request(phone="0812345698", ip="198.51.100.1")  # another network is not held up

    assert Challenge.objects.count() == 4


def test_an_ipv6_network_is_its_48(settings):
    settings.VOTE_SMS_RATE_PER_NETWORK = 1
    _request(phone="0812345601", ip="2001:db8:1:1::1")

    with pytest.raises(CodeRefused, match="Too many code requests from here"):
        _request(phone="0812345602", ip="2001:db8:1:ffff::2")
    _request(phone="0812345603", ip="2001:db8:2::1")


def test_the_code_goes_to_the_providers_http_api(provider, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        challenge = _request()

    ((_headers, body),) = provider.received
    sent = parse_qs(body)
    assert sent["msisdn"] == ["66812345678"]
    voter = confirm_code(challenge_id=challenge.pk, code=code_in(sent["message"][0]))
    assert voter.kind == "sms"


def test_a_provider_that_cannot_take_the_message_now_is_tried_again(provider, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=False):
        challenge = _request()
    provider.status = 503

    with pytest.raises(TransientSmsError):
        deliver_code_sms(challenge_id=challenge.pk)
    waiting = Challenge.objects.get(pk=challenge.pk)
    assert (waiting.sent_at, bool(waiting.message)) == (None, True)

    provider.status = 200
    assert deliver_code_sms(challenge_id=challenge.pk) is True
    assert len(provider.received) == 2


def test_a_voter_verifies_by_sms_on_the_pages_then_votes(
    client, sms_poll, finalist, django_capture_on_commit_callbacks
):
    slug = sms_poll.cycle.slug
    page = client.get(f"/en/vote/{slug}/verify/?proof=sms&next={finalist.pk}")
    assert 'data-testid="proof-sms"' in page.content.decode()
    assert 'name="phone"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/en/vote/{slug}/verify/?proof=sms&next={finalist.pk}",
            {"phone": "081 234 5678", "consent": "on"},
            REMOTE_ADDR="203.0.113.50",
        )
    code_page = client.get(sent["Location"])
    verified = client.post(sent["Location"], {"code": code_in(latest_sms(NUMBER))})
    voted = client.post(f"/vote/{slug}/{finalist.pk}/vote/", vote_form(client), HTTP_ACCEPT="application/json")

    assert sent.status_code == 302
    assert "by SMS" in code_page.content.decode()
    assert verified.status_code == 302
    assert verified["Location"].endswith(f"/vote/{slug}/{finalist.pk}/")
    assert passes.pass_from(client.get(f"/vote/{slug}/").wsgi_request)[1] == "sms"
    assert voted.status_code == 201
    assert Vote.objects.get().voter.kind == "sms"


def test_a_poll_without_sms_does_not_offer_it(client, poll):
    page = client.get(f"/en/vote/{poll.cycle.slug}/verify/?proof=sms")

    assert 'name="phone"' not in page.content.decode()
    assert 'name="email"' in page.content.decode()
    assert 'data-testid="proof-choices"' not in page.content.decode()


def test_the_mobile_number_is_purged_with_the_e_mail_addresses(django_capture_on_commit_callbacks, poll, finalist):
    with django_capture_on_commit_callbacks(execute=True):
        challenge = _request()
    voter = confirm_code(challenge_id=challenge.pk, code=code_in(latest_sms(NUMBER)))
    Vote.objects.create(voter=voter, cycle=poll.cycle, application=finalist)
    Poll.objects.filter(pk=poll.pk).update(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=31), retention_days=30
    )
    Challenge.objects.update(created_at=timezone.now() - timedelta(days=3))

    result = purge_personal_data()

    kept = Voter.objects.get(pk=voter.pk)
    assert (kept.phone, kept.identity_hash) == ("", phone_hash(NUMBER))
    assert result["addresses"] == 1
    assert Challenge.objects.count() == 0


def test_a_code_whose_task_never_reached_a_worker_is_sent_by_the_minutes_sweep(django_capture_on_commit_callbacks):
    from config.celery import app
    from voting.tasks import retry_unsent_sms

    with django_capture_on_commit_callbacks(execute=False):  # the broker never got the task
        challenge = _request()
    assert retry_unsent_sms.delay().get() == 0  # too fresh: its own task may still be on the way
    Challenge.objects.update(created_at=timezone.now() - timedelta(seconds=40))

    assert retry_unsent_sms.delay().get() == 1

    assert code_in(latest_sms(NUMBER))
    assert Challenge.objects.get(pk=challenge.pk).message == ""
    assert retry_unsent_sms.delay().get() == 0
    assert app.conf.beat_schedule["retry-unsent-vote-sms"]["task"] == "voting.tasks.retry_unsent_sms"


@pytest.mark.parametrize(
    ("prefix", "sms_text", "subject"),
    [("", "รหัส", "รหัสยืนยันการโหวต"), ("/en", "Your Popular Vote code is", "Your Popular Vote code:")],
)
def test_the_code_by_sms_and_by_e_mail_is_in_the_language_of_the_page_it_was_asked_on(
    client, sms_poll, django_capture_on_commit_callbacks, prefix, sms_text, subject
):
    verify = f"{prefix}/vote/{sms_poll.cycle.slug}/verify/"

    with django_capture_on_commit_callbacks(execute=True):
        by_sms = client.post(f"{verify}?proof=sms", {"phone": "081 234 5678", "consent": "on"})
        by_email = client.post(verify, {"email": "voter@example.org", "consent": "on"})

    assert (by_sms.status_code, by_email.status_code) == (302, 302)
    assert sms_text in latest_sms(NUMBER)
    assert OutboundEmail.objects.get(kind="vote_code").subject.startswith(subject)
