"""Verification codes, generated passwords and masked addresses: small, pure and testable.

Only a salted HMAC of a code is ever stored; the code itself lives in the email and nowhere else.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

CODE_DIGITS = 6
SALT_BYTES = 16


def new_code() -> str:
    """A uniformly random 6-digit code from the OS's CSPRNG (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def code_hash(code: str, *, user_sub: str, salt: str) -> str:
    """HMAC-SHA256 of the code bound to one account, keyed by a per-code random salt."""
    return hmac.new(bytes.fromhex(salt), f"{user_sub}:{code}".encode(), hashlib.sha256).hexdigest()


def code_matches(code: str, *, user_sub: str, salt: str, expected_hash: str) -> bool:
    """Constant-time comparison with the stored hash."""
    return hmac.compare_digest(code_hash(code, user_sub=user_sub, salt=salt), expected_hash)


def mask_email(email: str) -> str:
    """`a***@example.mx`: enough to tell addresses apart in a log, not enough to harvest them."""
    local, at, domain = email.partition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


PASSWORD_ALPHABET = string.ascii_letters + string.digits + "-_.!@#%+="


def strong_password(length: int = 24) -> str:
    """A random password that meets any reasonable pool policy (lower, upper, digit, symbol)."""
    if length < 12:
        raise ValueError("a generated password has at least 12 characters")
    while True:
        candidate = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(length))
        if (
            any(c.islower() for c in candidate)
            and any(c.isupper() for c in candidate)
            and any(c.isdigit() for c in candidate)
            and any(c in "-_.!@#%+=" for c in candidate)
        ):
            return candidate
