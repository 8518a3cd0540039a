"""Tree heads are signed with an asymmetric KMS key (ECC_NIST_P256, ECDSA_SHA_256).

The private key never leaves KMS; the public key is published (`GET /v1/log/public-key`) and, by the
institute, outside the platform. Locally the key is moto's (created by `decide bootstrap`).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable
from chalicelib.messages import text

SIGNING_ALGORITHM = "ECDSA_SHA_256"
LOG_ORIGIN = "DecideIEEM transparency log v1"


_KMS_CLIENT = default_client("kms")


class SigningError(Unavailable):
    code = "signing_unavailable"


def signed_message(tree_size: int, root_hash: str, timestamp: str) -> bytes:
    """The exact bytes a tree head's signature covers (documented for independent verifiers)."""
    return f"{LOG_ORIGIN}\n{tree_size}\n{root_hash}\n{timestamp}\n".encode()


def key_fingerprint(public_key_der: bytes) -> str:
    return hashlib.sha256(public_key_der).hexdigest()


class KmsSigner(LazyClient[Any]):
    def __init__(self, key_id: str, client_factory: Callable[[], Any] = _KMS_CLIENT) -> None:
        self.key_id = key_id
        self._client_factory = client_factory
        self._public_key: bytes | None = None

    def _call(self, operation: str, **kwargs: Any) -> dict[str, Any]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            response: dict[str, Any] = getattr(self.client, operation)(KeyId=self.key_id, **kwargs)
            return response
        except (BotoCoreError, ClientError) as exc:
            raise SigningError(text("log.signing_unavailable")) from exc

    def sign(self, message: bytes) -> bytes:
        response = self._call("sign", Message=message, MessageType="RAW", SigningAlgorithm=SIGNING_ALGORITHM)
        signature: bytes = response["Signature"]
        return signature

    def public_key_der(self) -> bytes:
        if self._public_key is None:
            self._public_key = bytes(self._call("get_public_key")["PublicKey"])
        return self._public_key

    def public_key_pem(self) -> str:
        body = base64.encodebytes(self.public_key_der()).decode().replace("\n", "")
        lines = [body[i : i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"
