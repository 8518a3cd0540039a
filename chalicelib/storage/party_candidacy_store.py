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


def index_operations(table: DocumentTable, ballot: Ballot) -> list[dict[str, Any]]:
    """The same entries as transaction puts (a substitution changes the names searched)."""
    return [table.put_operation(item) for item in index_items(ballot)]


class PartyCandidacyStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def page(
        self, process_id: str, party_id: str, query: str | None, limit: int, cursor: dict[str, Any] | None
    ) -> tuple[list[tuple[str, str]], dict[str, Any] | None]:
        """(candidacy id, ballot id) of one page, by ballot; `query` filters on the search text."""
        needle = search_text(query) if query else None
        items, last = self.table.query_page(
            keys.party_candidacies_pk(process_id, party_id),
            limit=limit,
            cursor=cursor,
            filter_expression="contains(#search, :q)" if needle else None,
            filter_names={"#search": "search"} if needle else None,
            filter_values={":q": {"S": needle}} if needle else None,
        )
        found = [json.loads(item.doc) for item in items]
        return [(entry["candidacy_id"], entry["ballot_id"]) for entry in found], last
