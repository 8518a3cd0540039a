"""DynamoDB operations of the published-questionnaire index and the process's statistics counters."""

from __future__ import annotations

from typing import Any

from chalicelib.profiles.search import CandidacyEntry, Facet
from chalicelib.storage import keys
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor
from chalicelib.storage.table import DocumentTable, StoredItem

# The native attributes a FilterExpression reads (the document is JSON).
FILTER_ATTRIBUTES = {
    Facet.OFFICE: "office",
    Facet.SEX: "sex",
    Facet.AGE_RANGE: "age_range",
    Facet.EDUCATION: "education",
    Facet.AFFIRMATIVE_ACTION: "affirmative_action",
}


class QuestionnaireStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    @staticmethod
    def _keys(entry: CandidacyEntry | None, process_id: str) -> list[keys.Key]:
        if entry is None:
            return []
        return [
            keys.candidacy_index_entry(
                process_id, facet.value, value, entry.ballot_id, entry.ballot_order, entry.candidacy_id
            )
            for facet, values in entry.facet_values().items()
            for value in values
        ]

    def index_operations(
        self, process_id: str, before: CandidacyEntry | None, after: CandidacyEntry | None
    ) -> list[dict[str, Any]]:
        """Deletes of the entries the previous publication had and this one has not, puts of this one's."""
        new = self._keys(after, process_id)
        gone = [k for k in self._keys(before, process_id) if k not in new]
        operations: list[dict[str, Any]] = [{"Delete": {"Key": keys.key_attributes(k)}} for k in gone]
        if after is None:
            return operations
        attributes: dict[str, Any] = {"parties": {"SS": sorted(set(after.parties))}}
        values = {
            "office": after.office,
            "sex": after.sex,
            "age_range": after.age_range,
            "education": after.education,
            "affirmative_action": after.affirmative_action,
        }
        attributes.update({name: {"S": value.value} for name, value in values.items() if value is not None})
        doc = after.model_dump_json()
        operations += [self.table.put_operation(StoredItem(k, "CandidacyIndexEntry", doc, attributes)) for k in new]
        return operations

    def counters_operation(self, process_id: str, deltas: dict[str, int]) -> dict[str, Any] | None:
        """One ADD of every changed counter of the process's statistics item (None: nothing changed)."""
        if not deltas:
            return None
        names = {f"#c{i}": name for i, name in enumerate(deltas)}
        values = {f":c{i}": {"N": str(delta)} for i, delta in enumerate(deltas.values())}
        values[":entity"] = {"S": "CandidacyStatistics"}
        expression = "ADD " + ", ".join(f"#c{i} :c{i}" for i in range(len(deltas))) + " SET entity = :entity"
        return {
            "Update": {
                "Key": keys.key_attributes(keys.candidacy_statistics(process_id)),
                "UpdateExpression": expression,
                "ExpressionAttributeNames": names,
                "ExpressionAttributeValues": values,
            }
        }

    def counters(self, process_id: str) -> dict[str, int]:
        item = self.table.get(keys.candidacy_statistics(process_id))
        if item is None:
            return {}
        return {name: int(value["N"]) for name, value in item.attributes.items() if "N" in value}

    def search(
        self,
        process_id: str,
        facet: Facet,
        value: str,
        filters: dict[Facet, str],
        limit: int,
        cursor: str | None,
    ) -> tuple[list[CandidacyEntry], str | None]:
        """One Query of one index partition; the other filters as a FilterExpression."""
        conditions, names, values = [], {}, {}
        for index, (other, wanted) in enumerate(sorted(filters.items())):
            if (other, wanted) == (facet, value):
                continue
            values[f":f{index}"] = {"S": wanted}
            if other == Facet.PARTY:
                conditions.append(f"contains(parties, :f{index})")
            else:
                names[f"#f{index}"] = FILTER_ATTRIBUTES[other]
                conditions.append(f"#f{index} = :f{index}")
        items, last = self.table.query_page(
            keys.candidacy_index_pk(process_id, facet.value, value),
            limit=limit,
            cursor=decode_cursor(cursor),
            filter_expression=" AND ".join(conditions) or None,
            filter_names=names or None,
            filter_values=values or None,
        )
        return [CandidacyEntry.model_validate_json(i.doc) for i in items], encode_cursor(last)

    def published_entries(self, process_id: str) -> dict[str, CandidacyEntry]:
        """Every published candidacy of a process: the index's `all` partition (Queries of its pages)."""
        items = self.table.query(keys.candidacy_index_pk(process_id, Facet.ALL.value, "all"))
        entries = (CandidacyEntry.model_validate_json(i.doc) for i in items)
        return {e.candidacy_id: e for e in entries}
