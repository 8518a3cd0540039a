"""DynamoDB reads and writes of proposals, responses, supports, feeds, inboxes and quotas."""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from chalicelib.errors import Conflict, InvalidInput, RateLimited
from chalicelib.events.tallies import support_event_id, support_instance
from chalicelib.messages import text
from chalicelib.proposals.models import REPORTS_TO_HIDE, PartyResponse, Proposal, ProposalStatus, queue_reasons
from chalicelib.storage import keys
from chalicelib.storage.keys import Key
from chalicelib.storage.table import (
    ConditionFailedError,
    DocumentTable,
    Operation,
    StoredItem,
    TransactionCancelledError,
)

FEED_FACETS = ("all", "ballot", "municipality", "topic", "party", "process")
SUPPORTERS_PAGE = 500
MAX_RESPONSES_READ = 200  # far above the contenders of any ballot: the page's read stays one call


class InvalidCursorError(InvalidInput):
    code = "invalid_cursor"


class QuotaExceededError(RateLimited):
    code = "quota_exceeded"


class ProposalStateError(Conflict):
    """The proposal is not in the state the write expects (e.g. already decided)."""

    code = "proposal_state"


class DuplicateKeyTakenError(Conflict):
    """The author already has a proposal with this fingerprint on this ballot (the conditional put failed)."""

    code = "duplicate_key_taken"


class AlreadyReportedError(Conflict):
    code = "already_reported"


class AlreadySupportedError(Conflict):
    code = "already_supported"


class NotSupportedError(Conflict):
    code = "not_supported"


def encode_cursor(key: dict[str, Any] | None) -> str | None:
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
        if not isinstance(key, dict) or not all(isinstance(v, dict) and set(v) == {"S"} for v in key.values()):
            raise ValueError("not a key")
        return key
    except ValueError as exc:
        raise InvalidCursorError(text("proposal.invalid_cursor"), {"field": "cursor"}) from exc


def _stamp(value: datetime) -> str:
    return value.isoformat(timespec="microseconds")


class ProposalStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def _listing_page(
        self, pk: str, *, limit: int, cursor: str | None, **query: Any
    ) -> tuple[list[StoredItem], dict[str, Any] | None]:
        """One page of a listing, with no cursor when nothing follows it: DynamoDB returns a
        LastEvaluatedKey whenever a page is full, so a full last page would offer an empty "more".
        One more read of a single key (unfiltered) tells; with a filter, a cursor may still lead to
        a page whose items are all filtered out (the web front reads on past those)."""
        items, last = self.table.query_page(pk, limit=limit, cursor=decode_cursor(cursor), **query)
        if last:
            probe = {k: v for k, v in query.items() if not k.startswith("filter_")}
            after, _ = self.table.query_page(pk, limit=1, cursor=last, **probe)
            if not after:
                last = None
        return items, last

    # items -----------------------------------------------------------------------------------
    def proposal_item(self, proposal: Proposal) -> StoredItem:
        """The stored item of a proposal (its counters apart); loaders write many at once with it."""
        return StoredItem(
            keys.proposal(proposal.id),
            "Proposal",
            proposal.model_dump_json(),
            {
                "status": {"S": proposal.status.value},
                "revision": {"N": str(proposal.revision)},
                "gsi1pk": {"S": keys.author_pk(proposal.author_id)},
                "gsi1sk": {"S": keys.timeline_sk(_stamp(proposal.created_at), proposal.id)},
            },
        )

    def _listing_items(self, proposal: Proposal) -> list[StoredItem]:
        """Feed entries (public) and inbox entries (one per addressed contender) of a published proposal."""
        assert proposal.published_at is not None
        at = _stamp(proposal.published_at)
        attributes = {
            "topic": {"S": proposal.topic.value},
            "ballot": {"S": proposal.ballot_id},
            "municipality": {"S": proposal.municipality_code or "-"},
            "parties": {"SS": proposal.feed_parties},
            "proposal_id": {"S": proposal.id},
        }
        facets = [
            ("all", ""),
            ("ballot", proposal.ballot_id),
            ("topic", proposal.topic.value),
            ("process", proposal.process_id),
        ]
        if proposal.municipality_code:
            facets.append(("municipality", proposal.municipality_code))
        facets += [("party", c) for c in proposal.feed_parties]
        items = [
            StoredItem(keys.feed_entry(facet, value, at, proposal.id), "FeedEntry", "{}", attributes)
            for facet, value in facets
        ]
        items += [
            StoredItem(
                keys.inbox_entry(proposal.process_id, c, at, proposal.id),
                "InboxEntry",
                "{}",
                {**attributes, "answered": {"BOOL": False}},
            )
            for c in proposal.addressed_to
        ]
        return items

    # writes ----------------------------------------------------------------------------------
    def create(self, proposal: Proposal, *, day: str, daily_limit: int, quota_expires_at: int) -> None:
        """Write a new proposal, its listings (or review entry), the author's daily count and its
        duplicate key (`attribute_not_exists`: parallel copies yield one proposal), atomically.

        Every item is the proposal's own or the author's: no item another submission writes (the
        inbox counts are derived from the stream), so two submissions never conflict."""
        quota = {
            "Update": {
                "Key": keys.key_attributes(keys.daily_quota(proposal.author_id, day)),
                "UpdateExpression": (
                    "ADD #n :one SET expires_at = :ttl, entity = :entity, gsi1pk = :owner, gsi1sk = :kind"
                ),
                "ConditionExpression": "attribute_not_exists(#n) OR #n < :limit",
                "ExpressionAttributeNames": {"#n": "count"},
                "ExpressionAttributeValues": {
                    ":one": {"N": "1"},
                    ":limit": {"N": str(daily_limit)},
                    ":ttl": {"N": str(quota_expires_at)},
                    ":entity": {"S": "DailyQuota"},
                    ":owner": {"S": keys.citizen_items_pk(proposal.author_id)},
                    ":kind": {"S": f"{keys.CITIZEN_QUOTA}{day}"},
                },
            }
        }
        operations = [quota, self.table.put_operation(self.proposal_item(proposal), "attribute_not_exists(pk)")]
        listed = StoredItem(
            keys.process_proposal(proposal.process_id, _stamp(proposal.created_at), proposal.id),
            "ProcessProposal",
            "{}",
            {"proposal_id": {"S": proposal.id}},
        )
        operations.append(self.table.put_operation(listed))
        duplicate = self._claim_duplicate_key(proposal, proposal.fingerprint) if proposal.fingerprint else None
        if duplicate is not None:
            operations.append(duplicate)
        if proposal.status == ProposalStatus.PUBLISHED:
            operations += [self.table.put_operation(i) for i in self._listing_items(proposal)]
        elif proposal.status == ProposalStatus.PENDING_REVIEW:
            operations.append(self.table.put_operation(self._review_item(proposal)))
        try:
            self.table.transact(operations)
        except TransactionCancelledError as exc:
            # Only the quota's own condition means "over the daily limit", wherever it sits.
            if exc.reason_at(operations.index(quota)) == "ConditionalCheckFailed":
                raise QuotaExceededError("quota") from exc
            claim = operations.index(duplicate) if duplicate is not None else -1
            if claim >= 0 and len(exc.reasons) > claim and exc.reasons[claim] == "ConditionalCheckFailed":
                raise DuplicateKeyTakenError("duplicate") from exc
            raise

    # the lifecycle beyond publish/reject (issue 15) -------------------------------------------
    def _claim_duplicate_key(self, proposal: Proposal, fingerprint: str) -> dict[str, Any]:
        item = StoredItem(
            keys.duplicate_key(proposal.author_id, proposal.ballot_id, fingerprint),
            "DuplicateKey",
            "{}",
            {"proposal_id": {"S": proposal.id}},
        )
        return self.table.put_operation(item, "attribute_not_exists(pk)")

    def _review_entry(self, proposal: Proposal) -> Key:
        return keys.review_entry(_stamp(proposal.created_at), proposal.id)

    def _review_item(self, proposal: Proposal) -> StoredItem:
        """The queue entry, with what the queue filters on (process, reasons) and its revision (the
        stream-derived counts name each entry's version: tallies_from_change)."""
        return StoredItem(
            self._review_entry(proposal),
            "ReviewEntry",
            "{}",
            {
                "proposal_id": {"S": proposal.id},
                "process_id": {"S": proposal.process_id},
                "reasons": {"SS": queue_reasons(proposal)},
                "instance": {"S": str(proposal.revision)},
            },
        )

    def change(
        self,
        before: Proposal,
        after: Proposal,
        extra: list[dict[str, Any]] | None = None,
        *,
        forget_author: bool = False,
    ) -> None:
        """Move a proposal from `before` to `after` in one transaction, conditioned on the stored
        status and revision (a stale page, a double click or a racing moderator is a 409):

        - the review queue entry exists exactly while it waits for a moderator (held or hidden);
        - listings are written the first time it is published (a hidden one keeps its listings:
          reads skip what is not published, and restoring it changes only its status);
        - its duplicate key follows its text, and is released when it is rejected or withdrawn,
          so the author may send a corrected copy;
        - `extra` carries the audit entry's puts, so the decision and its record are one write;
        - `forget_author` takes it out of its author's index (an account deleted, a process's
          personal data anonymised)."""
        waiting = {ProposalStatus.PENDING_REVIEW, ProposalStatus.HIDDEN}
        # an Update, not a Put: the counters the stream keeps on the item (supports, responses) stay
        update = {
            "Update": {
                "Key": self.table._key(keys.proposal(after.id)),
                "UpdateExpression": "SET #doc = :doc, #status = :status, revision = :next"
                + (" REMOVE gsi1pk, gsi1sk" if forget_author else ""),
                "ConditionExpression": "#status = :was AND (attribute_not_exists(revision) OR revision = :rev)",
                "ExpressionAttributeNames": {"#status": "status", "#doc": "doc"},
                "ExpressionAttributeValues": {
                    ":doc": {"S": after.model_dump_json()},
                    ":status": {"S": after.status.value},
                    ":next": {"N": str(after.revision)},
                    ":was": {"S": before.status.value},
                    ":rev": {"N": str(before.revision)},
                },
            }
        }
        operations: list[dict[str, Any]] = [update]
        entry = self._review_entry(after)
        if before.status in waiting and after.status not in waiting:
            operations.append({"Delete": {"Key": self.table._key(entry)}})
        elif after.status in waiting:  # entering the queue, or waiting still with new reasons
            operations.append(self.table.put_operation(self._review_item(after)))
        if after.status == ProposalStatus.PUBLISHED and before.published_at is None:
            operations += [self.table.put_operation(i) for i in self._listing_items(after)]
        released = after.status in (ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN)
        old_key, new_key = before.fingerprint, None if released else after.fingerprint
        if old_key and old_key != new_key:
            operations.append(
                {"Delete": {"Key": self.table._key(keys.duplicate_key(before.author_id, before.ballot_id, old_key))}}
            )
        claim_at = len(operations)
        if new_key and new_key != old_key:
            operations.append(self._claim_duplicate_key(after, new_key))
        operations += extra or []
        try:
            self.table.transact(operations)
        except TransactionCancelledError as exc:
            if len(exc.reasons) > claim_at and exc.reasons[claim_at] == "ConditionalCheckFailed":
                raise DuplicateKeyTakenError("duplicate") from exc
            raise ProposalStateError(text("proposal.state_changed")) from exc

    def add_report(self, proposal_id: str, user_id: str, reason: str, at: datetime) -> int:
        """One report per (proposal, citizen), nothing else in the write; returns how many reports
        there are, counted up to `REPORTS_TO_HIDE` (one Query of at most that many keys)."""
        doc = json.dumps({"reason": reason, "at": _stamp(at)})
        mine = keys.citizen_index(user_id, keys.CITIZEN_REPORT, proposal_id)
        try:
            self.table.put_if(
                StoredItem(keys.proposal_report(proposal_id, user_id), "Report", doc, mine), "attribute_not_exists(pk)"
            )
        except ConditionFailedError as exc:
            raise AlreadyReportedError(text("proposal.already_reported")) from exc
        items, _ = self.table.query_page(
            keys.proposal_pk(proposal_id), sk_prefix=keys.REPORT_PREFIX, limit=REPORTS_TO_HIDE
        )
        return len(items)

    def decide(self, proposal: Proposal) -> None:
        """Record a moderation decision on a proposal that was pending review."""
        item = self.proposal_item(proposal)
        put = self.table.put_operation(item, "#status = :pending")
        put["Put"]["ExpressionAttributeNames"] = {"#status": "status"}
        put["Put"]["ExpressionAttributeValues"] = {":pending": {"S": ProposalStatus.PENDING_REVIEW.value}}
        operations = [
            put,
            {"Delete": {"Key": keys.key_attributes(keys.review_entry(_stamp(proposal.created_at), proposal.id))}},
        ]
        if proposal.status == ProposalStatus.PUBLISHED:
            operations += [self.table.put_operation(i) for i in self._listing_items(proposal)]
        try:
            self.table.transact(operations)
        except TransactionCancelledError as exc:
            raise ProposalStateError(text("proposal.state_changed")) from exc

    def add_support(self, proposal_id: str, user_id: str, at: datetime) -> int:
        """One item per (proposal, citizen), nothing else: the count is derived from the stream.
        Returns the count including this support (see `_supports_after`)."""
        # `instance` tells a support given again after a withdrawal apart from the first (its own event)
        doc = {"at": _stamp(at), "instance": uuid.uuid4().hex[:16]}
        # listed among the citizen's own items (gsi1) on the same item: an account deletion finds it
        mine = keys.citizen_index(user_id, keys.CITIZEN_SUPPORT, proposal_id)
        support = StoredItem(keys.support(proposal_id, user_id), "Support", json.dumps(doc), mine)
        try:
            self.table.put_if(support, "attribute_not_exists(pk)")
        except ConditionFailedError as exc:
            raise AlreadySupportedError(text("proposal.already_supported")) from exc
        return self._supports_after(proposal_id, support_event_id(True, proposal_id, user_id, doc["instance"]), 1)

    def remove_support(self, proposal_id: str, user_id: str) -> int:
        try:
            old = self.table.delete_if(keys.support(proposal_id, user_id), "attribute_exists(pk)")
        except ConditionFailedError as exc:
            raise NotSupportedError(text("proposal.not_supported")) from exc
        instance = support_instance(json.loads(old.get("doc", {}).get("S", "{}")))
        return self._supports_after(proposal_id, support_event_id(False, proposal_id, user_id, instance), -1)

    def _supports_after(self, proposal_id: str, event_id: str, delta: int) -> int:
        """The count as the citizen expects to see it right after their change, whether or not the
        stream has counted it yet: the proposal and the change's tally marker in one BatchGetItem."""
        head, marker = keys.proposal(proposal_id), keys.tally_marker(event_id, keys.proposal(proposal_id))
        found = self.table.batch_get([head, marker])
        supports = self._counts(found[head])[0] if head in found else 0
        return max(supports + (0 if marker in found else delta), 0)

    def put_response(self, proposal: Proposal, response: PartyResponse, audit: Sequence[Operation] = ()) -> None:
        """Create or replace a contender's answer; the first answer counts and marks the inbox entry.
        `audit` (the audit entry's operations) is written in the same transaction."""
        assert proposal.published_at is not None
        item = StoredItem(
            keys.response(proposal.id, response.contender_id),
            "Response",
            response.model_dump_json(),
            # the process lets the stream move the contender's inbox counts (events/tallies.py)
            {"version": {"N": str(response.version)}, "process_id": {"S": proposal.process_id}},
        )
        if response.version == 1:
            put = self.table.put_operation(item, "attribute_not_exists(pk)")
        else:
            put = self.table.put_operation(item, "version = :previous")
            put["Put"]["ExpressionAttributeValues"] = {":previous": {"N": str(response.version - 1)}}
        operations = [put]
        if response.version == 1:  # the response and inbox counts follow from the stream
            inbox = keys.inbox_entry(
                proposal.process_id, response.contender_id, _stamp(proposal.published_at), proposal.id
            )
            operations.append(
                {
                    "Update": {
                        "Key": keys.key_attributes(inbox),
                        "UpdateExpression": "SET answered = :yes",
                        "ExpressionAttributeValues": {":yes": {"BOOL": True}},
                    }
                }
            )
        operations += audit
        try:
            self.table.transact(operations)
        except TransactionCancelledError as exc:
            raise ProposalStateError(text("proposal.state_changed")) from exc

    # reads -----------------------------------------------------------------------------------
    @staticmethod
    def _counts(item: StoredItem) -> tuple[int, int]:
        supports = int(item.attributes.get("supports", {}).get("N", "0"))
        responses = int(item.attributes.get("responses", {}).get("N", "0"))
        return supports, responses

    def get(self, proposal_id: str) -> tuple[Proposal, int, int] | None:
        item = self.table.get(keys.proposal(proposal_id))
        if item is None:
            return None
        return (Proposal.model_validate_json(item.doc), *self._counts(item))

    def get_with_responses(self, proposal_id: str) -> tuple[Proposal, int, list[PartyResponse]] | None:
        """The proposal, its support count and its responses, in one Query of its partition that stops
        before the supports (10,000 supporters cost what one does)."""
        items, _ = self.table.query_page(
            keys.proposal_pk(proposal_id), sk_between=keys.PROPOSAL_HEAD_RANGE, limit=MAX_RESPONSES_READ
        )
        head = next((i for i in items if i.entity == "Proposal"), None)
        if head is None:
            return None
        responses = [PartyResponse.model_validate_json(i.doc) for i in items if i.entity == "Response"]
        return Proposal.model_validate_json(head.doc), self._counts(head)[0], responses

    def get_response(self, proposal_id: str, contender_id: str) -> PartyResponse | None:
        item = self.table.get(keys.response(proposal_id, contender_id))
        return PartyResponse.model_validate_json(item.doc) if item else None

    def supporters(self, proposal_id: str) -> Iterator[list[str]]:
        """The supporters' ids, a page at a time (the fan-out never holds them all at once)."""
        cursor = None
        while True:
            items, cursor = self.table.query_page(
                keys.proposal_pk(proposal_id), sk_prefix=keys.SUPPORT_PREFIX, limit=SUPPORTERS_PAGE, cursor=cursor
            )
            if items:
                yield [i.key.sk.removeprefix(keys.SUPPORT_PREFIX) for i in items]
            if not cursor:
                return

    def by_author(
        self, user_id: str, limit: int, cursor: str | None
    ) -> tuple[list[tuple[Proposal, int, int]], str | None]:
        items, last = self._listing_page(
            keys.author_pk(user_id), index=keys.AUTHOR_INDEX, limit=limit, cursor=cursor, newest_first=True
        )
        return [(Proposal.model_validate_json(i.doc), *self._counts(i)) for i in items], encode_cursor(last)

    def _hydrate(self, ids: list[str], *, published_only: bool = False) -> list[tuple[Proposal, int, int]]:
        """The proposals of a page of listings; `published_only` skips hidden ones (their listings stay
        until a moderator decides, so restoring one rewrites nothing)."""
        found = self.table.batch_get([keys.proposal(i) for i in ids])
        result = []
        for proposal_id in ids:
            item = found.get(keys.proposal(proposal_id))
            if item is None:
                continue
            proposal = Proposal.model_validate_json(item.doc)
            if published_only and proposal.status != ProposalStatus.PUBLISHED:
                continue
            result.append((proposal, *self._counts(item)))
        return result

    def feed(
        self,
        facet: str,
        value: str,
        *,
        limit: int,
        cursor: str | None,
        filters: dict[str, str],
    ) -> tuple[list[tuple[Proposal, int, int]], str | None]:
        """Newest published first; `filters` narrows by the other facets (topic, ballot, municipality, party)."""
        clauses, names, values = [], {}, {}
        for n, (name, wanted) in enumerate(sorted(filters.items())):
            names[f"#f{n}"] = "parties" if name == "party" else name
            values[f":f{n}"] = {"S": wanted}
            clauses.append(f"contains(#f{n}, :f{n})" if name == "party" else f"#f{n} = :f{n}")
        items, last = self._listing_page(
            keys.feed_pk(facet, value),
            limit=limit,
            cursor=cursor,
            newest_first=True,
            filter_expression=" AND ".join(clauses) or None,
            filter_names=names or None,
            filter_values=values or None,
        )
        ids = [i.attributes["proposal_id"]["S"] for i in items]
        return self._hydrate(ids, published_only=True), encode_cursor(last)

    def inbox(
        self,
        process_id: str,
        contender_id: str,
        *,
        limit: int,
        cursor: str | None,
        answered: bool | None,
        filters: dict[str, str] | None = None,
    ) -> tuple[list[tuple[Proposal, int, int, bool]], str | None]:
        """Newest first; `filters` narrows by `ballot` and/or `topic` (attributes of the inbox entry)."""
        clauses: list[str] = []
        values: dict[str, Any] = {}
        names: dict[str, str] = {}
        if answered is not None:
            clauses.append("answered = :a")
            values[":a"] = {"BOOL": answered}
        for n, (name, wanted) in enumerate(sorted((filters or {}).items())):
            names[f"#f{n}"] = name
            values[f":f{n}"] = {"S": wanted}
            clauses.append(f"#f{n} = :f{n}")
        items, last = self._listing_page(
            keys.inbox_pk(process_id, contender_id),
            limit=limit,
            cursor=cursor,
            newest_first=True,
            filter_expression=" AND ".join(clauses) or None,
            filter_names=names or None,
            filter_values=values or None,
        )
        answered_by_id = {i.attributes["proposal_id"]["S"]: i.attributes["answered"]["BOOL"] for i in items}
        hydrated = self._hydrate(list(answered_by_id), published_only=True)
        return [(p, s, r, answered_by_id[p.id]) for p, s, r in hydrated], encode_cursor(last)

    def inbox_counts(self, process_id: str, contender_id: str) -> tuple[int, int]:
        """(unanswered, answered) of a contender's inbox: one GetItem of the counters item."""
        item = self.table.get(keys.inbox_counts(process_id, contender_id))
        if item is None:
            return 0, 0
        count = {k: int(item.attributes.get(k, {}).get("N", "0")) for k in ("unanswered", "answered")}
        return max(count["unanswered"], 0), count["answered"]

    def review_queue(
        self, limit: int, cursor: str | None, *, reason: str | None = None, process_id: str | None = None
    ) -> tuple[list[tuple[Proposal, int, int]], str | None]:
        """Oldest first; narrowed by a queue reason and/or a process (attributes of the entry)."""
        clauses, values = [], {}
        if reason:
            clauses.append("contains(reasons, :reason)")
            values[":reason"] = {"S": reason}
        if process_id:
            clauses.append("process_id = :process")
            values[":process"] = {"S": process_id}
        items, last = self._listing_page(
            keys.REVIEW_QUEUE_PK,
            limit=limit,
            cursor=cursor,
            filter_expression=" AND ".join(clauses) or None,
            filter_values=values or None,
        )
        return self._hydrate([i.attributes["proposal_id"]["S"] for i in items]), encode_cursor(last)

    def review_counts(self) -> dict[str, int]:
        """The queue's stream-derived counters (one GetItem): `total`, `reason:<r>`, `process:<id>`."""
        item = self.table.get(keys.review_counts())
        attributes = item.attributes if item else {}
        return {
            name: max(int(value["N"]), 0)
            for name, value in attributes.items()
            if isinstance(value, dict) and "N" in value and (name == "total" or ":" in name)
        }
