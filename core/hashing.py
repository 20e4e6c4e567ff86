"""Keyed hashes: how the platform remembers that it has seen a value (an e-mail address, a telephone
number, an identity provider's subject) without keeping the value itself."""

import hashlib
import hmac


def keyed_hash(value: str, *, key: str, purpose: str) -> str:
    """HMAC-SHA256 of ``value`` with ``key``; ``purpose`` keeps hashes of different uses apart, so that
    one value hashed for two purposes gives two unrelated hashes."""
    return hmac.new(f"{key}:{purpose}".encode(), value.encode(), hashlib.sha256).hexdigest()
