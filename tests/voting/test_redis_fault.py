"""Redis stopped during the vote: votes are still recorded, and the public tally is right once Redis
is back. The test runs its own throwaway redis-server on a free port of its own (never the shared
one) and stops it by its PID."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from core.emails import deliver, unsent_email_ids
from core.models import OutboundEmail
from tests.factories import FinalistFactory, PollFactory, VoterFactory
from voting import ratelimit
from voting.models import Vote
from voting.selectors import public_counts

from .conftest import verified, vote_form

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, open_: bool, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                if open_:
                    return
        except OSError:
            if not open_:
                return
        time.sleep(0.05)
    raise AssertionError(f"redis on {port} did not {'start' if open_ else 'stop'}")


@pytest.fixture
def throwaway_redis(settings, tmp_path):
    binary = shutil.which("redis-server")
    assert binary, "redis-server is needed (apt-get install redis-server)"
    port = _free_port()

    def start():
        process = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(port, True)
        return process

    def stop(process):
        process.terminate()
        process.wait(timeout=10)
        _wait_for_port(port, False)

    url = f"redis://127.0.0.1:{port}/0"
    settings.VOTE_RATE_LIMIT_REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
    ratelimit.reset()
    state = {"process": start()}
    yield state, start, stop, url
    if state["process"].poll() is None:
        stop(state["process"])
    ratelimit.reset()


def test_votes_are_recorded_while_redis_is_down_and_the_tally_is_right_after(client, throwaway_redis, monkeypatch):
    state, start, stop, _url = throwaway_redis
    # After a failure the app leaves Redis alone for a while (5 s in production); short here.
    monkeypatch.setattr(ratelimit, "BACKOFF_SECONDS", 0.5)
    poll = PollFactory(show_counts=True)
    finalist = FinalistFactory(cycle=poll.cycle)
    url = f"/vote/{poll.cycle.slug}/{finalist.pk}/vote/"
    voters = VoterFactory.create_batch(4)

    # Before: one vote, the tally cached in Redis.
    assert verified(client, voters[0]).post(url, vote_form(client)).status_code == 302
    assert public_counts(poll.cycle) == {finalist.pk: 1}
    assert cache.get(f"vote:tally:{poll.cycle_id}") == {finalist.pk: 1}

    # Redis stops in the middle of the vote: two more voters vote, and the page still answers.
    stop(state["process"])
    statuses = [verified(client, v).post(url, vote_form(client)).status_code for v in voters[1:3]]
    page = client.get(f"/vote/{poll.cycle.slug}/")

    assert statuses == [302, 302]
    assert page.status_code == 200
    assert Vote.objects.filter(application=finalist).count() == 3
    assert public_counts(poll.cycle) == {finalist.pk: 3}

    # Redis comes back (empty, as after a restart): the tally is rebuilt from the ledger.
    state["process"] = start()
    time.sleep(0.6)
    assert verified(client, voters[3]).post(url, vote_form(client)).status_code == 302
    assert public_counts(poll.cycle) == {finalist.pk: 4}
    assert cache.get(f"vote:tally:{poll.cycle_id}") == {finalist.pk: 4}


@pytest.fixture
def broker_on_throwaway_redis(throwaway_redis):
    """The Celery broker on the throwaway Redis too, and tasks really sent to it (not run in-process)."""
    from config.celery import app

    previous = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url, app.conf.task_always_eager = throwaway_redis[3], False
    app._pool, app.amqp._producer_pool = None, None
    yield throwaway_redis
    app.conf.broker_url, app.conf.task_always_eager = previous
    app._pool, app.amqp._producer_pool = None, None


@pytest.mark.django_db(transaction=True)
def test_code_request_while_redis_is_down_answers_as_usual_and_the_sweep_sends_it(client, broker_on_throwaway_redis):
    state, _start, stop, _url = broker_on_throwaway_redis
    poll = PollFactory()
    verify = f"/vote/{poll.cycle.slug}/verify/"

    stop(state["process"])
    started = time.monotonic()
    response = client.post(verify, {"email": "fan@example.com", "consent": "on"})
    elapsed = time.monotonic() - started
    page = client.get(response["Location"])

    # The voter is sent on to the page where the code is typed, as when Redis is up.
    assert response.status_code == 302
    assert response["Location"] == f"/vote/{poll.cycle.slug}/code/"
    assert page.status_code == 200
    assert "เราได้ส่งรหัส 6 หลักไปที่อีเมลของท่านแล้ว" in page.content.decode()
    assert elapsed < 5
    email = OutboundEmail.objects.get(kind="vote_code")
    assert email.status == OutboundEmail.Status.QUEUED

    # A minute later the outbox sweep (beat, every minute) hands it to a worker, which sends it.
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    assert unsent_email_ids() == [email.pk]
    assert deliver(email_id=email.pk) is True
    assert mail.outbox[0].to == ["fan@example.com"]
