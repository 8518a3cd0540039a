"""Content pages: what the institute writes, what is stored per version, and what is served."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.elections.models import PROCESS_ID_PATTERN
from chalicelib.messages import text

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$"
MAX_MARKDOWN_CHARS = 40_000
MAX_SOURCES = 20


def _http_url(value: str) -> str:
    lowered = value.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")) or len(value) < 11:
        raise ValueError(text("field.http_url"))
    if any(ch.isspace() or ch in "<>\"'" for ch in value):
        raise ValueError(text("field.http_url"))
    return value


HttpLink = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_http_url)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class PageSlug(BaseModel):
    """A page's slug as it appears in its URL: lowercase letters, digits and hyphens."""

    model_config = ConfigDict(frozen=True)

    slug: str = Field(pattern=SLUG_PATTERN, max_length=80)


class ContentStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class SourceLink(BaseModel):
    """An official source the page is based on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Line
    url: HttpLink


class ContentInput(BaseModel):
    """A new version of a page, as an administrator sends it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Line
    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    body_markdown: Annotated[str, StringConstraints(min_length=1, max_length=MAX_MARKDOWN_CHARS)]
    status: ContentStatus
    process_id: str | None = Field(default=None, pattern=PROCESS_ID_PATTERN, description="None: shared page")
    sources: list[SourceLink] = Field(default_factory=list, max_length=MAX_SOURCES)
    position: int = Field(default=100, ge=0, le=10_000, description="Order in the list of pages")
    base_version: int | None = Field(
        default=None, ge=0, description="The version this edit started from; 409 if another was saved since"
    )
    change_note: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] | None = None


class Author(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    name: str | None = None


class ContentVersion(BaseModel):
    """One stored version of a page; versions are never rewritten."""

    model_config = ConfigDict(frozen=True)

    slug: str
    version: int = Field(ge=1)
    status: ContentStatus
    title: str
    summary: str
    body_markdown: str
    process_id: str | None
    sources: list[SourceLink]
    position: int
    author: Author
    created_at: datetime
    change_note: str | None = None


class ContentSummary(BaseModel):
    """A published page in a list (stored as the index entry)."""

    model_config = ConfigDict(frozen=True)

    slug: str
    title: str
    summary: str
    process_id: str | None
    position: int
    version: int
    updated_at: datetime


class ContentPage(BaseModel):
    """A published page as the public reads it."""

    slug: str
    title: str
    summary: str
    body_html: str
    process_id: str | None
    sources: list[SourceLink]
    version: int
    updated_at: datetime


class ContentIndex(BaseModel):
    process_id: str
    pages: list[ContentSummary]


class AdminContentVersion(BaseModel):
    """A version as an administrator sees it: the Markdown, its rendering, who wrote it and when."""

    slug: str
    version: int
    status: ContentStatus
    title: str
    summary: str
    body_markdown: str
    body_html: str
    process_id: str | None
    sources: list[SourceLink]
    position: int
    author: Author
    created_at: datetime
    change_note: str | None
    published_version: int | None


class VersionEntry(BaseModel):
    version: int
    status: ContentStatus
    title: str
    author: Author
    created_at: datetime
    change_note: str | None


class ContentHistory(BaseModel):
    slug: str
    latest_version: int
    published_version: int | None
    versions: list[VersionEntry]


class ContentPreviewInput(BaseModel):
    """Markdown to render as the public page would, without saving anything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    body_markdown: Annotated[str, StringConstraints(max_length=MAX_MARKDOWN_CHARS)]


class ContentPreview(BaseModel):
    body_html: str


class RestoreInput(BaseModel):
    """Publish an older version again, as a new version (older versions are never rewritten)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    base_version: int | None = Field(
        default=None, ge=0, description="The latest version the administrator saw; 409 if another was saved since"
    )


def content_version_number(value: str) -> int:
    """A version number from the URL; a 400 naming `version` when it is not one."""
    return VersionNumber.model_validate({"version": value}).version


class VersionNumber(BaseModel):
    version: int = Field(ge=1, le=1_000_000)
