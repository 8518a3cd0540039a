"""Counts derived from the stream (pure: stream images in, tallies out).

No count that many writers share is written in a request's transaction: a submission, an answer
or a support writes only its own items, and the relay derives the counts from the stream. Each
tally names the event it comes from (deterministic, like domain event ids) and the counter it
moves; the store applies it at most once per (event, counter), so a replayed stream batch never
counts twice and every count converges on the exact value.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.storage import keys
from chalicelib.storage.keys import Key


@dataclass(frozen=True)
class Tally:
    event_id: str
    counter: Key
    deltas: tuple[tuple[str, int], ...]  # (attribute, amount) pairs, added atomically
    entity: str  # what the counter item is, recorded when the tally creates it


def support_event_id(added: bool, proposal_id: str, user_id: str, instance: str) -> str:
    """One event per support given or withdrawn; `instance` is unique to each time a support is given."""
    return f"support.{'added' if added else 'removed'}:{proposal_id}:{user_id}:{instance}"


def support_instance(doc: dict[str, Any]) -> str:
    return str(doc.get("instance") or doc.get("at", ""))


def _text(image: dict[str, Any] | None, name: str) -> str | None:
    value = (image or {}).get(name, {})
    return value.get("S") if isinstance(value, dict) else None


def _doc(image: dict[str, Any] | None) -> dict[str, Any]:
    raw = _text(image, "doc")
    return json.loads(raw) if raw else {}


def tallies_from_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Tally]:
    """The counts one stream record moves (images in DynamoDB JSON)."""
    entity = _text(new, "entity") or _text(old, "entity")
    if entity == "Proposal":
        before, after = _doc(old), _doc(new)
        if after.get("status") != "published" or before.get("status") == "published":
            return []
        event_id = f"proposal.published:{after['id']}"
        return [
            Tally(event_id, keys.inbox_counts(after["process_id"], c), (("unanswered", 1),), "InboxCounts")
            for c in after.get("addressed_to", [])
        ]
    if entity == "Response":
        after = _doc(new)
        if old is not None or after.get("version") != 1:
            return []  # only a contender's first answer moves the counts; edits do not
        event_id = f"response.first:{after['proposal_id']}:{after['contender_id']}"
        result = [Tally(event_id, keys.proposal(after["proposal_id"]), (("responses", 1),), "Proposal")]
        process_id = _text(new, "process_id")
        if process_id:
            counts = keys.inbox_counts(process_id, after["contender_id"])
            result.append(Tally(event_id, counts, (("unanswered", -1), ("answered", 1)), "InboxCounts"))
        return result
    if entity == "Support":
        added = new is not None and old is None
        removed = old is not None and new is None
        if not (added or removed):
            return []
        image = new if added else old
        pk, sk = _text(image, "pk") or "", _text(image, "sk") or ""
        proposal_id = pk.removeprefix(keys.proposal_pk(""))
        user_id = sk.removeprefix(keys.SUPPORT_PREFIX)
        event_id = support_event_id(added, proposal_id, user_id, support_instance(_doc(image)))
        return [Tally(event_id, keys.proposal(proposal_id), (("supports", 1 if added else -1),), "Proposal")]
    if entity == "CommitmentVerdict" and old is None and new is not None:
        # A citizen's one agree/disagree with a commitment's reported status (issue 16); never withdrawn.
        pk, sk = _text(new, "pk") or "", _text(new, "sk") or ""
        commitment_id = pk.removeprefix(keys.commitment_pk(""))
        verdict = _text(new, "verdict")
        if verdict not in ("agree", "disagree"):
            return []
        event_id = f"commitment.verdict:{commitment_id}:{sk.removeprefix(keys.COMMITMENT_VERDICT_PREFIX)}"
        return [Tally(event_id, keys.commitment(commitment_id), ((verdict, 1),), "FollowUpItem")]

    if entity == "ReviewEntry":
        return _review_tallies(old, new)
    if entity == "Notice":
        # the responsiveness board (issue 16); imported here because its module builds on Tally
        from chalicelib.responsiveness.board import tallies_from_notice

        return tallies_from_notice(old, new)
    return []


def _review_counters(image: dict[str, Any] | None) -> set[str]:
    if image is None:
        return set()
    reasons = (image.get("reasons") or {}).get("SS") or []
    process_id = _text(image, "process_id")
    return {"total", *(f"reason:{r}" for r in reasons), *([f"process:{process_id}"] if process_id else [])}


def _review_tallies(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Tally]:
    """The moderation queue's counts: an entry in (+1 on total, its reasons, its process), out (-1),
    or rewritten with other reasons (the difference). Each entry version names its event."""
    before, after = _review_counters(old), _review_counters(new)
    deltas = tuple(sorted([(c, 1) for c in after - before] + [(c, -1) for c in before - after]))
    if not deltas:
        return []
    image = new or old
    sk = _text(image, "sk") or ""
    event_id = f"review:{sk}:{_text(old, 'instance') or '-'}:{_text(new, 'instance') or '-'}"
    return [Tally(event_id, keys.review_counts(), deltas, "ReviewCounts")]
