"""The party index of candidacies (`PARTY_CANDIDACIES#<process>#<party>`), for "Mis candidaturas".

A candidacy lives inside its ballot. So that a party editor can page through every candidacy of
its party and of the coalitions it belongs to without reading every ballot, each candidacy has one
small index entry per party that prints it (the contender itself and each member), written with
the ballot. The entry holds only the ids and a search text; the page reads the ballots and
profiles it lists (two BatchGetItem calls per page, whatever the party's size)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from typing import Any

from chalicelib.elections.models import Ballot
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem

ENTITY = "PartyCandidacy"


def search_text(value: str) -> str:
    """Lowercase without accents, so "Texcoco" finds "TEXCOCO" and "Nezahualcóyotl" "nezahualcoyotl"."""
    decomposed = unicodedata.normalize("NFKD", value)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def index_items(ballot: Ballot) -> Iterator[StoredItem]:
    for candidacy in ballot.candidacies:
        text = search_text(
            " ".join(
                part
                for part in (ballot.place.name, candidacy.contender_name, candidacy.owner, candidacy.substitute)
                if part
            )
        )
        doc = json.dumps({"candidacy_id": candidacy.id, "ballot_id": ballot.id}, separators=(",", ":"))
        for party in dict.fromkeys([candidacy.contender_id, *candidacy.members]):
            yield StoredItem(
                keys.party_candidacy(ballot.process_id, party, ballot.id, candidacy.ballot_order, candidacy.id),
                ENTITY,
                doc,
                {"search": {"S": text}},
            )


def index_operations(table: DocumentTable, ballot: Ballot, candidacy_id: str | None = None) -> list[dict[str, Any]]:
    """The same entries as transaction puts (a substitution changes the names searched); only
    one candidacy's with `candidacy_id`."""
    return [
        table.put_operation(item)
        for item in index_items(ballot)
        if candidacy_id is None or item.key.sk.endswith(f"#{candidacy_id}")
    ]


class PartyCandidacyStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def page(
        self, process_id: str, party_id: str, query: str | None, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
        """(candidacy id, ballot id) of one page, by ballot; `query` filters on the search text.

        A search reads the index in larger steps (its entries are small) and at most
        `SEARCH_ROUNDS` Queries per request, so a place far down the list is found on the first
        page, and a request costs the same whatever the party's size."""
        pk = keys.party_candidacies_pk(process_id, party_id)
        if not query:
            items, last = self.table.query_page(pk, limit=limit, cursor=cursor)
            return [_ids(item) for item in items], last
        needle = search_text(query)
        found: list[StoredItem] = []
        start = cursor
        for _ in range(SEARCH_ROUNDS):
            items, last = self.table.query_page(
                pk,
                limit=SEARCH_STEP,
                cursor=start,
                filter_expression="contains(#search, :q)",
                filter_names={"#search": "search"},
                filter_values={":q": {"S": needle}},
            )
            found += items
            if len(found) >= limit:
                found = found[:limit]
                # the next page starts after the last entry shown, not after what was read
                return [_ids(item) for item in found], {"pk": {"S": pk}, "sk": {"S": found[-1].key.sk}}
            if not last:
                return [_ids(item) for item in found], None
            start = last
        return [_ids(item) for item in found], start


SEARCH_STEP = 250
SEARCH_ROUNDS = 4


def _ids(item: StoredItem) -> tuple[str, str]:
    entry = json.loads(item.doc)
    return entry["candidacy_id"], entry["ballot_id"]


# The institute's search by name across a whole process: every contender's partition in turn,
# each candidacy counted only in its own contender's partition (a coalition's is also indexed
# under each member), at most PROCESS_SEARCH_ROUNDS Queries a request whatever the process's size.
PROCESS_SEARCH_ROUNDS = 8


def _own_entry(item: StoredItem, contender_id: str) -> bool:
    candidacy_id, ballot_id = _ids(item)
    return candidacy_id == f"{ballot_id}.{contender_id}"


def search_process(
    table: DocumentTable,
    process_id: str,
    contender_ids: list[str],
    query: str,
    limit: int,
    cursor: dict[str, Any] | None,
) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
    """(candidacy id, ballot id) whose place, contender, owner or substitute contains `query`,
    contender by contender in `contender_ids` order; the cursor is the key to resume after
    (or, without `sk`, the start of a contender's partition). Returns None as cursor at the end.
    A cursor naming no partition of `contender_ids` raises ValueError."""
    needle = search_text(query)
    partitions = [keys.party_candidacies_pk(process_id, c) for c in contender_ids]
    first, start = 0, None
    if cursor:
        pk = cursor.get("pk", {}).get("S")
        if pk not in partitions:
            raise ValueError("cursor of another process")
        first = partitions.index(pk)
        start = cursor if "sk" in cursor else None
    found: list[StoredItem] = []
    rounds = 0
    for position in range(first, len(partitions)):
        pk, contender_id = partitions[position], contender_ids[position]
        while True:
            if rounds == PROCESS_SEARCH_ROUNDS:
                resume = start or {"pk": {"S": pk}}
                return [_ids(item) for item in found], resume
            items, last = table.query_page(
                pk,
                limit=SEARCH_STEP,
                cursor=start,
                filter_expression="contains(#search, :q)",
                filter_names={"#search": "search"},
                filter_values={":q": {"S": needle}},
            )
            rounds += 1
            found += [item for item in items if _own_entry(item, contender_id)]
            if len(found) >= limit:
                found = found[:limit]
                return [_ids(item) for item in found], {"pk": {"S": pk}, "sk": {"S": found[-1].key.sk}}
            if not last:
                start = None
                break
            start = last
    return [_ids(item) for item in found], None
