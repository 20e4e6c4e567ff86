"""The mail server the platform's workers send to: an SMTP sink (aiosmtpd, in a thread of the test
process) that keeps every message, parsed, for the tests to read."""

import email
import email.policy
import threading
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from .processes import free_port


class Mailbox:
    def __init__(self):
        self.messages: list[EmailMessage] = []
        self._changed = threading.Condition()
        self.port = free_port()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        with self._changed:
            self.messages.append(message)
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._changed:
            return [message for message in self.messages if address in message.get("To", "")]

    def wait_for(
        self, address: str, *, count: int = 1, timeout: float = 60, containing: str = ""
    ) -> list[EmailMessage]:
        """The first ``count`` messages to ``address`` (whose text contains ``containing``, when
        given), waiting up to ``timeout`` seconds for them."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [
                    message
                    for message in self.messages
                    if address in message.get("To", "") and (not containing or containing in _plain(message))
                ]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{len(found)} of {count} messages to {address} after {timeout} s")
                self._changed.wait(left)


def _plain(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    return body.get_content() if body is not None else ""


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def pdf_attachments(message: EmailMessage) -> list[tuple[str, bytes]]:
    return [
        (part.get_filename(), part.get_content())
        for part in message.iter_attachments()
        if part.get_content_type() == "application/pdf"
    ]
