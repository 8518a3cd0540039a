"""The proposals export as a person gets it: the scheduled build, then the route's redirect followed
to the file in the (moto) bucket."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

import boto3
from chalice.test import Client
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends

from chalicelib import dependencies
from chalicelib.storage.table import DocumentTable, StoredItem
from tests.integration.conftest import TABLE


@dataclass(frozen=True)
class Download:
    status: int
    content_type: str
    body: bytes


def build_exports() -> dict[str, int]:
    """What the `publish_open_data` schedule does, once (the photos bucket made if missing)."""
    deps = dependencies.current()
    boto3.client("s3").create_bucket(Bucket=deps.settings.photos_bucket)
    return deps.open_data.publish_all()


def download(api: Client, path: str) -> Download:
    """GET the route; it must redirect into the bucket under the files' public address."""
    response = api.http.get(path)
    assert response.status_code == 302, (path, response.status_code, response.body[:300])
    location = response.headers["Location"]
    base = dependencies.current().settings.photos_url
    assert location.startswith(base + "/"), location
    key = urlsplit(location).path[len(urlsplit(base).path) :].lstrip("/")
    stored = boto3.client("s3").get_object(Bucket=dependencies.current().settings.photos_bucket, Key=key)
    return Download(status=200, content_type=stored["ContentType"], body=stored["Body"].read())


def load_items(items: list[StoredItem]) -> None:
    """Write many items straight into moto's table (test data at campaign size; the API path is
    tested elsewhere, and 20,000 writes through the SDK take minutes on moto)."""
    table = dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].tables[TABLE]
    for item in items:
        table.put_item(DocumentTable._raw(item))
