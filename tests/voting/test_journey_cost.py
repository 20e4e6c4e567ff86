"""The voter's journey without a server-side session: the code request is remembered in a signed
cookie, so requesting and typing a code write no session row, and no one can name another's request.
The checks of a code request (lock-out and codes of the last hour) are one query."""

import re

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import OutboundEmail
from voting import emails as voting_emails
from voting import passes, selectors
from voting.models import Challenge, Vote
from voting.services.codes import CodeRefused, request_code

from .conftest import vote_form

pytestmark = pytest.mark.django_db


def _url(poll, name, pk=None):
    base = f"/vote/{poll.cycle.slug}/"
    return f"{base}{pk}/{name}/" if pk else f"{base}{name}/"


def _code_of(email):
    return re.search(r"\b(\d{6})\b", OutboundEmail.objects.get(to=email).body_text).group(1)


def test_the_whole_journey_writes_no_session(client, poll, finalist):
    sent = client.post(_url(poll, "verify"), {"email": "fan@example.com", "consent": "on"})
    confirmed = client.post(sent["Location"], {"code": _code_of("fan@example.com")})
    voted = client.post(_url(poll, "vote", finalist.pk), vote_form(client))

    assert (sent.status_code, confirmed.status_code, voted.status_code) == (302, 302, 302)
    assert passes.CHALLENGE_COOKIE in sent.cookies
    assert confirmed.cookies[passes.CHALLENGE_COOKIE].value == ""  # forgotten once used
    assert "sessionid" not in sent.cookies and "sessionid" not in confirmed.cookies
    assert Session.objects.count() == 0
    assert Vote.objects.filter(application=finalist).count() == 1
    assert OutboundEmail.objects.filter(to="fan@example.com").count() == 1


def test_the_code_page_needs_this_browsers_own_signed_request(client, poll):
    client.post(_url(poll, "verify"), {"email": "fan@example.com", "consent": "on"})
    challenge = Challenge.objects.get()
    code = _code_of("fan@example.com")

    client.cookies[passes.CHALLENGE_COOKIE] = str(challenge.pk)  # unsigned: someone naming an id
    forged = client.post(_url(poll, "code"), {"code": code})
    client.cookies[passes.CHALLENGE_COOKIE] = signing.TimestampSigner(salt="other").sign(str(challenge.pk))
    wrong_salt = client.post(_url(poll, "code"), {"code": code})

    assert forged.status_code == 302 and forged["Location"] == _url(poll, "verify")
    assert wrong_salt.status_code == 302 and wrong_salt["Location"] == _url(poll, "verify")
    assert Challenge.objects.get().used_at is None


def test_a_code_request_checks_the_address_in_one_query(poll, settings):
    request_code(email="warm@example.com", language="th", consent=True)
    with CaptureQueriesContext(connection) as queries:
        request_code(email="fan@example.com", language="th", consent=True)

    challenge_reads = [q["sql"] for q in queries if q["sql"].startswith("SELECT") and "voting_challenge" in q["sql"]]
    assert len(challenge_reads) == 1


def test_the_hourly_limit_and_the_lock_out_still_hold(poll, settings):
    for _ in range(5):
        request_code(email="busy@example.com", language="th", consent=True)
    with pytest.raises(CodeRefused, match="ชั่วโมงที่ผ่านมา"):
        request_code(email="busy@example.com", language="th", consent=True)

    request_code(email="locked@example.com", language="th", consent=True)
    Challenge.objects.filter(email="locked@example.com").update(attempts=settings.VOTE_CODE_MAX_ATTEMPTS)
    with pytest.raises(CodeRefused, match="กรอกรหัสผิดหลายครั้งเกินไป"):
        request_code(email="locked@example.com", language="th", consent=True)


