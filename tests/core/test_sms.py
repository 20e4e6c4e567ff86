"""core.phones and core.sms against a real HTTP peer: a small provider API started by the test on a
free loopback port, which records what it received and answers as it is told."""

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from django.core.exceptions import ValidationError

from core.phones import display_mobile, normalise_mobile
from core.sms import SmsError, TransientSmsError, send_sms


@pytest.mark.parametrize(
    "typed",
    ["081-234-5678", "0812345678", "08 1234 5678", "+66 81 234 5678", "66812345678", "๐๘๑๒๓๔๕๖๗๘"],
)
def test_a_thai_mobile_typed_any_usual_way_is_one_number(typed):
    assert normalise_mobile(typed) == "+66812345678"


@pytest.mark.parametrize("typed", ["0612345678", "0912345678"])
def test_the_other_mobile_prefixes(typed):
    assert normalise_mobile(typed) == "+66" + typed[1:]


@pytest.mark.parametrize(
    ("typed", "code"),
    [("021234567", "not_mobile"), ("12345", "not_a_number"), ("", "not_a_number"), ("abc", "not_a_number")],
)
def test_what_is_not_a_mobile_number_says_so(typed, code):
    with pytest.raises(ValidationError) as refused:
        normalise_mobile(typed)
    assert refused.value.code == code


def test_a_stored_number_is_shown_back_in_the_national_form():
    assert display_mobile("+66812345678") == "081 234 5678"


def test_the_development_gateway_writes_each_message_whole(settings, tmp_path):
    settings.SMS = {**settings.SMS, "BACKEND": "file", "FILE_PATH": str(tmp_path), "SENDER": "SmartCity"}
    sent = send_sms("+66812345678", "รหัสยืนยัน 123456")
    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [f"{sent.provider_id}.txt"]
    assert files[0].read_text(encoding="utf-8") == "To: +66812345678\nFrom: SmartCity\n\nรหัสยืนยัน 123456\n"


def test_production_without_a_provider_refuses_clearly(settings):
    settings.SMS = {**settings.SMS, "BACKEND": "disabled"}
    with pytest.raises(SmsError, match="SMS_API_URL"):
        send_sms("+66812345678", "x")


def test_a_number_not_in_e164_is_refused_before_anything_is_sent(settings, tmp_path):
    settings.SMS = {**settings.SMS, "BACKEND": "file", "FILE_PATH": str(tmp_path)}
    with pytest.raises(SmsError, match="E.164"):
        send_sms("0812345678", "x")
    assert list(tmp_path.iterdir()) == []


class Provider:
    """An SMS provider's API on loopback: answers ``status`` with ``body``, or waits ``delay`` s."""

    def __init__(self):
        self.received, self.status, self.body, self.delay = [], 200, b'{"message_id": "m-1"}', 0.0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                provider.received.append((dict(self.headers), self.rfile.read(length).decode()))
                if provider.delay:
                    threading.Event().wait(provider.delay)
                self.send_response(provider.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(provider.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def provider(settings):
    peer = Provider()
    settings.SMS = {
        **settings.SMS,
        "BACKEND": "http",
        "URL": peer.url,
        "KEY": "key",
        "SECRET": "secret",
        "SENDER": "SmartCity",
        "TIMEOUT": 1,
    }
    yield peer
    peer.server.shutdown()
    peer.server.server_close()


def test_the_http_gateway_posts_number_text_and_sender_with_basic_auth(provider):
    sent = send_sms("+66812345678", "รหัสยืนยัน 123456")
    assert sent.provider_id == "m-1"
    ((headers, body),) = provider.received
    assert headers["Authorization"] == "Basic " + base64.b64encode(b"key:secret").decode()
    assert parse_qs(body) == {"msisdn": ["66812345678"], "message": ["รหัสยืนยัน 123456"], "sender": ["SmartCity"]}


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_or_failing_provider_is_a_transient_failure(provider, status):
    provider.status, provider.body = status, json.dumps({"error": "busy"}).encode()
    with pytest.raises(TransientSmsError, match=str(status)):
        send_sms("+66812345678", "x")


@pytest.mark.parametrize("status", [400, 401, 403])
def test_a_refused_message_is_a_permanent_failure(provider, status):
    provider.status, provider.body = status, b'{"error": "invalid sender"}'
    with pytest.raises(SmsError) as refused:
        send_sms("+66812345678", "x")
    assert not isinstance(refused.value, TransientSmsError)
    assert "invalid sender" in str(refused.value)


def test_a_provider_that_does_not_answer_in_time_is_a_transient_failure(provider):
    provider.delay = 3
    with pytest.raises(TransientSmsError, match="unreachable"):
        send_sms("+66812345678", "x")


def test_a_provider_that_is_down_is_a_transient_failure(provider):
    provider.server.shutdown()
    provider.server.server_close()
    with pytest.raises(TransientSmsError):
        send_sms("+66812345678", "x")


def test_the_suite_writes_messages_in_its_own_folder(settings):
    assert Path(settings.SMS["FILE_PATH"]).parent == Path(settings.MEDIA_ROOT).parent
