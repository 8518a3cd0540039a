"""Verify Cognito ID tokens against the user pool's published keys (JWKS).

The same check runs under the local stack (moto publishes its pool keys at
`<endpoint>/<pool id>/.well-known/jwks.json`) and in AWS. Nothing about the caller is trusted
before the signature, issuer, audience, expiry and token use are verified.

The JWT is read here and the RS256 signature checked by chalicelib/auth/rs256.py (pure Python, so
the Lambda package carries neither PyJWT nor `cryptography`: issue 11). Only `alg` "RS256" is
accepted, with a `kid` naming one of the pool's RSA keys; the payload is not even parsed before its
signature is verified.
"""

from __future__ import annotations

import json
import math
import time
import urllib.request
from collections.abc import Callable
from typing import Any

from chalicelib.auth import rs256
from chalicelib.auth.principal import AuthenticationError, Principal, Role
from chalicelib.errors import Unavailable
from chalicelib.messages import text

JWKS_CACHE_SECONDS = 3600
# A token naming a key we do not know may make us fetch the key set at most this often: forged
# `kid`s cannot turn every unauthenticated request into a fetch.
UNKNOWN_KID_REFETCH_SECONDS = 60
# After a failed fetch, the next try waits this long (each request in between is answered 503).
FAILED_FETCH_RETRY_SECONDS = 5
# Clock skew allowed on `exp`, `iat` and `nbf`, in seconds.
LEEWAY_SECONDS = 5
REQUIRED_CLAIMS = ("exp", "iss", "aud", "sub", "token_use")
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
        self._keys: dict[str, rs256.RsaPublicKey] = {}
        self._loaded_at: float | None = None
        self._failed = False
        self.fetches = 0

    def _refetch(self) -> None:
        self.fetches += 1
        self._loaded_at = self._clock()
        try:
            keys = signing_keys(self._load_key_set(self.jwks_url))
        except (OSError, ValueError, TypeError, LookupError) as exc:
            # Not the caller's fault: 503, so the front keeps the session and tries again later.
            # The keys already known stay in use.
            self._failed = True
            raise KeysUnavailableError(text("auth.keys_unavailable")) from exc
        self._failed = False
        self._keys = keys

    def _key(self, kid: str) -> rs256.RsaPublicKey:
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
        """The claims of a valid Cognito ID token; AuthenticationError (401) for anything else."""
        try:
            signing_input, header, payload_segment, signature = _split(token)
            kid = header.get("kid")
            # No extension headers (RFC 7515 `crit`, RFC 7797 `b64`): none is supported, so none is accepted.
            if header.get("alg") != "RS256" or {"crit", "b64"} & header.keys() or not isinstance(kid, str) or not kid:
                raise ValueError("unsupported header")
            if not rs256.verify(self._key(kid), signing_input, signature):
                raise ValueError("bad signature")
            claims = json.loads(rs256.b64url_decode(payload_segment))
            if not isinstance(claims, dict):
                raise ValueError("payload is not an object")
        except (ValueError, TypeError, RecursionError) as exc:  # json, base64 and ascii errors are ValueErrors
            raise AuthenticationError(text("auth.invalid_token")) from exc
        self._check_claims(claims)
        return claims

    def _check_claims(self, claims: dict[str, Any]) -> None:
        """PyJWT's order (required, iat, nbf, exp, iss, aud, sub), then Cognito's `token_use`. Against the
        wall clock, as PyJWT did (`clock` paces the key set's cache)."""
        now = time.time()
        times = {name: claims[name] for name in ("exp", "iat", "nbf") if name in claims}
        audience = claims.get("aud")
        audiences = [audience] if isinstance(audience, str) else audience
        if (
            any(claims.get(name) is None for name in REQUIRED_CLAIMS)
            or not all(_is_time(value) for value in times.values())
            or times.get("iat", now) > now + LEEWAY_SECONDS
            or times.get("nbf", now) > now + LEEWAY_SECONDS
        ):
            raise AuthenticationError(text("auth.invalid_token"))
        if times["exp"] <= now - LEEWAY_SECONDS:
            raise AuthenticationError(text("auth.expired"))
        if (
            claims["iss"] != self.issuer
            or not isinstance(audiences, list)
            or self.client_id not in audiences
            or not isinstance(claims["sub"], str)
            or not claims["sub"]
            or claims["token_use"] != "id"
        ):
            raise AuthenticationError(text("auth.invalid_token"))

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


def signing_keys(key_set: dict[str, Any]) -> dict[str, rs256.RsaPublicKey]:
    """The RS256 keys of a JWKS by `kid`. Keys of another type, use or algorithm, weaker than 2048 bits
    or without a `kid` are left out (a token naming one is refused); a set with none usable is an error."""
    keys: dict[str, rs256.RsaPublicKey] = {}
    for jwk in key_set["keys"]:
        if not isinstance(jwk, dict) or jwk.get("use", "sig") != "sig" or jwk.get("alg", "RS256") != "RS256":
            continue
        kid = jwk.get("kid")
        try:
            key = rs256.RsaPublicKey.from_jwk(jwk)
        except rs256.InvalidKeyError:
            continue
        if isinstance(kid, str) and kid:
            keys[kid] = key
    if not keys:
        raise ValueError("the key set has no usable RS256 key")
    return keys


def _split(token: str) -> tuple[bytes, dict[str, Any], str, bytes]:
    """A compact JWS (RFC 7515 section 7.1): its signing input, decoded header, payload segment and signature."""
    header_segment, payload_segment, signature_segment = token.split(".")  # ValueError unless exactly three
    header = json.loads(rs256.b64url_decode(header_segment))
    if not isinstance(header, dict):
        raise ValueError("header is not an object")
    signing_input = f"{header_segment}.{payload_segment}".encode("ascii")
    return signing_input, header, payload_segment, rs256.b64url_decode(signature_segment)


def _is_time(value: Any) -> bool:
    """A NumericDate (RFC 7519 section 2): a finite JSON number."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _int_claim(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