def _statements(queries) -> list[str]:
    """The statements that read or write rows (not BEGIN, COMMIT or savepoints), by verb and table."""
    found = []
    for query in queries:
        sql = query["sql"]
        verb = sql.split(None, 1)[0].upper()
        if verb in {"SELECT", "INSERT", "UPDATE", "DELETE"}:
            table = re.search(r'(?:FROM|INTO|UPDATE)\s+"?(\w+)"?', sql).group(1)
            found.append(f"{verb} {table}")
    return found


def test_a_right_code_costs_three_statements(client, poll):
    """Typing a right code: the challenge read and locked with its address's lock-out, marked used,
    and the voter made or renewed in one upsert (it was a read, a savepoint, an insert and its
    release, and the page's own read of the challenge's kind, which a right code never shows)."""
    sent = client.post(_url(poll, "verify"), {"email": "fan@example.com", "consent": "on"})
    code = _code_of("fan@example.com")
    with CaptureQueriesContext(connection) as queries:
        confirmed = client.post(sent["Location"], {"code": code})

    assert confirmed.status_code == 302
    assert _statements(queries) == ["SELECT voting_challenge", "UPDATE voting_challenge", "INSERT voting_voter"]


def test_a_returning_voter_is_renewed_not_duplicated(poll):
    """The upsert keeps one voter per identity: a second proof renews the address, the language and
    the consent of the latest proof and keeps what was first recorded (the similarity hash, when the
    voter was made)."""
    from voting.services.codes import confirm_code

    first = request_code(email="fan@example.com", language="th", consent=True)
    voter = confirm_code(challenge_id=first.pk, code=_code_of("fan@example.com"))
    OutboundEmail.objects.all().delete()
    second = request_code(email="Fan@Example.com", language="en", consent=True)
    again = confirm_code(challenge_id=second.pk, code=_code_of("fan@example.com"))

    stored = type(voter).objects.get()
    assert again.pk == voter.pk == stored.pk
    assert (stored.language, stored.created_at, stored.similarity_hash) == (
        "en",
        voter.created_at,
        voter.similarity_hash,
    )
    assert (again.language, again.created_at, again.email) == ("en", voter.created_at, "fan@example.com")


def test_the_code_email_is_signed_by_the_polls_edition_without_reading_it_again(client, poll):
    """The e-mail ends with the sender block of the edition whose poll it was asked on, taken from the
    poll the page already holds: the code request reads no edition (it read the live one each time)."""
    poll.cycle.contact_office_th = "สำนักงานรางวัลทดสอบ"
    poll.cycle.save(update_fields=["contact_office_th"])
    selectors.forget_polls()
    client.get(_url(poll, "verify"))  # the page the address is typed on holds the poll
    with CaptureQueriesContext(connection) as queries:
        sent = client.post(_url(poll, "verify"), {"email": "fan@example.com", "consent": "on"})

    assert sent.status_code == 302
    assert "สำนักงานรางวัลทดสอบ" in OutboundEmail.objects.get(to="fan@example.com").body_text
    assert "SELECT awards_cycle" not in _statements(queries)


def test_the_code_email_is_rendered_once_and_only_the_code_put_in(poll):
    """The code e-mail of a language and a sender is rendered once per process; each request puts its
    own code in, and the result is exactly the e-mail rendered in full."""
    from django.test.signals import template_rendered

    from core.emails import render_email

    rendered = []
    template_rendered.connect(
        lambda sender, template, **kw: rendered.append(template.name), weak=False, dispatch_uid="t"
    )
    try:
        voting_emails._code_email.cache_clear()
        request_code(email="warm@example.com", language="en", consent=True)
        first = list(rendered)
        rendered.clear()
        request_code(email="fan@example.com", language="en", consent=True)
    finally:
        template_rendered.disconnect(dispatch_uid="t")
    email = OutboundEmail.objects.get(to="fan@example.com")
    code = _code_of("fan@example.com")
    minutes = django_settings.VOTE_CODE_TTL_MINUTES
    full = render_email(template="vote_code", context={"code": code, "minutes": minutes}, language="en")

    assert "emails/vote_code/body.html" in first and rendered == []
    assert (email.subject, email.body_text, email.body_html) == full
