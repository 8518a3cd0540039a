"""What the log records: versioned, canonical JSON entries of public events (pure).

An entry is derived from a table change (the stream's old and new images), so the appender needs no
other read. Entries never hold the author's identity and never hold free text: they hold its SHA-256
(`content_sha256`, `text_sha256`, `note_sha256`) over the canonical JSON of the public fields. The
log then commits to exactly what was published — anyone can hash the published text and compare —
without copying into a permanent public record text that moderation later rejects or redacts.

Canonical form (format version 1): JSON with sorted keys, no insignificant whitespace, UTF-8, only
strings, integers, booleans, lists and objects (so it is also RFC 8785 canonical). Event ids are
deterministic: a replayed or redelivered change yields the same id, and the log appends it once.

| type                      | event id                                           | from                    |
|---------------------------|----------------------------------------------------|-------------------------|
| proposal.accepted         | proposal.accepted:<proposal>                       | a new Proposal item     |
| proposal.status_changed   | proposal.status:<proposal>:<status>:<decisions>    | Proposal status changes |
| proposal.content_changed  | proposal.content:<proposal>:<content digest[:16]>  | its public text changes |
| answer.published / .edited| answer:<proposal>:<contender>:<version>            | a Response version      |
| candidacy.status_changed  | candidacy.status:<candidacy>:<status>:<note[:16]>  | a Ballot's candidacy    |
| commitment.update_published| commitment.update:<commitment>:<update>           | a published CommitmentUpdate |
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from chalicelib.storage.stream import image_doc, image_text

if TYPE_CHECKING:
    from chalicelib.transparency.views import Receipt

FORMAT_VERSION = 1
PROPOSAL_TEXT_FIELDS = ("title", "problem", "proposed_action")


class LogEntry(BaseModel):
    """One entry to append: its id, the process it belongs to (for open data) and its bytes."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    process_id: str
    body: str  # the canonical JSON, exactly the bytes hashed into the leaf

    @property
    def data(self) -> bytes:
        return self.body.encode("utf-8")


def canonical(value: dict[str, Any]) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def digest(value: Any) -> str:
    return hashlib.sha256(canonical({"v": value}).encode("utf-8")).hexdigest()


def proposal_content_digest(doc: dict[str, Any]) -> str:
    return digest({field: doc.get(field, "") for field in PROPOSAL_TEXT_FIELDS})


def _entry(event_id: str, process_id: str, kind: str, fields: dict[str, Any]) -> LogEntry:
    body = {"v": FORMAT_VERSION, "type": kind, "event_id": event_id, "process_id": process_id, **fields}
    return LogEntry(event_id=event_id, process_id=process_id, body=canonical(body))


def proposal_accepted(doc: dict[str, Any]) -> LogEntry:
    """The entry of a submitted proposal, from its stored document (also used for the receipt). An
    edited or redacted document keeps what was committed at submission in `submitted`."""
    submitted = doc.get("submitted") or {}
    return _entry(
        f"proposal.accepted:{doc['id']}",
        doc["process_id"],
        "proposal.accepted",
        {
            "proposal_id": doc["id"],
            "ballot_id": doc["ballot_id"],
            "topic": doc["topic"],
            "addressed_to": sorted(doc["addressed_to"]),
            # the status it got on submission (published unless held), so the entry — and the
            # author's receipt — can be recomputed from the document after moderation too
            "status": submitted.get("status") or ("pending_review" if doc.get("hold_reasons") else "published"),
            "created_at": doc["created_at"],
            "content_sha256": submitted.get("content_sha256") or proposal_content_digest(doc),
            "fictional": bool(doc.get("fictional", False)),
        },
    )


def _proposal_changes(before: dict[str, Any] | None, after: dict[str, Any]) -> list[LogEntry]:
    if before is None:
        return [proposal_accepted(after)]
    entries = []
    decisions = after.get("decisions") or []
    if before.get("status") != after["status"]:
        last = decisions[-1] if decisions else {}
        entries.append(
            _entry(
                f"proposal.status:{after['id']}:{after['status']}:{len(decisions)}",
                after["process_id"],
                "proposal.status_changed",
                {
                    "proposal_id": after["id"],
                    "from": before.get("status") or "",
                    "to": after["status"],
                    "reason": last.get("reason") or ",".join(after.get("hold_reasons") or []),
                    "at": last.get("decided_at") or after.get("published_at") or after["created_at"],
                },
            )
        )
    content = proposal_content_digest(after)
    if proposal_content_digest(before) != content:
        entries.append(
            _entry(
                f"proposal.content:{after['id']}:{content[:16]}",
                after["process_id"],
                "proposal.content_changed",
                {"proposal_id": after["id"], "content_sha256": content, "at": after.get("updated_at") or ""},
            )
        )
    return entries


