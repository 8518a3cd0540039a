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
from jwt import PyJWK

from chalicelib.auth.principal import AuthenticationError, Principal, Role
from chalicelib.messages import text

JWKS_CACHE_SECONDS = 3600
KeySetLoader = Callable[[str], dict[str, Any]]


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
        self._loaded_at = 0.0

    def _key(self, kid: str) -> PyJWK:
        stale = self._clock() - self._loaded_at > JWKS_CACHE_SECONDS
        if kid not in self._keys or stale:
            try:
                key_set = self._load_key_set(self.jwks_url)
            except OSError as exc:
                raise AuthenticationError(text("auth.keys_unavailable")) from exc
            self._keys = {k["kid"]: PyJWK(k) for k in key_set.get("keys", []) if "kid" in k}
            self._loaded_at = self._clock()
        if kid not in self._keys:
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
        )
