"""The relay's notice step: a publication or a first answer is noted on the (proposal, contender)
notice item, whose own stream change then moves the board counters (`board.tallies_from_notice`)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from chalicelib.storage.notice_store import NoticeStore


def _doc(image: dict[str, Any] | None) -> dict[str, Any]:
    raw = (image or {}).get("doc", {}).get("S")
    return json.loads(raw) if raw else {}


def _entity(image: dict[str, Any] | None) -> str | None:
    value = (image or {}).get("entity", {})
    return value.get("S") if isinstance(value, dict) else None


def record_notices(records: list[dict[str, Any]], notices: NoticeStore) -> int:
    """Idempotent (values are set once), so a retried batch changes nothing."""
    noted = 0
    for record in records:
        change = record.get("dynamodb", {})
        old, new = change.get("OldImage"), change.get("NewImage")
        entity = _entity(new)
        if entity == "Proposal":
            before, after = _doc(old), _doc(new)
            if after.get("status") != "published" or before.get("status") == "published":
                continue
            published_at = datetime.fromisoformat(after.get("published_at") or after["created_at"])
            for contender_id in after.get("addressed_to", []):
                notices.published(after["id"], contender_id, after["process_id"], after["ballot_id"], published_at)
                noted += 1
        elif entity == "Response" and old is None:
            after = _doc(new)
            if after.get("version") != 1:
                continue
            notices.answered(
                after["proposal_id"],
                after["contender_id"],
                after["stance"],
                datetime.fromisoformat(after["created_at"]),
            )
            noted += 1
    return noted
