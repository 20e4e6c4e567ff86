"""The SMS provider the platform's workers send to: an HTTP API of the kind Thai providers offer
(core/sms.py: a form-encoded POST of ``msisdn``, ``message`` and ``sender`` with basic auth), served
on loopback by a thread of the test process, that keeps every message it accepted for the tests to
read, as the mailbox keeps e-mails."""

import base64
import itertools
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from .processes import free_port

KEY, SECRET, SENDER = "awards-smoke-sms", "awards-smoke-sms-secret", "SmartCity"


@dataclass(frozen=True)
class TextMessage:
    msisdn: str  # E.164 digits without the plus, as the provider's API takes them
    message: str
    sender: str
    credentials: str  # "key:secret" from the basic auth header
    content_type: str


class SmsProvider:
    def __init__(self):
        self.messages: list[TextMessage] = []
        self._changed = threading.Condition()
        self._ids = itertools.count(1)
        self.port = free_port()
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's hook name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                fields = {name: values[0] for name, values in parse_qs(body).items()}
                scheme, _space, encoded = self.headers.get("Authorization", "").partition(" ")
                message = TextMessage(
                    msisdn=fields.get("msisdn", ""),
                    message=fields.get("message", ""),
                    sender=fields.get("sender", ""),
                    credentials=base64.b64decode(encoded).decode() if scheme == "Basic" else "",
                    content_type=self.headers.get("Content-Type", ""),
                )
                answer = json.dumps({"message_id": f"smoke-{next(provider._ids)}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
                with provider._changed:
                    provider.messages.append(message)
                    provider._changed.notify_all()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/sms/send"

    def environment(self) -> dict[str, str]:
        """The variables of README "Production" that point the platform at this provider."""
        return {"SMS_API_URL": self.url, "SMS_API_KEY": KEY, "SMS_API_SECRET": SECRET, "SMS_SENDER": SENDER}

    def start(self) -> None:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def wait_for(self, msisdn: str, *, timeout: float = 60) -> list[TextMessage]:
        """The messages to ``msisdn`` (digits without the plus), waiting up to ``timeout`` seconds for one."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [message for message in self.messages if message.msisdn == msisdn]
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no text message to {msisdn} after {timeout} s")
                self._changed.wait(left)
