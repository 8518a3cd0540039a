"""The key set behind token verification: cached, refetched at most once a minute for unknown
`kid`s, and an unreachable key set is 503 (the session may be fine), never 401 (issue 13)."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from chalicelib.api.error_mapping import status_of
from chalicelib.auth.principal import AuthenticationError
from chalicelib.auth.tokens import KeysUnavailableError, TokenVerifier

ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test"
CLIENT = "client-1"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_set() -> dict[str, Any]:
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    return {"keys": [public | {"kid": "k1", "alg": "RS256", "use": "sig"}]}


def token(kid: str = "k1") -> str:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT, "sub": "u1", "token_use": "id", "iat": now, "exp": now + 600}
    return "Bearer " + jwt.encode(claims, KEY, algorithm="RS256", headers={"kid": kid})


class Loader:
    def __init__(self) -> None:
        self.calls = 0
        self.down = False

    def __call__(self, _url: str) -> dict[str, Any]:
        self.calls += 1
        if self.down:
            raise OSError("unreachable")
        return key_set()


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def verifier(loader: Loader, clock: Clock) -> TokenVerifier:
    return TokenVerifier(issuer=ISSUER, client_id=CLIENT, jwks_url="https://x/jwks", load_key_set=loader, clock=clock)


def test_known_keys_are_fetched_once_and_cached() -> None:
    loader, clock = Loader(), Clock()
    check = verifier(loader, clock)
    for _ in range(20):
        assert check.principal(token()).user_id == "u1"
    assert loader.calls == 1


def test_unknown_kids_cannot_make_every_request_fetch_the_key_set() -> None:
    loader, clock = Loader(), Clock()
    check = verifier(loader, clock)
    check.principal(token())
    for n in range(200):
        with pytest.raises(AuthenticationError):
            check.principal(token(kid=f"forged-{n}"))
    assert loader.calls == 1  # within the minute: no refetch at all
    clock.now += 61
    with pytest.raises(AuthenticationError):
        check.principal(token(kid="forged-late"))
    assert loader.calls == 2  # then one, and again none for a minute
    with pytest.raises(AuthenticationError):
        check.principal(token(kid="forged-later"))
    assert loader.calls == 2


def test_unreachable_keys_are_503_not_401_and_known_keys_keep_working() -> None:
    loader, clock = Loader(), Clock()
    loader.down = True
    check = verifier(loader, clock)
    with pytest.raises(KeysUnavailableError) as caught:
        check.principal(token())
    assert status_of(caught.value) == 503
    with pytest.raises(KeysUnavailableError):
        check.principal(token())  # still 503 while the retry waits, never "session over"
    clock.now += 6
    loader.down = False
    assert check.principal(token()).user_id == "u1"

    # the cache expires during an outage: the keys already known are still used
    clock.now += 3601
    loader.down = True
    assert check.principal(token()).user_id == "u1"
