"""The audit log's records and queries (pure models: no storage, no AWS, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def stamp(value: datetime) -> str:
    """An instant as the log's sortable text (UTC, microseconds)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


class AuditEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    at: datetime
    actor_id: str
    actor_email: str
    actor_role: str
    party_id: str | None = None
    action: str
    entity: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class AuditQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    actor: str | None = Field(default=None, max_length=128, description="User id (Cognito sub) of the actor")
    entity: str | None = Field(default=None, max_length=300, description="e.g. candidacy/<id>, process/<id>")
    from_: datetime | None = Field(default=None, alias="from", description="ISO datetime, inclusive")
    to: datetime | None = Field(default=None, description="ISO datetime, inclusive; default now")
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=50, ge=1, le=100)


class AuditPage(BaseModel):
    entries: list[AuditEntry]
    next_cursor: str | None
