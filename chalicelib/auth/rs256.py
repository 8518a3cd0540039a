"""RS256 signature verification (RSASSA-PKCS1-v1_5 with SHA-256) in pure Python.

Why this exists: checking Cognito ID tokens is the API's only use of RSA, and `cryptography` (with
`cffi`, ~5 MB of the compressed Lambda package) was shipped for that alone; the package must stay
<= 10 MB (issue 11). Verification is a public-key operation on public data (the pool's published key,
the token the caller sent), so no secret is exposed to timing; the one comparison that decides the
outcome still uses `hmac.compare_digest`.

It follows RFC 8017 (PKCS #1 v2.2) section 8.2.2, RSASSA-PKCS1-V1_5-VERIFY, literally:

1. the signature must be exactly k octets long (k = the modulus length in octets);
2. s = OS2IP(S) must be < n (RSAVP1, section 5.2.2), m = s^e mod n, EM = I2OSP(m, k);
3. EM' = EMSA-PKCS1-V1_5-ENCODE(M, k) (section 9.2): 0x00 0x01 FF..FF 0x00 || DigestInfo(SHA-256) || H;
4. valid only if EM and EM' are the same k octets.

The decrypted block is never parsed (no search for the 0x00 separator, no ASN.1 decoding): parsing it
is what let Bleichenbacher's 2006 e=3 forgeries through lenient implementations. Comparing the whole
re-encoded block leaves no room for garbage in the padding, the parameters or after the hash.

Keys: only `kty` "RSA" JWKs (RFC 7518 section 6.3) with a modulus of at least 2048 bits (RFC 7518
section 3.3) and an odd public exponent 3 <= e < n are accepted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MIN_MODULUS_BITS = 2048
# Far above what Cognito publishes (2048); bounds the work a key can cost.
MAX_MODULUS_BITS = 8192
# RFC 8017 section 9.2, note 1: the DER encoding of DigestInfo for SHA-256, up to the hash value.
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")


class InvalidKeyError(ValueError):
    """The JWK is not an RSA public key this module accepts."""


def b64url_decode(value: str) -> bytes:
    """Unpadded base64url (RFC 7515 section 2), strictly: any other character, or padding, is an error."""
    if not isinstance(value, str) or not _BASE64URL.fullmatch(value) or len(value) % 4 == 1:
        raise ValueError("not base64url")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except binascii.Error as exc:
        raise ValueError("not base64url") from exc


@dataclass(frozen=True)
class RsaPublicKey:
    n: int
    e: int

    @property
    def size(self) -> int:
        """k in RFC 8017: the modulus length in octets."""
        return (self.n.bit_length() + 7) // 8

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaPublicKey:
        if jwk.get("kty") != "RSA":
            raise InvalidKeyError("not an RSA key")
        try:
            n = int.from_bytes(b64url_decode(jwk["n"]), "big")
            e = int.from_bytes(b64url_decode(jwk["e"]), "big")
        except (KeyError, ValueError) as exc:
            raise InvalidKeyError("n or e missing or not base64url") from exc
        if not MIN_MODULUS_BITS <= n.bit_length() <= MAX_MODULUS_BITS:
            raise InvalidKeyError(f"modulus of {n.bit_length()} bits")
        if n % 2 == 0 or e < 3 or e % 2 == 0 or e >= n:
            raise InvalidKeyError("not a valid RSA public key")
        return cls(n=n, e=e)


def emsa_pkcs1_v1_5_sha256(message: bytes, em_len: int) -> bytes:
    """EMSA-PKCS1-V1_5-ENCODE (RFC 8017 section 9.2) with SHA-256: the block a valid signature decrypts to."""
    t = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    if em_len < len(t) + 11:
        raise ValueError("intended encoded message length too short")
    return b"\x00\x01" + b"\xff" * (em_len - len(t) - 3) + b"\x00" + t


def verify(key: RsaPublicKey, message: bytes, signature: bytes) -> bool:
    """RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 section 8.2.2) with SHA-256: whether `signature` is `key`'s on `message`."""
    k = key.size
    if len(signature) != k:
        return False
    s = int.from_bytes(signature, "big")
    if s >= key.n:
        return False
    encoded = pow(s, key.e, key.n).to_bytes(k, "big")
    return hmac.compare_digest(encoded, emsa_pkcs1_v1_5_sha256(message, k))
