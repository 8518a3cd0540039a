"""The candidacy photo bucket: presigned POST uploads with type and size limits.

The S3 client is created on first use (so moto and `AWS_ENDPOINT_URL` apply) and can be injected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.adapters.clients import LazyClient, default_client

MAX_PHOTO_BYTES = 2 * 1024 * 1024
# A party emblem is drawn small next to the party's name on every ballot a citizen opens: a small
# file, so a ballot of ten parties stays light on a phone plan.
MAX_EMBLEM_BYTES = 256 * 1024
UPLOAD_SECONDS = 600
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def photo_prefix(candidacy_id: str) -> str:
    return f"photos/candidacies/{candidacy_id}/"  # the prefix the deployed role may write (infrastructure/)


def emblem_prefix(process_id: str, contender_id: str) -> str:
    return f"photos/emblems/{process_id}/{contender_id}/"  # under photos/: the same role and CDN path


_S3_CLIENT = default_client("s3")


class PhotoBucket(LazyClient[Any]):
    def __init__(self, bucket: str, *, client_factory: Callable[[], Any] = _S3_CLIENT) -> None:
        self.bucket = bucket
        self._client_factory = client_factory

    def presigned_post(self, key: str, content_type: str, max_bytes: int = MAX_PHOTO_BYTES) -> dict[str, Any]:
        """S3 refuses the upload unless its Content-Type is `content_type` and its size 1 B..`max_bytes`."""
        post: dict[str, Any] = self.client.generate_presigned_post(
            Bucket=self.bucket,
            Key=key,
            Fields={"Content-Type": content_type},
            Conditions=[
                {"Content-Type": content_type},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=UPLOAD_SECONDS,
        )
        return post
