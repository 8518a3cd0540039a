"""The proposals export, built off the request path and served from the bucket.

A scheduled function (`publish_open_data` in app.py, every 10 minutes) rebuilds the proposals
files of each process the lookup lists (in course, or closed less than a year ago): it pages
through the feed (100 proposals a page), writes each row to spooled temporary files (JSON and
CSV, the same bytes the routes used to build) and streams them to the bucket, so memory stays
bounded at any number of proposals. Then it records where the files are.

A request reads only that record (one GetItem after the process's) and answers with a redirect to
the file: nothing on a request reads the proposals, and no response nears Lambda's 6 MB limit.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from chalicelib.elections.models import ElectoralProcess
from chalicelib.elections.public import find_process
from chalicelib.errors import NotFound
from chalicelib.messages import text
from chalicelib.opendata.export import PROPOSAL_COLUMNS, _cell, proposal_row, proposals_header
from chalicelib.proposals.models import ProposalStatus
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.open_data_files import OpenDataFiles, open_data_key
from chalicelib.storage.open_data_store import ExportRecord, OpenDataStore

SPOOL_BYTES = 8 * 1024 * 1024  # past this the temporary file goes to /tmp, not memory
JSON_TYPE = "application/json; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


class ExportNotBuiltError(NotFound):
    code = "export_not_built"


@dataclass(frozen=True)
class ExportLocation:
    url: str


class OpenDataPublisher:
    def __init__(
        self,
        *,
        elections: ElectionStore,
        store: OpenDataStore,
        files: OpenDataFiles,
        files_url: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.elections = elections
        self.store = store
        self.files = files
        self.files_url = files_url.rstrip("/")
        self.clock = clock

    # off the request path ---------------------------------------------------------------------
    def publish_all(self) -> dict[str, int]:
        """Rebuild the proposals export of every listed process; {process id: rows}."""
        return {p.id: self.publish(p).rows for p in self.elections.processes_in_course()}

    def publish(self, process: ElectoralProcess) -> ExportRecord:
        header = proposals_header(process).model_dump_json()
        # The model's JSON ends with its (empty) rows: stream the rows in their place.
        assert header.endswith('"rows":[]}'), "rows must stay the dataset's last field"
        names = [name for name, _ in PROPOSAL_COLUMNS]
        rows = 0
        with (
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as json_file,
            tempfile.SpooledTemporaryFile(SPOOL_BYTES) as csv_file,
        ):
            json_text = io.TextIOWrapper(json_file, encoding="utf-8", newline="")
            csv_text = io.TextIOWrapper(csv_file, encoding="utf-8", newline="")
            writer = csv.writer(csv_text, lineterminator="\r\n")
            writer.writerow(names)
            json_text.write(header[: -len("]}")])
            for page in self.store.proposal_pages(process.id):
                for entry in page:
                    if entry.proposal.status != ProposalStatus.PUBLISHED:
                        continue
                    row = proposal_row(entry)
                    json_text.write(("," if rows else "") + json.dumps(row, ensure_ascii=False, separators=(",", ":")))
                    writer.writerow([_cell(row.get(n)) for n in names])
                    rows += 1
            json_text.write("]}")
            # Flushed and detached: the wrappers must not close the files before they are uploaded.
            json_text.detach()
            csv_text.detach()
            record = ExportRecord(
                process_id=process.id,
                dataset="proposals",
                json_key=open_data_key(process.id, "proposals.json"),
                csv_key=open_data_key(process.id, "proposals.csv"),
                rows=rows,
                built_at=self.clock(),
            )
            self.files.upload(record.json_key, json_file, JSON_TYPE)
            self.files.upload(record.csv_key, csv_file, CSV_TYPE)
        self.store.save_record(record)
        return record

    # on the request path: the process, the record, a redirect -----------------------------------
    def proposals_url(self, process_id: str, csv_format: bool) -> str:
        return self.proposals_location(process_id, csv_format).url

    def proposals_location(self, process_id: str, csv_format: bool) -> ExportLocation:
        process = find_process(self.elections, process_id)
        record = self.store.record(process.id, "proposals")
        if record is None:
            raise ExportNotBuiltError(text("opendata.not_built"), {"field": "process"})
        key = record.csv_key if csv_format else record.json_key
        # The build time in the address: a rebuilt file is a new address for every cache on the way.
        return ExportLocation(url=f"{self.files_url}/{key}?v={int(record.built_at.timestamp())}")
