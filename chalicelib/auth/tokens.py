"""Verify Cognito ID tokens against the user pool's published keys (JWKS).

The same check runs under the local stack (moto publishes its pool keys at
`<endpoint>/<pool id>/.well-known/jwks.json`) and in AWS. Nothing about the caller is trusted
before the signature, issuer, audience, expiry and token use are verified.
"""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable
from typing import Any

import jwt
from jwt import PyJWK, PyJWKSet

from chalicelib.auth.principal import AuthenticationError, Principal, Role
from chalicelib.errors import Unavailable
from chalicelib.messages import text

JWKS_CACHE_SECONDS = 3600
# A token naming a key we do not know may make us fetch the key set at most this often: forged
# `kid`s cannot turn every unauthenticated request into a fetch.
UNKNOWN_KID_REFETCH_SECONDS = 60
# After a failed fetch, the next try waits this long (each request in between is answered 503).
FAILED_FETCH_RETRY_SECONDS = 5
KeySetLoader = Callable[[str], dict[str, Any]]


class KeysUnavailableError(Unavailable):
    """503: the pool's signing keys could not be fetched; the session may well be fine."""

    code = "auth_keys_unavailable"


def fetch_key_set(url: str) -> dict[str, Any]:
    with urllib.request.urlopen(url, timeout=5) as response:
        key_set: dict[str, Any] = json.load(response)
        return key_set


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        client_id: str,
        jwks_url: str,
        load_key_set: KeySetLoader = fetch_key_set,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.issuer = issuer
        self.client_id = client_id
        self.jwks_url = jwks_url
        self._load_key_set = load_key_set
        self._clock = clock
        self._keys: dict[str, PyJWK] = {}
        self._loaded_at: float | None = None
        self._failed = False
        self.fetches = 0

    def _refetch(self) -> None:
        self.fetches += 1
        self._loaded_at = self._clock()
        try:
            keys = PyJWKSet.from_dict(self._load_key_set(self.jwks_url)).keys
        except (OSError, ValueError, jwt.PyJWTError) as exc:
            # Not the caller's fault: 503, so the front keeps the session and tries again later.
            # The keys already known stay in use.
            self._failed = True
            raise KeysUnavailableError(text("auth.keys_unavailable")) from exc
        self._failed = False
        self._keys = {k.key_id: k for k in keys if k.key_id}

    def _key(self, kid: str) -> PyJWK:
        age = None if self._loaded_at is None else self._clock() - self._loaded_at
        unknown = kid not in self._keys
        if (
            age is None
            or age > JWKS_CACHE_SECONDS
            or (unknown and age > (FAILED_FETCH_RETRY_SECONDS if self._failed else UNKNOWN_KID_REFETCH_SECONDS))
        ):
            try:
                self._refetch()
            except KeysUnavailableError:
                if kid not in self._keys:
                    raise
        if kid not in self._keys:
            if self._failed:
                raise KeysUnavailableError(text("auth.keys_unavailable"))
            raise AuthenticationError(text("auth.invalid_token"))
        return self._keys[kid]

    def verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
            key = self._key(str(header.get("kid", "")))
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self.client_id,
                issuer=self.issuer,
                options={"require": ["exp", "iss", "aud", "sub", "token_use"]},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthenticationError(text("auth.expired")) from exc
        except KeysUnavailableError:
            raise
        except (jwt.PyJWTError, ValueError, TypeError) as exc:
            raise AuthenticationError(text("auth.invalid_token")) from exc
        if claims.get("token_use") != "id":
            raise AuthenticationError(text("auth.invalid_token"))
        return claims

    def principal(self, authorization: str | None) -> Principal:
        """The caller of a request, from its `Authorization: Bearer <id token>` header."""
        if not authorization:
            raise AuthenticationError(text("auth.missing"))
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError(text("auth.invalid_token"))
        claims = self.verify(token.strip())
        roles = frozenset(Role(g) for g in claims.get("cognito:groups", []) if g in Role.__members__.values())
        return Principal(
            user_id=str(claims["sub"]),
            email=str(claims.get("email", "")),
            display_name=claims.get("name"),
            roles=roles,
            party_id=claims.get("custom:party_id") or None,
            authenticated_at=_int_claim(claims.get("auth_time")) or _int_claim(claims.get("iat")),
        )


def _int_claim(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
