"""Reading and writing content pages.

Every save writes a new numbered version (who, when, what, an optional note) and never rewrites
an older one. The public reads the latest *published* version: a later draft stays private
until it is published. `GET /v1/processes/{id}/content` lists the process's pages plus the
pages shared by every process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.content.markdown import render_markdown
from chalicelib.content.models import (
    AdminContentVersion,
    Author,
    ContentHistory,
    ContentIndex,
    ContentInput,
    ContentPage,
    ContentPreview,
    ContentPreviewInput,
    ContentStatus,
    ContentSummary,
    ContentVersion,
    PageSlug,
    RestoreInput,
    VersionEntry,
)
from chalicelib.elections.public import NotFoundError, find_process
from chalicelib.errors import Conflict
from chalicelib.messages import text
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import ConditionFailedError


class ContentNotFoundError(NotFoundError):
    code = "content_not_found"


class ContentVersionConflictError(Conflict):
    """Another version was saved since the one the edit started from."""

    code = "content_version_conflict"


def author_of(principal: Principal) -> Author:
    return Author(user_id=principal.user_id, email=principal.email, name=principal.display_name)


def _not_found(slug: str) -> ContentNotFoundError:
    return ContentNotFoundError(text("content_not_found", slug=slug), {"field": "slug"})


def _summary(version: ContentVersion) -> ContentSummary:
    return ContentSummary(
        slug=version.slug,
        title=version.title,
        summary=version.summary,
        process_id=version.process_id,
        position=version.position,
        version=version.version,
        updated_at=version.created_at,
    )


def get_page(store: CivicStore, slug: str) -> ContentPage:
    """The published page (one GetItem); drafts are never returned here."""
    version = store.get_published_content(slug)
    if version is None:
        raise _not_found(slug)
    return ContentPage(
        slug=version.slug,
        title=version.title,
        summary=version.summary,
        body_html=render_markdown(version.body_markdown),
        process_id=version.process_id,
        sources=version.sources,
        version=version.version,
        updated_at=version.created_at,
    )


def list_pages(store: CivicStore, elections: ElectionStore, process_id: str) -> ContentIndex:
    """The process's published pages, then the shared ones, each group by position and slug."""
    find_process(elections, process_id)
    own = sorted(store.list_content_index(process_id), key=lambda p: (p.position, p.slug))
    shared = sorted(store.list_content_index(None), key=lambda p: (p.position, p.slug))
    return ContentIndex(process_id=process_id, pages=[*own, *shared])


def _admin_view(version: ContentVersion, published: ContentVersion | None) -> AdminContentVersion:
    return AdminContentVersion(
        **version.model_dump(exclude={"sources", "author"}),
        sources=version.sources,
        author=version.author,
        body_html=render_markdown(version.body_markdown),
        published_version=published.version if published else None,
    )


def get_latest(store: CivicStore, slug: str) -> AdminContentVersion:
    """The latest version, draft or published (administrators only)."""
    latest = store.get_latest_content(slug)
    if latest is None:
        raise _not_found(slug)
    return _admin_view(latest, store.get_published_content(slug))


def history(store: CivicStore, slug: str) -> ContentHistory:
    """Every version of a page, oldest first: who saved it, when, with what status and note."""
    versions = store.list_content_versions(slug)
    if not versions:
        raise _not_found(slug)
    published = store.get_published_content(slug)
    return ContentHistory(
        slug=slug,
        latest_version=versions[-1].version,
        published_version=published.version if published else None,
        versions=[
            VersionEntry(
                version=v.version,
                status=v.status,
                title=v.title,
                author=v.author,
                created_at=v.created_at,
                change_note=v.change_note,
            )
            for v in versions
        ],
    )


def _conflict(slug: str, base: int, latest: int) -> ContentVersionConflictError:
    return ContentVersionConflictError(
        text("content_version_conflict", slug=slug, base=base, latest=latest),
        {"field": "base_version", "latest_version": latest},
    )


def save_page(
    store: CivicStore,
    elections: ElectionStore,
    slug: str,
    body: ContentInput,
    author: Author,
    now: datetime,
    audit: AuditLog | None = None,
    principal: Principal | None = None,
    action: str = "content.save",
) -> AdminContentVersion:
    """Write `body` as the page's next version (public if its status is published) and return it;
    with `audit`, the version is recorded in the audit log (before: the latest until then)."""
    PageSlug.model_validate({"slug": slug})  # 400 naming `slug` when it cannot be a page address
    if body.process_id is not None:
        find_process(elections, body.process_id)
    previous = store.get_latest_content(slug)
    latest = previous.version if previous else 0
    if body.base_version is not None and body.base_version != latest:
        raise _conflict(slug, body.base_version, latest)
    version = ContentVersion(
        slug=slug,
        version=latest + 1,
        status=body.status,
        title=body.title,
        summary=body.summary,
        body_markdown=body.body_markdown,
        process_id=body.process_id,
        sources=body.sources,
        position=body.position,
        author=author,
        created_at=now,
        change_note=body.change_note,
    )
    audited = (
        audit.entry_operations(
            principal,
            action,
            f"content/{slug}",
            now,
            before=_audited(previous) if previous else None,
            after=_audited(version),
        )
        if audit is not None and principal is not None
        else []
    )
    try:
        store.add_content_version(version, audited)
    except ConditionFailedError as exc:
        newest = store.repair_latest(slug)
        raise _conflict(slug, latest, newest.version if newest else latest + 1) from exc
    published = store.get_published_content(slug)
    if body.status == ContentStatus.PUBLISHED:
        moved = published is not None and published.process_id != version.process_id
        unlisted_from = (published.process_id or "") if moved and published is not None else None
        store.publish_content(version, _summary(version), unlisted_from)
        published = version
    return _admin_view(version, published)


def _audited(version: ContentVersion) -> dict[str, Any]:
    return version.model_dump(
        mode="json", include={"version", "status", "title", "summary", "body_markdown", "change_note"}
    )


def preview(body: ContentPreviewInput) -> ContentPreview:
    """The same rendering the public page gets (raw HTML disabled); nothing is stored."""
    return ContentPreview(body_html=render_markdown(body.body_markdown))


def get_version(store: CivicStore, slug: str, number: int) -> AdminContentVersion:
    version = store.get_content_version(slug, number)
    if version is None:
        if store.get_latest_content(slug) is None:
            raise _not_found(slug)
        raise ContentNotFoundError(text("content_version_not_found", slug=slug, version=number), {"field": "version"})
    return _admin_view(version, store.get_published_content(slug))


def restore(
    store: CivicStore,
    elections: ElectionStore,
    slug: str,
    number: int,
    body: RestoreInput,
    principal: Principal,
    now: datetime,
    audit: AuditLog,
) -> AdminContentVersion:
    """Publish version `number` again as the page's next version."""
    old = get_version(store, slug, number)
    again = ContentInput(
        title=old.title,
        summary=old.summary,
        body_markdown=old.body_markdown,
        status=ContentStatus.PUBLISHED,
        process_id=old.process_id,
        sources=old.sources,
        position=old.position,
        base_version=body.base_version,
        change_note=text("content.restored_note", version=number),
    )
    return save_page(store, elections, slug, again, author_of(principal), now, audit, principal, "content.restore")
