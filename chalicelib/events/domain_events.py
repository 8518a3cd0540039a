"""Which state changes are domain events (pure: stream images in, decoded by storage/stream.py; events out).

The table is the source of truth and its stream is the outbox: a request writes state and
returns; this module decides, from a change's old and new images, what happened. Event ids
are deterministic (an answer's is its proposal and contender, whatever its edits), so a
replayed stream record yields the same event and the email ledger sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.storage.stream import image_doc, image_entity


class Audience(StrEnum):
    PARTY = "party"
    CITIZEN = "citizen"


class EventType(StrEnum):
    PROPOSAL_PUBLISHED = "proposal.published"
    PROPOSAL_APPROVED = "proposal.approved"
    PROPOSAL_REJECTED = "proposal.rejected"
    RESPONSE_PUBLISHED = "response.published"
    COMMITMENT_FOLLOWED = "commitment.followed"  # a winner's "commit" answer became a follow-up item
    COMMITMENT_UPDATED = "commitment.updated"  # a progress update on it was published

    # the lifecycle beyond publish/reject (issue 15): each tells the author
    PROPOSAL_CHANGES_REQUESTED = "proposal.changes_requested"
    PROPOSAL_HIDDEN = "proposal.hidden"
    PROPOSAL_REDACTED = "proposal.redacted"  # a published proposal's text edited by moderation

    IDENTITY_INVITATION = "identity.invitation"  # the candidate's consent link (issue 22)
    PROFILE_RETURNED = "profile.returned"  # the institute returned a profile to its party


AUDIENCE = {
    EventType.PROPOSAL_CHANGES_REQUESTED: Audience.CITIZEN,
    EventType.PROPOSAL_HIDDEN: Audience.CITIZEN,
    EventType.PROPOSAL_REDACTED: Audience.CITIZEN,
    EventType.PROPOSAL_PUBLISHED: Audience.PARTY,
    EventType.PROPOSAL_APPROVED: Audience.CITIZEN,
    EventType.PROPOSAL_REJECTED: Audience.CITIZEN,
    EventType.RESPONSE_PUBLISHED: Audience.CITIZEN,
    EventType.COMMITMENT_FOLLOWED: Audience.CITIZEN,
    EventType.COMMITMENT_UPDATED: Audience.CITIZEN,
    EventType.IDENTITY_INVITATION: Audience.PARTY,
    EventType.PROFILE_RETURNED: Audience.PARTY,
}


class DomainEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: str
    type: EventType
    occurred_at: datetime
    proposal_id: str
    process_id: str
    ballot_id: str
    contender_ids: list[str]
    candidacy_id: str = ""  # the profile events' candidacy (proposal events leave it empty)

    @property
    def audience(self) -> Audience:
        return AUDIENCE[self.type]


_doc = image_doc
_entity = image_entity


def events_from_change(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[DomainEvent]:
    """Events for one stream record (images in DynamoDB JSON)."""
    entity = _entity(new) or _entity(old)
    if entity in ("FollowUpItem", "CommitmentUpdate"):
        return _commitment_events(entity, _doc(old), _doc(new))

    if entity in ("IdentityConsent", "CandidacyProfile"):
        return _profile_events(entity, _doc(old), _doc(new))
    if entity not in ("Proposal", "Response"):
        return []
    after = _doc(new)
    if after is None:
        return []
    before = _doc(old)
    if entity == "Proposal":
        was, now = (before or {}).get("status"), after["status"]
        decisions = after.get("decisions") or []
        common = {
            "proposal_id": after["id"],
            "process_id": after["process_id"],
            "ballot_id": after["ballot_id"],
            "contender_ids": after["addressed_to"],
        }
        at = after.get("published_at") or after["created_at"]
        last_at = decisions[-1]["decided_at"] if decisions else after.get("updated_at") or after["created_at"]
        if was == now:
            grew = len(decisions) > len((before or {}).get("decisions") or [])
            if now == "published" and grew and decisions[-1].get("action") == "redact":
                return [
                    DomainEvent(
                        event_id=f"proposal.redacted:{after['id']}:{len(decisions)}",
                        type=EventType.PROPOSAL_REDACTED,
                        occurred_at=last_at,
                        **common,
                    )
                ]
            return []
        events = []
        if now == "changes_requested":
            return [
                DomainEvent(
                    event_id=f"proposal.changes_requested:{after['id']}:{len(decisions)}",
                    type=EventType.PROPOSAL_CHANGES_REQUESTED,
                    occurred_at=last_at,
                    **common,
                )
            ]
        if now == "hidden":
            return [
                DomainEvent(
                    event_id=f"proposal.hidden:{after['id']}",
                    type=EventType.PROPOSAL_HIDDEN,
                    occurred_at=after.get("updated_at") or at,
                    **common,
                )
            ]
        if now == "published" and was == "hidden":
            # restored after reports: the parties were told when it was first published
            if decisions and decisions[-1].get("action") == "redact":
                return [
                    DomainEvent(
                        event_id=f"proposal.redacted:{after['id']}:{len(decisions)}",
                        type=EventType.PROPOSAL_REDACTED,
                        occurred_at=last_at,
                        **common,
                    )
                ]
            return []
        if now == "published":
            events.append(
                DomainEvent(
                    event_id=f"proposal.published:{after['id']}",
                    type=EventType.PROPOSAL_PUBLISHED,
                    occurred_at=at,
                    **common,
                )
            )
            if was == "pending_review":
                events.append(
                    DomainEvent(
                        event_id=f"proposal.approved:{after['id']}",
                        type=EventType.PROPOSAL_APPROVED,
                        occurred_at=at,
                        **common,
                    )
                )
        elif now == "rejected":
            decided = after["decisions"][-1]["decided_at"] if after.get("decisions") else after["created_at"]
            events.append(
                DomainEvent(
                    event_id=f"proposal.rejected:{after['id']}",
                    type=EventType.PROPOSAL_REJECTED,
                    occurred_at=decided,
                    **common,
                )
            )
        return events
    if entity == "Response":
        # One notice per (proposal, contender) answer: its edits are shown on the page, never re-emailed.
        if before is not None:
            return []
        return [
            DomainEvent(
                event_id=f"response.published:{after['proposal_id']}:{after['contender_id']}",
                type=EventType.RESPONSE_PUBLISHED,
                occurred_at=after["updated_at"],
                proposal_id=after["proposal_id"],
                process_id="",
                ballot_id="",
                contender_ids=[after["contender_id"]],
            )
        ]
    return []


def commitment_event_parts(event: DomainEvent) -> tuple[str, str | None]:
    """The commitment (and the update) an event of commitments/ is about, from its deterministic id."""
    _, _, rest = event.event_id.partition(":")
    commitment_id, _, update_id = rest.partition(":")
    return commitment_id, update_id or None


def _commitment_events(entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[DomainEvent]:
    """Only commitments that answer a citizen's proposal have someone to tell (its author, its supporters)."""
    if after is None:
        return []
    if entity == "FollowUpItem":
        if before is not None or not after.get("proposal_id"):
            return []
        return [
            DomainEvent(
                event_id=f"commitment.followed:{after['id']}",
                type=EventType.COMMITMENT_FOLLOWED,
                occurred_at=after["created_at"],
                proposal_id=after["proposal_id"],
                process_id=after["process_id"],
                ballot_id=after["ballot_id"],
                contender_ids=[after["contender_id"]],
            )
        ]
    published = after.get("moderation") == "published"
    if not published or (before or {}).get("moderation") == "published" or not after.get("proposal_id"):
        return []
    return [
        DomainEvent(
            event_id=f"commitment.updated:{after['commitment_id']}:{after['id']}",
            type=EventType.COMMITMENT_UPDATED,
            occurred_at=after.get("decided_at") or after["posted_at"],
            proposal_id=after["proposal_id"],
            process_id=after["process_id"],
            ballot_id=after["ballot_id"],
            contender_ids=[after["contender_id"]],
        )
    ]


def _profile_events(entity: str, before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[DomainEvent]:
    """A new consent link to send (one event per invitation), or a profile returned by the institute
    (one event per returned version)."""
    if after is None:
        return []
    common = {
        "proposal_id": "",
        "process_id": after["process_id"],
        "ballot_id": "",
        "contender_ids": [after["contender_id"]],
        "candidacy_id": after["candidacy_id"],
    }
    if entity == "IdentityConsent":
        invitation = after["invitation"]
        if (before or {}).get("invitation", {}).get("id") == invitation["id"]:
            return []
        return [
            DomainEvent(
                event_id=f"identity.invitation:{invitation['id']}",
                type=EventType.IDENTITY_INVITATION,
                occurred_at=invitation["created_at"],
                **common,
            )
        ]
    if after.get("status") == "returned" and (before or {}).get("status") == "in_review":
        return [
            DomainEvent(
                event_id=f"profile.returned:{after['candidacy_id']}:{after['version']}",
                type=EventType.PROFILE_RETURNED,
                occurred_at=after["review"]["at"],
                **common,
            )
        ]
    return []
