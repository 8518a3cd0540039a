"""The pure-Python RS256 check (chalicelib/auth/rs256.py) that replaced `cryptography` in the Lambda
package (issue 11): RFC 7515's own example, agreement with `cryptography` on real and tampered
signatures, and Bleichenbacher-style e=3 forgeries that fool a verifier parsing the decrypted block."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from chalicelib.auth import rs256

# RFC 7515 appendix A.2: the example RS256 JWS and its key (public part).
RFC7515_N = (
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-"
    "pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2Ca"
    "pHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb5"
    "4h4FRWyuXpoQ"
)
RFC7515_JWS = (
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t"
    "1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12j"
    "zDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQ"
    "Ge77Rw"
)
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
KEY_E3 = rsa.generate_private_key(public_exponent=3, key_size=2048)


def public(private: rsa.RSAPrivateKey) -> rs256.RsaPublicKey:
    numbers = private.public_key().public_numbers()
    return rs256.RsaPublicKey(n=numbers.n, e=numbers.e)


def sign(private: rsa.RSAPrivateKey, message: bytes) -> bytes:
    return private.sign(message, padding.PKCS1v15(), hashes.SHA256())


def cryptography_accepts(private: rsa.RSAPrivateKey, message: bytes, signature: bytes) -> bool:
    try:
        private.public_key().verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def test_the_rfc_7515_example_verifies_and_a_changed_payload_does_not() -> None:
    key = rs256.RsaPublicKey.from_jwk({"kty": "RSA", "n": RFC7515_N, "e": "AQAB"})
    header, payload, signature = RFC7515_JWS.split(".")
    assert rs256.verify(key, f"{header}.{payload}".encode(), rs256.b64url_decode(signature))
    assert not rs256.verify(key, f"{header}.{payload[:-1]}R".encode(), rs256.b64url_decode(signature))


@pytest.mark.parametrize("private", [KEY, KEY_E3], ids=["e=65537", "e=3"])
def test_agrees_with_cryptography_on_real_and_tampered_signatures(private: rsa.RSAPrivateKey) -> None:
    key = public(private)
    for size in (0, 1, 55, 1000):
        message = os.urandom(size)
        signature = sign(private, message)
        cases = [(message, signature)]
        for bit in (0, 7, 8 * len(signature) // 2, 8 * len(signature) - 1):
            flipped = bytearray(signature)
            flipped[bit // 8] ^= 1 << (bit % 8)
            cases.append((message, bytes(flipped)))
        if message:
            cases.append((bytes([message[0] ^ 0x80]) + message[1:], signature))
        cases += [(message + b"x", signature), (message, signature[:-1]), (message, b"\x00" + signature)]
        for candidate, sig in cases:
            assert rs256.verify(key, candidate, sig) is cryptography_accepts(private, candidate, sig)
        assert sum(rs256.verify(key, candidate, sig) for candidate, sig in cases) == 1  # only the real one


def test_signature_length_must_be_the_modulus_length_and_its_value_below_the_modulus() -> None:
    key = public(KEY)
    message = b"header.payload"
    signature = sign(KEY, message)
    assert rs256.verify(key, message, signature)
    assert not rs256.verify(key, message, signature.lstrip(b"\x00")[:-1])
    assert not rs256.verify(key, message, b"\x00" + signature)
    assert not rs256.verify(key, message, b"")
    # s + n has the same residue but is not a valid signature representative (RFC 8017 5.2.2)
    assert not rs256.verify(key, message, (int.from_bytes(signature, "big") + key.n).to_bytes(key.size + 1, "big"))
    assert not rs256.verify(key, message, key.n.to_bytes(key.size, "big"))
    assert not rs256.verify(key, message, b"\xff" * key.size)


def _cube_root(x: int) -> int:
    """floor(x ** (1/3)) for big integers."""
    root = 1 << ((x.bit_length() + 2) // 3)
    while True:
        smaller = (2 * root + x // (root * root)) // 3
        if smaller >= root:
            break
        root = smaller
    while root**3 > x:
        root -= 1
    while (root + 1) ** 3 <= x:
        root += 1
    return root


def _prefix(message: bytes, padding_bytes: int) -> bytes:
    return b"\x00\x01" + b"\xff" * padding_bytes + b"\x00" + rs256.SHA256_DIGEST_INFO + hashlib.sha256(message).digest()


def forge_garbage_after_hash(key: rs256.RsaPublicKey, message: bytes, padding_bytes: int) -> bytes:
    """Bleichenbacher 2006: s^3 = 00 01 FF.. 00 DigestInfo H <garbage>, without the key (e = 3)."""
    prefix = _prefix(message, padding_bytes)
    target = int.from_bytes(prefix + b"\x00" * (key.size - len(prefix)), "big")
    s = _cube_root(target) + 1
    return s.to_bytes(key.size, "big")


def forge_garbage_in_padding(key: rs256.RsaPublicKey, message: bytes) -> bytes | None:
    """The low-order variant: s^3 = 00 01 <garbage> 00 DigestInfo H (the suffix cubed root mod 2^bits)."""
    suffix = b"\x00" + rs256.SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    t, bits = int.from_bytes(suffix, "big"), 8 * len(suffix)
    if t % 2 == 0:
        return None  # cubing permutes odd residues only
    low = 1
    for i in range(1, bits):
        if pow(low, 3, 1 << (i + 1)) != t % (1 << (i + 1)):
            low += 1 << i
    floor = 1 << (8 * (key.size - 2))  # s^3 must start 00 01
    s = ((_cube_root(floor) >> bits) << bits) + low
    while s**3 < floor:
        s += 1 << bits
    return s.to_bytes(key.size, "big")


def test_e3_forgeries_that_fool_a_parsing_verifier_are_refused() -> None:
    key = public(KEY_E3)
    forged: list[tuple[bytes, bytes, Any]] = []
    for padding_bytes in (0, 1, 8):
        message = b"eyJhbGciOiJSUzI1NiJ9.forged-" + bytes([padding_bytes])
        signature = forge_garbage_after_hash(key, message, padding_bytes)
        block = pow(int.from_bytes(signature, "big"), 3, key.n).to_bytes(key.size, "big")
        assert block.startswith(_prefix(message, padding_bytes))  # what a lenient parser reads as valid
        forged.append((message, signature, block))
    n = 0
    while len(forged) < 5:
        n += 1
        message = b"eyJhbGciOiJSUzI1NiJ9.low-" + str(n).encode()
        signature = forge_garbage_in_padding(key, message)  # type: ignore[assignment]
        if signature is None:
            continue
        block = pow(int.from_bytes(signature, "big"), 3, key.n).to_bytes(key.size, "big")
        assert block.startswith(b"\x00\x01")
        assert block.endswith(b"\x00" + rs256.SHA256_DIGEST_INFO + hashlib.sha256(message).digest())
        forged.append((message, signature, block))
    for message, signature, block in forged:
        assert block != rs256.emsa_pkcs1_v1_5_sha256(message, key.size)
        assert not rs256.verify(key, message, signature)
        assert not cryptography_accepts(KEY_E3, message, signature)


def jwk_of(private: rsa.RSAPrivateKey) -> dict[str, str]:
    numbers = private.public_key().public_numbers()

    def b64(value: int) -> str:
        import base64

        return base64.urlsafe_b64encode(value.to_bytes((value.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

    return {"kty": "RSA", "n": b64(numbers.n), "e": b64(numbers.e)}


def test_only_rsa_keys_of_2048_bits_or_more_with_a_sane_exponent_are_accepted() -> None:
    good = jwk_of(KEY)
    assert rs256.RsaPublicKey.from_jwk(good) == public(KEY)
    weak = jwk_of(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    for bad in (
        weak,
        good | {"kty": "EC"},
        good | {"kty": "oct"},
        {k: v for k, v in good.items() if k != "kty"},
        {k: v for k, v in good.items() if k != "n"},
        good | {"e": "Ag"},  # 2: even
        good | {"e": "AQ"},  # 1: the identity
        good | {"e": ""},
        good | {"n": good["n"] + "="},  # padding is not base64url
        good | {"n": good["n"].replace("-", "+").replace("_", "/") + "+/"},
        good | {"n": 12345},
    ):
        with pytest.raises(rs256.InvalidKeyError):
            rs256.RsaPublicKey.from_jwk(bad)


@pytest.mark.parametrize("text", ["a", "ab=", "a+b/", "ab cd", "ab\n", "é"])
def test_base64url_is_strict(text: str) -> None:
    with pytest.raises(ValueError):
        rs256.b64url_decode(text)


def test_base64url_decodes_unpadded_values() -> None:
    assert rs256.b64url_decode("") == b""
    assert rs256.b64url_decode("AQAB") == b"\x01\x00\x01"
    assert rs256.b64url_decode("-_8") == b"\xfb\xff"
