#!/usr/bin/env python3
"""Print the current six-digit code of a TOTP secret (RFC 6238: HMAC-SHA1, 30-second steps), like an
authenticator app or ``oathtool --totp -b SECRET`` would. Standard library only.

    python scripts/totp.py DEMOSECRET...
"""

import base64
import hashlib
import hmac
import struct
import sys
import time


def totp(secret: str, at: float | None = None, *, step: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(totp(sys.argv[1]))