def _answer(before: dict[str, Any] | None, after: dict[str, Any], process_of: Callable[[str], str]) -> list[LogEntry]:
    if before is not None and before.get("version") == after.get("version"):
        return []
    process_id = process_of(after["proposal_id"])
    version = int(after.get("version", 1))
    return [
        _entry(
            f"answer:{after['proposal_id']}:{after['contender_id']}:{version}",
            process_id,
            "answer.published" if version == 1 else "answer.edited",
            {
                "proposal_id": after["proposal_id"],
                "contender_id": after["contender_id"],
                "version": version,
                "stance": after["stance"],
                "text_sha256": digest(after.get("text", "")),
                "at": after["updated_at"],
            },
        )
    ]


def _candidacies(before: dict[str, Any] | None, after: dict[str, Any]) -> list[LogEntry]:
    if before is None:
        return []  # a registry import creates ballots; only later status changes are events
    old = {c["id"]: c for c in before.get("candidacies", [])}
    entries = []
    for candidacy in after.get("candidacies", []):
        was = old.get(candidacy["id"])
        if was is None or was.get("status") == candidacy.get("status"):
            continue
        note = digest(candidacy.get("note") or "")
        entries.append(
            _entry(
                f"candidacy.status:{candidacy['id']}:{candidacy['status']}:{note[:16]}",
                after.get("process_id", ""),
                "candidacy.status_changed",
                {
                    "candidacy_id": candidacy["id"],
                    "ballot_id": after.get("id", candidacy.get("ballot_id", "")),
                    "contender_id": candidacy["contender_id"],
                    "from": was.get("status") or "",
                    "to": candidacy["status"],
                    "note_sha256": note,
                },
            )
        )
    return entries


_doc = image_doc
_text = image_text


def entries_from_change(
    old: dict[str, Any] | None, new: dict[str, Any] | None, process_of: Callable[[str], str]
) -> list[LogEntry]:
    """The log entries of one stream record (images in DynamoDB JSON); most changes have none.
    `process_of(proposal_id)` names an answer's process (a response item does not store it)."""
    entity = _text(new, "entity") or _text(old, "entity")
    # Entity first: other items (e.g. a citizen's near-duplicate keys) keep non-JSON in `doc`.
    if entity not in ("Proposal", "Response", "Ballot", "CommitmentUpdate"):
        return []
    after = _doc(new)
    if after is None:
        return []
    before = _doc(old)
    if entity == "Proposal":
        return _proposal_changes(before, after)
    if entity == "Response":
        return _answer(before, after, process_of)
    if entity == "CommitmentUpdate":
        return _commitment_update(before, after)
    return _candidacies(before, after)


def _commitment_update(before: dict[str, Any] | None, after: dict[str, Any]) -> list[LogEntry]:
    """A progress update once it is public (issue 16): its status, and hashes of its note and evidence link."""
    if after.get("moderation") != "published" or (before or {}).get("moderation") == "published":
        return []
    return [
        _entry(
            f"commitment.update:{after['commitment_id']}:{after['id']}",
            after["process_id"],
            "commitment.update_published",
            {
                "commitment_id": after["commitment_id"],
                "ballot_id": after["ballot_id"],
                "contender_id": after["contender_id"],
                "status": after["status"],
                "note_sha256": digest(after.get("note", "")),
                "evidence_sha256": digest(after.get("evidence_url") or ""),
                "at": after.get("decided_at") or after["posted_at"],
            },
        )
    ]


def receipt_for_submission(doc: dict[str, Any]) -> Receipt:
    """The author's receipt: the entry is a pure function of the stored proposal, so its leaf hash
    is final at submission; the leaf index exists only once the stream appends it (seconds later),
    and `GET /v1/log/receipts/{leaf_hash}` gives it with the inclusion proof."""
    from chalicelib.transparency.merkle import leaf_hash
    from chalicelib.transparency.views import Receipt

    entry = proposal_accepted(doc)
    return Receipt(event_id=entry.event_id, leaf_hash=leaf_hash(entry.data).hex(), leaf_index=None, entry=entry.body)
