"""Results of ballots: one item per ballot (`BALLOT#<id>` / `RESULT`), read with the ballot's process."""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.elections.models import ElectoralProcess
from chalicelib.results.models import BallotResult
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem


class ResultStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def save_results(self, results: Sequence[BallotResult]) -> int:
        items = (StoredItem(keys.ballot_result(r.ballot_id), "BallotResult", r.model_dump_json()) for r in results)
        return self.table.batch_put(items)

    def get_results(self, ballot_ids: Sequence[str]) -> dict[str, BallotResult]:
        found = self.table.batch_get([keys.ballot_result(b) for b in ballot_ids])
        results = (BallotResult.model_validate_json(i.doc) for i in found.values())
        return {r.ballot_id: r for r in results}

    def process_and_results(
        self, process_id: str, ballot_ids: Sequence[str]
    ) -> tuple[ElectoralProcess | None, dict[str, BallotResult]]:
        """One BatchGetItem for what a ballot page needs besides the ballot: its process, its result and
        the result of the extraordinary election that replaces it."""
        found = self.table.batch_get([keys.process(process_id), *(keys.ballot_result(b) for b in ballot_ids)])
        item = found.get(keys.process(process_id))
        process = ElectoralProcess.model_validate_json(item.doc) if item else None
        results = {}
        for bid in ballot_ids:
            stored = found.get(keys.ballot_result(bid))
            if stored is not None:
                results[bid] = BallotResult.model_validate_json(stored.doc)
        return process, results
