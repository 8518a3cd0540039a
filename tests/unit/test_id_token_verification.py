"""ID token verification without PyJWT or `cryptography` in the Lambda package (issue 11): the
verifier (chalicelib/auth/tokens.py + rs256.py) gives the same answer as PyJWT + cryptography on a
battery of valid, tampered and forged tokens, is stricter where it says so, and accepts the ID token
a Cognito pool (moto's) really issues."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import warnings
from collections.abc import Callable
from typing import Any

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from moto import mock_aws
from moto.utilities.utils import load_resource

from chalicelib.auth.principal import AuthenticationError
from chalicelib.auth.tokens import TokenVerifier
from chalicelib.messages import text

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_cross"
CLIENT = "client-cross"
KEYS = {
    "k1": rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "k3": rsa.generate_private_key(public_exponent=3, key_size=2048),
    "big": rsa.generate_private_key(public_exponent=65537, key_size=3072),
    "weak": rsa.generate_private_key(public_exponent=65537, key_size=1024),
}
EC_KEY = ec.generate_private_key(ec.SECP256R1())
REQUIRED = ["exp", "iss", "aud", "sub", "token_use"]


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwk(kid: str, private: rsa.RSAPrivateKey) -> dict[str, Any]:
    public: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private.public_key()))
    return public | {"kid": kid, "alg": "RS256", "use": "sig"}


KEY_SET = {
    "keys": [
        *(jwk(kid, key) for kid, key in KEYS.items()),
        json.loads(jwt.algorithms.ECAlgorithm.to_jwk(EC_KEY.public_key())) | {"kid": "ec", "use": "sig"},
    ]
}


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base = {"iss": ISSUER, "aud": CLIENT, "sub": "u-cross", "token_use": "id", "iat": now, "exp": now + 600}
    return {k: v for k, v in (base | overrides).items() if v is not ...}


def token(kid: str = "k1", alg: str = "RS256", key: Any = None, **overrides: Any) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyJWT warns about the 1024-bit key
        return jwt.encode(claims(**overrides), key or KEYS[kid], algorithm=alg, headers={"kid": kid})


def raw(header: dict[str, Any], payload: dict[str, Any], sign: Callable[[bytes], bytes]) -> str:
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(sign(signing_input.encode()))}"


def rs256_signer(kid: str) -> Callable[[bytes], bytes]:
    return lambda data: KEYS[kid].sign(data, padding.PKCS1v15(), hashes.SHA256())


def flip_signature_bit(value: str, bit: int) -> str:
    head, body, signature = value.split(".")
    data = bytearray(base64.urlsafe_b64decode(signature + "=="))
    data[bit // 8 % len(data)] ^= 1 << (bit % 8)
    return f"{head}.{body}.{b64(bytes(data))}"


def with_signature(value: str, change: Callable[[bytes], bytes]) -> str:
    head, body, signature = value.split(".")
    return f"{head}.{body}.{b64(change(base64.urlsafe_b64decode(signature + '==')))}"


def flip_segment_bit(value: str, segment: int, byte: int) -> str:
    parts = value.split(".")
    data = bytearray(base64.urlsafe_b64decode(parts[segment] + "=="))
    data[byte] ^= 0x01
    parts[segment] = b64(bytes(data))
    return ".".join(parts)


def public_pem(kid: str = "k1") -> bytes:
    return (
        KEYS[kid].public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )


def hs256(secret: bytes) -> Callable[[bytes], bytes]:
    return lambda data: hmac.new(secret, data, hashlib.sha256).digest()


def e3_forgery(data: bytes) -> bytes:
    """Bleichenbacher 2006 against the e=3 key: s^3 = 00 01 FF 00 DigestInfo H <garbage>."""
    n = KEYS["k3"].public_key().public_numbers().n
    size = (n.bit_length() + 7) // 8
    prefix = (
        b"\x00\x01\xff\x00" + bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(data).digest()
    )
    target = int.from_bytes(prefix + b"\x00" * (size - len(prefix)), "big")
    return (_icbrt(target) + 1).to_bytes(size, "big")


def _icbrt(x: int) -> int:
    """floor(x ** (1/3)) by Newton's method from above."""
    root = 1 << ((x.bit_length() + 2) // 3)
    while True:
        smaller = (2 * root + x // (root * root)) // 3
        if smaller >= root:
            return root
        root = smaller


def ours(value: str) -> str:
    verifier = TokenVerifier(issuer=ISSUER, client_id=CLIENT, jwks_url="https://x/jwks", load_key_set=lambda _: KEY_SET)
    try:
        verifier.verify(value)
    except AuthenticationError as exc:
        return "expired" if exc.message == text("auth.expired") else "invalid"
    return "ok"


def reference(value: str) -> str:
    """The check as it was: PyJWT + cryptography, the same options, then Cognito's token_use."""
    try:
        kid = jwt.get_unverified_header(value).get("kid")
        key = jwt.PyJWK(next(k for k in KEY_SET["keys"] if k["kid"] == kid))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # PyJWT only warns about the 1024-bit key
            decoded = jwt.decode(
                value,
                key=key,
                algorithms=["RS256"],
                audience=CLIENT,
                issuer=ISSUER,
                options={"require": REQUIRED},
                leeway=5,
            )
    except jwt.ExpiredSignatureError:
        return "expired"
    except (jwt.PyJWTError, StopIteration, ValueError, TypeError):
        return "invalid"
    return "ok" if decoded["token_use"] == "id" else "invalid"


def now() -> int:
    return int(time.time())


# (id, token, what our verifier answers, what PyJWT answers when it differs: we are stricter there)
CASES: list[tuple[str, Callable[[], str], str, str | None]] = [
    ("valid", lambda: token(), "ok", None),
    ("valid e=3 key", lambda: token("k3"), "ok", None),
    ("valid 3072-bit key", lambda: token("big"), "ok", None),
    ("valid, audience in a list", lambda: token(aud=["other", CLIENT]), "ok", None),
    ("valid, expired within the leeway", lambda: token(exp=now() - 2), "ok", None),
    ("valid, issued just now by a fast clock", lambda: token(iat=now() + 3), "ok", None),
    *(
        (f"signature bit {bit} flipped", (lambda bit=bit: flip_signature_bit(token(), bit)), "invalid", None)
        for bit in (0, 1, 9, 1024, 2040, 2047)
    ),
    *(
        (f"payload byte {byte} flipped", (lambda byte=byte: flip_segment_bit(token(), 1, byte)), "invalid", None)
        for byte in (2, 20, 40)
    ),
    ("header bit flipped", lambda: flip_segment_bit(token(), 0, 10), "invalid", None),
    ("signature one byte short", lambda: with_signature(token(), lambda s: s[:-1]), "invalid", None),
    ("signature one zero byte longer", lambda: with_signature(token(), lambda s: b"\x00" + s), "invalid", None),
    ("signature one byte longer", lambda: with_signature(token(), lambda s: s + b"\x00"), "invalid", None),
    ("signature empty", lambda: with_signature(token(), lambda s: b""), "invalid", None),
    ("signature is s + n", lambda: _plus_modulus(), "invalid", None),
    (
        "e=3 forgery, garbage after the hash",
        lambda: raw({"alg": "RS256", "kid": "k3"}, claims(), e3_forgery),
        "invalid",
        None,
    ),
    (
        "e=3 forgery of the other key's kid",
        lambda: raw({"alg": "RS256", "kid": "k1"}, claims(), e3_forgery),
        "invalid",
        None,
    ),
    (
        "signed by k3, named k1",
        lambda: raw({"alg": "RS256", "kid": "k1"}, claims(), rs256_signer("k3")),
        "invalid",
        None,
    ),
    ("signature of another token", lambda: _swap_signature(), "invalid", None),
    ("alg none, no signature", lambda: raw({"alg": "none", "kid": "k1"}, claims(), lambda _: b""), "invalid", None),
    ("alg None", lambda: raw({"alg": "None", "kid": "k1"}, claims(), lambda _: b""), "invalid", None),
    ("alg rs256 (case)", lambda: raw({"alg": "rs256", "kid": "k1"}, claims(), rs256_signer("k1")), "invalid", None),
    ("alg missing", lambda: raw({"kid": "k1"}, claims(), rs256_signer("k1")), "invalid", None),
    (
        "HS256, public key PEM as secret",
        lambda: raw({"alg": "HS256", "kid": "k1"}, claims(), hs256(public_pem())),
        "invalid",
        None,
    ),
    (
        "HS256, JWK JSON as secret",
        lambda: raw({"alg": "HS256", "kid": "k1"}, claims(), hs256(json.dumps(jwk("k1", KEYS["k1"])).encode())),
        "invalid",
        None,
    ),
    (
        "RS256 header, HS256 with the PEM",
        lambda: raw({"alg": "RS256", "kid": "k1"}, claims(), hs256(public_pem())),
        "invalid",
        None,
    ),
    ("RS512, same key", lambda: token(alg="RS512"), "invalid", None),
    ("PS256, same key", lambda: token(alg="PS256"), "invalid", None),
    ("ES256 key named", lambda: token("ec", alg="ES256", key=EC_KEY), "invalid", None),
    (
        "unknown kid",
        lambda: token("k1").replace(
            _header({"alg": "RS256", "kid": "k1", "typ": "JWT"}), _header({"alg": "RS256", "kid": "nope", "typ": "JWT"})
        ),
        "invalid",
        None,
    ),
    ("no kid", lambda: raw({"alg": "RS256"}, claims(), rs256_signer("k1")), "invalid", None),
    ("kid a number", lambda: raw({"alg": "RS256", "kid": 1}, claims(), rs256_signer("k1")), "invalid", None),
    ("1024-bit key", lambda: token("weak"), "invalid", "ok"),
    ("expired", lambda: token(exp=now() - 60), "expired", None),
    ("expired long ago", lambda: token(iat=now() - 7200, exp=now() - 3600), "expired", None),
    ("issued in the future", lambda: token(iat=now() + 120), "invalid", None),
    ("not before the future", lambda: token(nbf=now() + 120), "invalid", None),
    ("wrong audience", lambda: token(aud="other-client"), "invalid", None),
    ("audience list without ours", lambda: token(aud=["a", "b"]), "invalid", None),
    ("no audience", lambda: token(aud=...), "invalid", None),
    ("wrong issuer", lambda: token(iss=ISSUER + "x"), "invalid", None),
    (
        "issuer of another pool",
        lambda: token(iss="https://cognito-idp.us-east-1.amazonaws.com/us-east-1_other"),
        "invalid",
        None,
    ),
    ("no issuer", lambda: token(iss=...), "invalid", None),
    ("no expiry", lambda: token(exp=...), "invalid", None),
    ("expiry null", lambda: token(exp=None), "invalid", None),
    ("expiry a string", lambda: token(exp=str(now() + 600)), "invalid", "ok"),
    ("no subject", lambda: token(sub=...), "invalid", None),
    ("subject a number", lambda: token(sub=5), "invalid", None),
    ("subject empty", lambda: token(sub=""), "invalid", "ok"),
    ("access token", lambda: token(token_use="access"), "invalid", None),
    ("no token_use", lambda: token(token_use=...), "invalid", None),
    (
        "crit header",
        lambda: raw({"alg": "RS256", "kid": "k1", "crit": ["exp"], "exp": 1}, claims(), rs256_signer("k1")),
        "invalid",
        None,
    ),
    ("padded signature", lambda: token() + "==", "invalid", "ok"),
    ("two segments", lambda: token().rsplit(".", 1)[0], "invalid", None),
    ("four segments", lambda: token() + ".x", "invalid", None),
    ("empty", lambda: "", "invalid", None),
    ("header not JSON", lambda: b64(b"{nope") + "." + token().split(".", 1)[1], "invalid", None),
    ("header a list", lambda: b64(b"[1]") + "." + token().split(".", 1)[1], "invalid", None),
    ("payload a list", lambda: raw({"alg": "RS256", "kid": "k1"}, [claims()], rs256_signer("k1")), "invalid", None),  # type: ignore[arg-type]
    ("non-ASCII", lambda: token() + "é", "invalid", None),
]


def _header(value: dict[str, Any]) -> str:
    return b64(json.dumps(value, separators=(",", ":")).encode())


def _plus_modulus() -> str:
    """A token whose signature s is replaced by s + n: the same residue, the same length, not < n."""
    n = KEYS["k1"].public_key().public_numbers().n
    for attempt in range(500):
        value = token(jti=str(attempt))
        s = int.from_bytes(base64.urlsafe_b64decode(value.rsplit(".", 1)[1] + "=="), "big")
        if (s + n).bit_length() <= 2048:
            forged = (s + n).to_bytes(256, "big")
            return with_signature(value, lambda _, forged=forged: forged)
    raise AssertionError("no signature small enough to add n to")


def _swap_signature() -> str:
    mine, other = token(sub="a"), token(sub="b")
    return mine.rsplit(".", 1)[0] + "." + other.rsplit(".", 1)[1]


@pytest.mark.parametrize(("name", "make", "expected", "pyjwt_differs"), CASES, ids=[c[0] for c in CASES])
def test_the_verifier_answers_like_pyjwt_with_cryptography(
    name: str, make: Callable[[], str], expected: str, pyjwt_differs: str | None
) -> None:
    value = make()
    assert ours(value) == expected, name
    assert reference(value) == (pyjwt_differs or expected), name


def test_the_battery_has_both_outcomes_and_the_forgery_is_a_real_one() -> None:
    outcomes = [c[2] for c in CASES]
    assert outcomes.count("ok") >= 6 and outcomes.count("invalid") >= 50 and outcomes.count("expired") == 2
    forged = raw({"alg": "RS256", "kid": "k3"}, claims(), e3_forgery)
    head, body, signature = forged.split(".")
    numbers = KEYS["k3"].public_key().public_numbers()
    block = pow(int.from_bytes(base64.urlsafe_b64decode(signature + "=="), "big"), 3, numbers.n)
    # the block starts like a valid one (a parser that stops after the hash would accept it)
    expected_start = b"\x00\x01\xff\x00" + bytes.fromhex("3031300d060960864801650304020105000420")
    expected_start += hashlib.sha256(f"{head}.{body}".encode()).digest()
    assert block.to_bytes(256, "big").startswith(expected_start)


def test_an_id_token_a_cognito_pool_issues_signs_the_person_in() -> None:
    with mock_aws():
        cognito = boto3.client("cognito-idp", region_name="us-east-1")
        pool = cognito.create_user_pool(PoolName="jwt11-pool")["UserPool"]["Id"]
        client = cognito.create_user_pool_client(
            UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
        )["UserPoolClient"]["ClientId"]
        cognito.admin_create_user(UserPoolId=pool, Username="ana@example.mx", MessageAction="SUPPRESS")
        cognito.admin_set_user_password(
            UserPoolId=pool, Username="ana@example.mx", Password="Clave-larga-1", Permanent=True
        )
        result = cognito.admin_initiate_auth(
            UserPoolId=pool,
            ClientId=client,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "ana@example.mx", "PASSWORD": "Clave-larga-1"},
        )["AuthenticationResult"]
    verifier = TokenVerifier(
        issuer=f"https://cognito-idp.us-east-1.amazonaws.com/{pool}",
        client_id=client,
        jwks_url="unused",
        load_key_set=lambda _: load_resource("cognitoidp/resources/jwks-public.json"),
    )
    principal = verifier.principal("Bearer " + result["IdToken"])
    assert principal.user_id
    with pytest.raises(AuthenticationError):
        verifier.principal("Bearer " + result["AccessToken"])  # an access token is not an ID token
    other_client = TokenVerifier(
        issuer=f"https://cognito-idp.us-east-1.amazonaws.com/{pool}",
        client_id="another-client",
        jwks_url="unused",
        load_key_set=lambda _: load_resource("cognitoidp/resources/jwks-public.json"),
    )
    with pytest.raises(AuthenticationError):
        other_client.principal("Bearer " + result["IdToken"])
