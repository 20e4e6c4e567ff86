"""Text messages (SMS) to mobile telephones: one function, ``send_sms``, and the gateways behind it.

``settings.SMS["BACKEND"]`` chooses the gateway:

- ``http``: the HTTP API of an SMS provider, of the kind Thai providers offer: a form-encoded POST of
  the number (``msisdn``, E.164 digits without the plus), the text (``message``) and the registered
  sender name (``sender``), authenticated with HTTP basic auth (the account's key and secret), within
  ``SMS["TIMEOUT"]`` seconds. A 2xx answer is a message accepted; its JSON may carry the provider's
  message id.
- ``file`` (development and tests): each message is written to ``var/sms/`` as a small text file, as
  e-mails are written to ``var/mail/``, so that a developer or a test reads the code there.
- ``disabled`` (production without ``SMS_API_URL``): sending is refused with a clear error rather than
  written to a disk nobody reads.

A failure the provider may get over (a timeout, a refused connection, 429, 5xx) raises
``TransientSmsError`` so that the caller's task retries with backoff; any other refusal raises
``SmsError``. Numbers are E.164 already (``core.phones.normalise_mobile``); this module knows nothing
of votes or codes.
"""

import base64
import json
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)


class SmsError(Exception):
    """The message was not accepted and sending it again as it is will not help."""


class TransientSmsError(SmsError):
    """The provider could not take the message now; try again later."""


@dataclass(frozen=True)
class SentSms:
    to: str
    provider_id: str


def send_sms(to: str, text: str) -> SentSms:
    """Send ``text`` to the E.164 number ``to`` through the configured gateway."""
    if not to.startswith("+") or not to[1:].isdigit():
        raise SmsError(f"not an E.164 number: {to!r}")
    config = settings.SMS
    gateway = _GATEWAYS.get(config["BACKEND"])
    if gateway is None:
        raise SmsError(f"unknown SMS backend {config['BACKEND']!r}")
    return gateway(config, to, text)


def _send_disabled(config: dict, to: str, text: str) -> SentSms:
    raise SmsError("SMS is not configured: set SMS_API_URL, SMS_API_KEY, SMS_API_SECRET and SMS_SENDER.")


def _send_to_file(config: dict, to: str, text: str) -> SentSms:
    folder = Path(config["FILE_PATH"])
    folder.mkdir(parents=True, exist_ok=True)
    provider_id = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{secrets.token_hex(3)}"
    content = f"To: {to}\nFrom: {config['SENDER']}\n\n{text}\n"
    path = folder / f"{provider_id}.txt"
    partial = path.with_suffix(".part")
    partial.write_text(content, encoding="utf-8")
    partial.rename(path)  # a reader never sees half a message
    return SentSms(to=to, provider_id=provider_id)


def _send_over_http(config: dict, to: str, text: str) -> SentSms:
    body = urlencode({"msisdn": to.removeprefix("+"), "message": text, "sender": config["SENDER"]}).encode()
    credentials = base64.b64encode(f"{config['KEY']}:{config['SECRET']}".encode()).decode()
    if not config["URL"].startswith(("https://", "http://")):
        raise SmsError(f"SMS_API_URL must be an http(s) address: {config['URL']!r}")
    request = Request(  # noqa: S310 (an http(s) address, checked above)
        config["URL"],
        data=body,
        method="POST",
        headers={
            "Authorization": f"Basic {credentials}",
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "Accept": "application/json",
        },
    )
    try:
        with urlopen(request, timeout=config["TIMEOUT"]) as response:  # noqa: S310 (an http(s) address, checked above)
            answer = response.read(65536)
    except HTTPError as error:
        detail = error.read(512).decode("utf-8", "replace")
        if error.code == 429 or error.code >= 500:
            raise TransientSmsError(f"SMS provider answered {error.code}: {detail}") from None
        raise SmsError(f"SMS provider refused the message ({error.code}): {detail}") from None
    except (URLError, TimeoutError, ConnectionError) as error:
        raise TransientSmsError(f"SMS provider unreachable: {error}") from None
    return SentSms(to=to, provider_id=_provider_id(answer))


def _provider_id(answer: bytes) -> str:
    try:
        data = json.loads(answer or b"{}")
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("message_id", "id", "messageId"):
            if data.get(key):
                return str(data[key])[:100]
    return ""


_GATEWAYS = {"http": _send_over_http, "file": _send_to_file, "disabled": _send_disabled}
