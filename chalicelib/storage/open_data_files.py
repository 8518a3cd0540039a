"""The open-data files in the photos/open-data bucket (served through the web CloudFront at /open-data/*).

Uploads stream from a file (multipart above 8 MB), so the builder never holds an export in memory.
The S3 client is created on first use (so moto and `AWS_ENDPOINT_URL` apply) and can be injected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, Any

from chalicelib.adapters.clients import LazyClient, default_client

# CloudFront and browsers may keep a file this long; the builder runs more often than that.
FILE_MAX_AGE_SECONDS = 600


def open_data_key(process_id: str, filename: str) -> str:
    return f"open-data/{process_id}/{filename}"  # the prefix the deployed builder may write (infrastructure/)


_S3_CLIENT = default_client("s3")


class OpenDataFiles(LazyClient[Any]):
    def __init__(self, bucket: str, *, client_factory: Callable[[], Any] = _S3_CLIENT) -> None:
        self.bucket = bucket
        self._client_factory = client_factory

    def upload(self, key: str, file: IO[bytes], content_type: str) -> None:
        file.seek(0)
        self.client.upload_fileobj(
            file,
            self.bucket,
            key,
            ExtraArgs={"ContentType": content_type, "CacheControl": f"public, max-age={FILE_MAX_AGE_SECONDS}"},
        )
