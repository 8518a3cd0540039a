"""Follow-up items, their progress updates, citizens' verdicts and the indexes the job and pages read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from chalicelib.commitments.models import SETTLED, FollowUpItem, ModerationState, ProgressUpdate
from chalicelib.proposals.models import PartyResponse, Proposal
from chalicelib.storage import keys
from chalicelib.storage.table import (
    ConditionFailedError,
    DocumentTable,
    Operation,
    StoredItem,
    TransactionCancelledError,
)

DUE_PAGE = 100


def _stamp(item: ProgressUpdate) -> str:
    return item.posted_at.isoformat()


class CommitmentStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    # follow-up items --------------------------------------------------------------------------
    def _item(self, item: FollowUpItem) -> StoredItem:
        return StoredItem(keys.commitment(item.id), "FollowUpItem", item.model_dump_json())

    def create_items(self, items: Sequence[FollowUpItem]) -> int:
        """Each item once (a re-import of results creates nothing new and keeps the statuses), with its
        council index entry and its due-date entry."""
        created = 0
        for order, item in enumerate(items):
            entry = keys.ballot_commitment(item.ballot_id, order, item.id)
            due = keys.commitment_due(item.due_date.isoformat(), item.id)
            try:
                self.table.transact(
                    [
                        self.table.put_operation(self._item(item), "attribute_not_exists(pk)"),
                        self.table.put_operation(
                            StoredItem(entry, "FollowUpEntry", "{}", {"commitment_id": {"S": item.id}})
                        ),
                        self.table.put_operation(
                            StoredItem(due, "FollowUpDue", "{}", {"commitment_id": {"S": item.id}})
                        ),
                        self.table.put_operation(
                            StoredItem(
                                keys.process_commitment(item.process_id, item.id),
                                "FollowUpEntry",
                                "{}",
                                {"commitment_id": {"S": item.id}},
                            )
                        ),
                    ]
                )
                created += 1
            except (TransactionCancelledError, ConditionFailedError):
                continue  # already followed: its status and history stay as they are
        return created

    def get(self, commitment_id: str) -> tuple[FollowUpItem, int, int] | None:
        found = self.table.get(keys.commitment(commitment_id))
        return self._counted(found) if found else None

    @staticmethod
    def _counted(found: StoredItem) -> tuple[FollowUpItem, int, int]:
        agree = int(found.attributes.get("agree", {}).get("N", "0"))
        disagree = int(found.attributes.get("disagree", {}).get("N", "0"))
        return FollowUpItem.model_validate_json(found.doc), agree, disagree

    def of_ballot(self, ballot_id: str) -> list[tuple[FollowUpItem, int, int]]:
        """A council's items in the order they were created: one Query and one BatchGetItem."""
        entries = self.table.query(keys.ballot_commitments_pk(ballot_id))
        ids = [e.attributes["commitment_id"]["S"] for e in entries if "commitment_id" in e.attributes]
        found = self.table.batch_get([keys.commitment(i) for i in ids])
        return [self._counted(found[keys.commitment(i)]) for i in ids if keys.commitment(i) in found]

    def updates(self, commitment_id: str) -> list[ProgressUpdate]:
        items = self.table.query(keys.commitment_pk(commitment_id), keys.COMMITMENT_UPDATE_PREFIX)
        return [ProgressUpdate.model_validate_json(i.doc) for i in items]

    # progress updates ---------------------------------------------------------------------------
    def _update_item(self, update: ProgressUpdate) -> StoredItem:
        key = keys.commitment_update(update.commitment_id, _stamp(update), update.id)
        return StoredItem(
            key,
            "CommitmentUpdate",
            update.model_dump_json(),
            {"moderation": {"S": update.moderation.value}, "process_id": {"S": update.process_id}},
        )

    def post_update(
        self, update: ProgressUpdate, applied: FollowUpItem | None, audit: Sequence[Operation] = ()
    ) -> None:
        """The update, and the item's new status when it is published at once; or the review entry;
        with `audit` (the audit entry's operations), in one transaction."""
        operations = [self.table.put_operation(self._update_item(update), "attribute_not_exists(pk)")]
        if applied is not None:
            operations += self._apply(applied)
            operations.append(self._published_copy(update))
        else:
            entry = keys.commitment_review(_stamp(update), update.id)
            operations.append(
                self.table.put_operation(
                    StoredItem(
                        entry,
                        "CommitmentReviewEntry",
                        "{}",
                        {
                            "commitment_id": {"S": update.commitment_id},
                            "update_key": {"S": self._update_item(update).key.sk},
                        },
                    )
                )
            )
        self.table.transact([*operations, *audit])

    def _apply(self, item: FollowUpItem) -> list[dict[str, Any]]:
        """The item's new status (its counts untouched) and its due entry: gone once settled."""
        doc_update = {
            "Update": {
                "Key": DocumentTable._key(keys.commitment(item.id)),
                "UpdateExpression": "SET #doc = :doc",
                "ExpressionAttributeNames": {"#doc": "doc"},
                "ExpressionAttributeValues": {":doc": {"S": item.model_dump_json()}},
                "ConditionExpression": "attribute_exists(pk)",
            }
        }
        operations: list[dict[str, Any]] = [doc_update]
        due = keys.commitment_due(item.due_date.isoformat(), item.id)
        if item.status in SETTLED:
            operations.append({"Delete": {"Key": DocumentTable._key(due)}})
        else:
            operations.append(
                self.table.put_operation(StoredItem(due, "FollowUpDue", "{}", {"commitment_id": {"S": item.id}}))
            )
        return operations

    def decide_update(
        self, update: ProgressUpdate, applied: FollowUpItem | None, audit: Sequence[Operation] = ()
    ) -> None:
        """A moderator's decision: the update's new state, the item's status if published, queue entry gone;
        with `audit` (the audit entry's operations), in one transaction."""
        operations: list[dict[str, Any]] = [
            {
                "Put": {
                    "Item": DocumentTable._raw(self._update_item(update)),
                    "ConditionExpression": "moderation = :pending",
                    "ExpressionAttributeValues": {":pending": {"S": ModerationState.PENDING_REVIEW.value}},
                }
            },
            {"Delete": {"Key": DocumentTable._key(keys.commitment_review(_stamp(update), update.id))}},
        ]
        if applied is not None:
            operations += self._apply(applied)
            operations.append(self._published_copy(update))
        self.table.transact([*operations, *audit])

    def _published_copy(self, update: ProgressUpdate) -> dict[str, Any]:
        """The open-data copy of a published update, in its process's partition (one Query exports them)."""
        key = keys.published_update(update.process_id, _stamp(update), update.id)
        return self.table.put_operation(StoredItem(key, "PublishedCommitmentUpdate", update.model_dump_json()))

    def of_process(self, process_id: str) -> list[tuple[FollowUpItem, int, int]]:
        entries = self.table.query(keys.process_commitments_pk(process_id))
        ids = [e.attributes["commitment_id"]["S"] for e in entries if "commitment_id" in e.attributes]
        found = self.table.batch_get([keys.commitment(i) for i in ids])
        return [self._counted(found[keys.commitment(i)]) for i in ids if keys.commitment(i) in found]

    def published_updates(self, process_id: str) -> list[ProgressUpdate]:
        items = self.table.query(keys.published_updates_pk(process_id))
        return [ProgressUpdate.model_validate_json(i.doc) for i in items]

    def pending_update(self, commitment_id: str, update_id: str) -> ProgressUpdate | None:
        for update in self.updates(commitment_id):
            if update.id == update_id:
                return update
        return None

    def review_queue(self, limit: int = 50) -> list[ProgressUpdate]:
        entries, _ = self.table.query_page(keys.COMMITMENT_REVIEW_PK, limit=limit)
        wanted = [
            keys.Key(keys.commitment_pk(e.attributes["commitment_id"]["S"]), e.attributes["update_key"]["S"])
            for e in entries
        ]
        found = self.table.batch_get(wanted)
        return [ProgressUpdate.model_validate_json(found[k].doc) for k in wanted if k in found]

    # verdicts -----------------------------------------------------------------------------------
    def add_verdict(self, commitment_id: str, user_id: str, verdict: str, at: str) -> None:
        item = StoredItem(
            keys.commitment_verdict(commitment_id, user_id),
            "CommitmentVerdict",
            f'{{"verdict": "{verdict}", "at": "{at}"}}',
            {"verdict": {"S": verdict}, **keys.citizen_index(user_id, keys.CITIZEN_VERDICT, commitment_id)},
        )
        self.table.put_if(item, "attribute_not_exists(pk)")  # ConditionFailedError: said already

    def verdict_keys_of_process(self, process_id: str) -> list[keys.Key]:
        """The citizens' verdicts on a process's commitments (the retention job deletes them)."""
        found: list[keys.Key] = []
        for entry in self.table.query(keys.process_commitments_pk(process_id)):
            if "commitment_id" not in entry.attributes:
                continue
            commitment_id = entry.attributes["commitment_id"]["S"]
            verdicts = self.table.query(keys.commitment_pk(commitment_id), keys.COMMITMENT_VERDICT_PREFIX)
            found += [v.key for v in verdicts]
        return found

    # the scheduled job --------------------------------------------------------------------------
    def due_by(self, day: date) -> list[str]:
        """Ids of items whose due date is before `day` and that are not settled (one page per call)."""
        entries, _ = self.table.query_page(
            keys.COMMITMENTS_DUE_PK, limit=DUE_PAGE, sk_between=("0000", f"{day.isoformat()}#")
        )
        return [e.attributes["commitment_id"]["S"] for e in entries]

    def mark_overdue(self, item: FollowUpItem) -> None:
        """The item turns "vencido" and leaves the due index in one transaction."""
        due = keys.commitment_due(item.due_date.isoformat(), item.id)
        self.table.transact(
            [
                {
                    "Update": {
                        "Key": DocumentTable._key(keys.commitment(item.id)),
                        "UpdateExpression": "SET #doc = :doc",
                        "ExpressionAttributeNames": {"#doc": "doc"},
                        "ExpressionAttributeValues": {":doc": {"S": item.model_dump_json()}},
                    }
                },
                {"Delete": {"Key": DocumentTable._key(due)}},
            ]
        )

    def get_many(self, ids: Sequence[str]) -> dict[str, FollowUpItem]:
        found = self.table.batch_get([keys.commitment(i) for i in ids])
        items = (FollowUpItem.model_validate_json(i.doc) for i in found.values())
        return {i.id: i for i in items}

    def answered_on_ballot(self, ballot_id: str, contender_id: str, limit: int) -> list[tuple[Proposal, PartyResponse]]:
        """The newest `limit` proposals of a ballot's feed that `contender_id` answered, with its answer
        (one Query of the ballot feed and one BatchGetItem), in proposal-id order."""
        entries, _ = self.table.query_page(keys.feed_pk("ballot", ballot_id), limit=limit)
        ids = [e.attributes["proposal_id"]["S"] for e in entries if "proposal_id" in e.attributes]
        wanted = [keys.proposal(i) for i in ids] + [keys.response(i, contender_id) for i in ids]
        found = self.table.batch_get(wanted) if ids else {}
        pairs = []
        for proposal_id in sorted(ids):
            proposal_item = found.get(keys.proposal(proposal_id))
            response_item = found.get(keys.response(proposal_id, contender_id))
            if proposal_item is not None and response_item is not None:
                pairs.append(
                    (
                        Proposal.model_validate_json(proposal_item.doc),
                        PartyResponse.model_validate_json(response_item.doc),
                    )
                )
        return pairs
