"""Typed reads and writes of the voting advice: a process's setup, its contenders' positions.

The setup (statements and calendar) is one item; each contender's positions are one item in
the process's partition, so the public read of every position is one Query whatever the
number of statements. An index entry per process lets the home page find published advice
with one Query.
"""

from __future__ import annotations

from collections.abc import Sequence

from chalicelib.advice.models import AdviceIndexEntry, AdviceSetup, ContenderPositions
from chalicelib.elections.models import ElectoralProcess
from chalicelib.proposals.models import Proposal
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, Operation, StoredItem


def _positions_item(positions: ContenderPositions) -> StoredItem:
    key = keys.advice_positions(positions.process_id, positions.contender_id)
    return StoredItem(key, "ContenderPositions", positions.model_dump_json())


class AdviceStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def get_process_and_setup(self, process_id: str) -> tuple[ElectoralProcess | None, AdviceSetup | None]:
        """The process and its advice setup in one BatchGetItem."""
        wanted = (keys.process(process_id), keys.advice_setup(process_id))
        found = self.table.batch_get(list(wanted))
        process = ElectoralProcess.model_validate_json(found[wanted[0]].doc) if wanted[0] in found else None
        setup = AdviceSetup.model_validate_json(found[wanted[1]].doc) if wanted[1] in found else None
        return process, setup

    def save_setup(self, setup: AdviceSetup, audit: Sequence[Operation] = ()) -> None:
        """The setup and its index entry, with `audit` (the audit entry's operations), in one transaction."""
        entry = AdviceIndexEntry(
            process_id=setup.process_id, publish_at=setup.publish_at, positions_close_at=setup.positions_close_at
        )
        self.table.transact(
            [
                self.table.put_operation(
                    StoredItem(keys.advice_setup(setup.process_id), "AdviceSetup", setup.model_dump_json())
                ),
                self.table.put_operation(
                    StoredItem(keys.advice_index_entry(setup.process_id), "AdviceIndexEntry", entry.model_dump_json())
                ),
                *audit,
            ]
        )

    def list_index(self) -> list[AdviceIndexEntry]:
        items = self.table.query(keys.ADVICE_INDEX_PK)
        return [AdviceIndexEntry.model_validate_json(i.doc) for i in items]

    def get_positions(self, process_id: str, contender_id: str) -> ContenderPositions | None:
        item = self.table.get(keys.advice_positions(process_id, contender_id))
        return ContenderPositions.model_validate_json(item.doc) if item else None

    def list_positions(self, process_id: str) -> list[ContenderPositions]:
        items = self.table.query(keys.contenders_pk(process_id), keys.ADVICE_POSITIONS_PREFIX)
        return [ContenderPositions.model_validate_json(i.doc) for i in items]

    def save_positions(self, positions: ContenderPositions, audit: Sequence[Operation] = ()) -> None:
        """A contender's positions, with `audit` (the audit entry's operations) in the same transaction."""
        if audit:
            self.table.transact([self.table.put_operation(_positions_item(positions)), *audit])
        else:
            self.table.put(_positions_item(positions))

    def save_all_positions(self, positions: list[ContenderPositions]) -> int:
        return self.table.batch_put(_positions_item(p) for p in positions)

    def get_proposals(self, proposal_ids: list[str]) -> dict[str, tuple[Proposal, int]]:
        """Proposals a statement is drawn from, with their support counts (one BatchGetItem)."""
        found = self.table.batch_get([keys.proposal(i) for i in proposal_ids])
        result: dict[str, tuple[Proposal, int]] = {}
        for item in found.values():
            proposal = Proposal.model_validate_json(item.doc)
            result[proposal.id] = (proposal, int(item.attributes.get("supports", {}).get("N", "0")))
        return result
