"""Open data of results: one row per contender per ballot (the results phase on; none before)."""

from __future__ import annotations

from datetime import datetime

from chalicelib.elections.models import ElectoralProcess, Office, ballot_id, district_code
from chalicelib.elections.phases import phase_at
from chalicelib.elections.public import RESULTS_PHASES, find_process
from chalicelib.messages import text
from chalicelib.opendata.export import Column, OpenDataset
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.result_store import ResultStore

RESULT_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.results.{name}"))
    for name in (
        "process_id",
        "ballot_id",
        "place_name",
        "annulled",
        "replaced_by",
        "contender_id",
        "contender_name",
        "candidacy_id",
        "votes",
        "share",
        "winner",
        "valid_votes",
        "null_votes",
        "unregistered_votes",
        "total_votes",
        "nominal_list",
        "note",
        "source",
        "fictional",
    )
]


def _ballot_ids(process: ElectoralProcess) -> list[str]:
    ids = [ballot_id(process.id, Office.AYUNTAMIENTO, m) for m in process.scope.municipalities]
    return ids + [ballot_id(process.id, Office.DIPUTACION_MR, district_code(d)) for d in process.scope.districts]


def results(store: ElectionStore, process_id: str, now: datetime) -> OpenDataset:
    process = find_process(store, process_id)
    rows = []
    if phase_at(process.calendar, now).phase in RESULTS_PHASES:
        ids = _ballot_ids(process)
        ballots = store.get_ballots(ids)
        found = ResultStore(store.table).get_results(ids)
        for bid in sorted(found):
            result, ballot = found[bid], ballots.get(bid)
            for cell in result.votes:
                rows.append(
                    {
                        "process_id": process.id,
                        "ballot_id": bid,
                        "place_name": ballot.place.name if ballot else None,
                        "annulled": result.annulled,
                        "replaced_by": result.replaced_by,
                        "contender_id": cell.contender_id,
                        "contender_name": cell.contender_name,
                        "candidacy_id": cell.candidacy_id,
                        "votes": cell.votes,
                        "share": cell.share,
                        "winner": cell.contender_id == result.winner_contender_id,
                        **result.totals.model_dump(),
                        "note": result.note,
                        "source": result.source,
                        "fictional": result.fictional,
                    }
                )
    licence = text("opendata.licence.drill") if process.is_drill else OpenDataset.model_fields["licence"].default
    if process.data_sources and not process.is_drill:
        licence = text("opendata.licence.sources")
    return OpenDataset(
        process_id=process.id,
        dataset="results",
        licence=licence,
        sources=process.data_sources,
        columns=[Column(name=n, description=d) for n, d in RESULT_COLUMNS],
        rows=rows,
    )
