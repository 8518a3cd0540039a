"""Typed reads and writes of civic information: content pages (versioned) and party platforms.

A page's versions are immutable items numbered in order. Three pointers sit beside them: LATEST
(the newest version, draft or not), PUBLISHED (the newest published one, what the public reads)
and the page's entry in the list of its process or of the shared pages. A save is a conditional
put of the new version (refused if that number exists, so two administrators saving at once
cannot both write version N), then the pointers, each written only if it is newer than what is
stored (so a slow writer never rolls a page back). No transaction: a page save does not need
all-or-nothing, and moto copies the whole table for each transaction item. If a save stops
between the version and its pointers, `repair_latest` moves LATEST forward on the next attempt.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence

from pydantic import BaseModel

from chalicelib.content.models import ContentSummary, ContentVersion
from chalicelib.platforms.models import Platform
from chalicelib.storage import keys
from chalicelib.storage.table import (
    ConditionFailedError,
    DocumentTable,
    Operation,
    StoredItem,
    TransactionCancelledError,
)

NEW_ITEM = "attribute_not_exists(pk)"
NEWER = "attribute_not_exists(pk) OR content_version < :version"


def _item(key: keys.Key, model: BaseModel, version: int | None = None) -> StoredItem:
    attributes = {"content_version": {"N": str(version)}} if version is not None else None
    return StoredItem(key, type(model).__name__, model.model_dump_json(), attributes)


class CivicStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    # content -----------------------------------------------------------------------------
    def get_latest_content(self, slug: str) -> ContentVersion | None:
        """The newest version, draft or published (one GetItem of the LATEST pointer)."""
        item = self.table.get(keys.content_latest(slug))
        return ContentVersion.model_validate_json(item.doc) if item else None

    def repair_latest(self, slug: str) -> ContentVersion | None:
        """Point LATEST at the newest stored version (one Query); used after a refused save."""
        items, _ = self.table.query_page(
            keys.content_pk(slug), sk_prefix=keys.CONTENT_VERSION_PREFIX, limit=1, newest_first=True
        )
        if not items:
            return None
        newest = ContentVersion.model_validate_json(items[0].doc)
        self._put_if_newer(keys.content_latest(slug), newest, newest.version)
        return newest

    def _put_if_newer(self, key: keys.Key, model: BaseModel, version: int) -> None:
        with contextlib.suppress(ConditionFailedError):  # a newer version is already there: it wins
            self.table.put_if(_item(key, model, version), NEWER, values={":version": {"N": str(version)}})

    def get_published_content(self, slug: str) -> ContentVersion | None:
        item = self.table.get(keys.content_published(slug))
        return ContentVersion.model_validate_json(item.doc) if item else None

    def get_content_version(self, slug: str, version: int) -> ContentVersion | None:
        item = self.table.get(keys.content_version(slug, version))
        return ContentVersion.model_validate_json(item.doc) if item else None

    def list_content_versions(self, slug: str) -> list[ContentVersion]:
        items = self.table.query(keys.content_pk(slug), keys.CONTENT_VERSION_PREFIX)
        return [ContentVersion.model_validate_json(i.doc) for i in items]

    def list_content_index(self, process_id: str | None) -> list[ContentSummary]:
        items = self.table.query(keys.content_index_pk(process_id), keys.CONTENT_PAGE_PREFIX)
        return [ContentSummary.model_validate_json(i.doc) for i in items]

    def add_content_version(self, version: ContentVersion, audit: Sequence[Operation] = ()) -> None:
        """Write a new version (with `audit`, the audit entry's operations, in the same transaction) and
        point LATEST at it; `ConditionFailedError` if this number exists."""
        item = _item(keys.content_version(version.slug, version.version), version)
        if audit:
            try:
                self.table.transact([self.table.put_operation(item, NEW_ITEM), *audit])
            except TransactionCancelledError as exc:
                if exc.reason_at(0) == "ConditionalCheckFailed":
                    raise ConditionFailedError("condition failed") from exc
                raise
        else:
            self.table.put_if(item, NEW_ITEM)
        self._put_if_newer(keys.content_latest(version.slug), version, version.version)

    def publish_content(self, version: ContentVersion, summary: ContentSummary, unlisted_from: str | None) -> None:
        """Make `version` the public one and list it; `unlisted_from` is the process ("" for the
        shared pages) whose list the page leaves because its scope changed."""
        self._put_if_newer(keys.content_published(version.slug), version, version.version)
        self._put_if_newer(keys.content_index_entry(summary.process_id, version.slug), summary, version.version)
        if unlisted_from is not None:
            self.table.delete(keys.content_index_entry(unlisted_from or None, version.slug))

    # platforms ---------------------------------------------------------------------------
    def get_platform(self, process_id: str, contender_id: str) -> Platform | None:
        item = self.table.get(keys.platform(process_id, contender_id))
        return Platform.model_validate_json(item.doc) if item else None

    def get_platforms(self, process_id: str, contender_ids: list[str]) -> dict[str, Platform]:
        found = self.table.batch_get([keys.platform(process_id, c) for c in contender_ids])
        platforms = (Platform.model_validate_json(i.doc) for i in found.values())
        return {p.contender_id: p for p in platforms}

    def list_platforms(self, process_id: str) -> list[Platform]:
        items = self.table.query(keys.contenders_pk(process_id), keys.PLATFORM_PREFIX)
        return [Platform.model_validate_json(i.doc) for i in items]

    def save_platform(self, platform: Platform, audit: Sequence[Operation] = ()) -> None:
        """The platform, with `audit` (the audit entry's operations) in the same transaction."""
        item = _item(keys.platform(platform.process_id, platform.contender_id), platform)
        if audit:
            self.table.transact([self.table.put_operation(item), *audit])
        else:
            self.table.put(item)

    def save_platforms(self, platforms: list[Platform]) -> int:
        return self.table.batch_put(_item(keys.platform(p.process_id, p.contender_id), p) for p in platforms)
