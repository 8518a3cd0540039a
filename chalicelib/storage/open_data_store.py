"""What the open-data exports read and record in the table.

The builder (a scheduled function, never a request) pages through a process's feed partition and
batch-reads those proposals, one page at a time, so memory stays bounded at any size. A request
reads only the export record: one GetItem, whatever the number of proposals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from chalicelib.proposals.models import Proposal
from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem

FEED_PAGE = 100  # one BatchGetItem per page (its limit is 100 keys)


@dataclass(frozen=True)
class ExportedProposal:
    proposal: Proposal
    supports: int
    responses: int


class ExportRecord(BaseModel):
    """Where a built export lives in the bucket, and what it holds."""

    process_id: str
    dataset: str
    json_key: str
    csv_key: str
    rows: int
    built_at: datetime


class OpenDataStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def proposal_pages(self, process_id: str, page: int = FEED_PAGE) -> Iterator[list[ExportedProposal]]:
        """The proposals of the process's feed, page by page, oldest first."""
        cursor = None
        while True:
            entries, cursor = self.table.query_page(keys.feed_pk("process", process_id), limit=page, cursor=cursor)
            ids = [e.attributes["proposal_id"]["S"] for e in entries if "proposal_id" in e.attributes]
            found = self.table.batch_get([keys.proposal(i) for i in ids]) if ids else {}
            rows = []
            for proposal_id in ids:
                item = found.get(keys.proposal(proposal_id))
                if item is not None:
                    rows.append(
                        ExportedProposal(
                            proposal=Proposal.model_validate_json(item.doc),
                            supports=int(item.attributes.get("supports", {}).get("N", "0")),
                            responses=int(item.attributes.get("responses", {}).get("N", "0")),
                        )
                    )
            yield rows
            if not cursor:
                return

    def record(self, process_id: str, dataset: str) -> ExportRecord | None:
        item = self.table.get(keys.open_data_export(process_id, dataset))
        return ExportRecord.model_validate_json(item.doc) if item else None

    def save_record(self, record: ExportRecord) -> None:
        key = keys.open_data_export(record.process_id, record.dataset)
        self.table.put(StoredItem(key, "OpenDataExport", record.model_dump_json()))
