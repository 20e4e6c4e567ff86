"""Secrets at rest: authenticator secrets (allauth MFA's TOTP key and recovery-code seed) are stored
encrypted with Fernet, through the ``encrypt``/``decrypt`` hooks of allauth's MFA adapter.

The keys come from ``FIELD_ENCRYPTION_KEY`` (comma-separated Fernet keys: the first encrypts, every
one decrypts, so a new key goes first and the old one stays until every secret was re-encrypted).
Unset, one key is derived from ``SECRET_KEY`` (and one from each of ``SECRET_KEY_FALLBACKS``, so that
rotating SECRET_KEY the Django way keeps the secrets readable); ``check --deploy`` warns about it.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

# Every Fernet token starts with its version byte 0x80, "gAAAAA" in base64; a TOTP secret (base32,
# upper case) or a recovery-code seed (hex) never does, so a value without it was stored in clear
# before encryption was introduced and is read as it is.
TOKEN_PREFIX = "gAAAAA"


def _derived_key(secret_key: str) -> bytes:
    digest = hashlib.sha256(f"accounts.encryption:{secret_key}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet() -> MultiFernet:
    keys = [key.encode() for key in settings.FIELD_ENCRYPTION_KEYS]
    if not keys:
        keys = [_derived_key(key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]
    return MultiFernet([Fernet(key) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(stored: str) -> str:
    """The clear text of a stored value. A token no key opens raises ``cryptography.fernet.InvalidToken``:
    a lost key must be noticed, not read as a wrong code."""
    if not stored.startswith(TOKEN_PREFIX):
        return stored
    return _fernet().decrypt(stored.encode()).decode()
