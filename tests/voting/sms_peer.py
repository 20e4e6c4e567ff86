"""What the SMS tests share: the text messages the development gateway wrote (``var/sms/``) and the
code in the latest one."""

import re
from pathlib import Path

from django.conf import settings


def sms_files() -> list[Path]:
    folder = Path(settings.SMS["FILE_PATH"])
    return sorted(folder.glob("*.txt")) if folder.exists() else []


def latest_sms(to: str) -> str:
    """The text of the latest message written to ``to`` (E.164)."""
    for path in reversed(sms_files()):
        content = path.read_text(encoding="utf-8")
        if content.startswith(f"To: {to}\n"):
            return content.split("\n\n", 1)[1]
    raise AssertionError(f"no SMS to {to} in {settings.SMS['FILE_PATH']}")


def code_in(text: str) -> str:
    return re.search(r"\b(\d{6})\b", text).group(1)
