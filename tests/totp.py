"""TOTP codes as an authenticator app computes them (RFC 6238: HMAC-SHA1, 30 s, 6 digits), for
tests that enrol and use a second factor. Written with hashlib/hmac so that tests check real
codes against the secret Cognito issued, not a stand-in."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

STEP = 30


def totp(secret: str, at: float | None = None, digits: int = 6) -> str:
    padded = secret.upper() + "=" * (-len(secret) % 8)
    key = base64.b32decode(padded)
    counter = int((time.time() if at is None else at) // STEP)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def wrong_code(secret: str) -> str:
    """A 6-digit code that is valid in none of the windows around now."""
    near = {totp(secret, time.time() + d * STEP) for d in (-2, -1, 0, 1, 2)}
    return next(c for c in (f"{n:06d}" for n in range(0, 1_000_000, 7919)) if c not in near)
