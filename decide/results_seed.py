"""The 2021 council results (decide/data/edomex/) and the two extraordinary elections' outcomes.

The ordinary file is loaded through the same importer as `decide import-results`. The
extraordinary elections have no vote file: Nextlalpan's winner is what the IEEM's certificate
reported (votes unknown), Atlautla's outcome is not in the sources (everything unknown).
"""

from __future__ import annotations

from typing import Any

from chalicelib.elections.models import DataSource, Office, ballot_id
from chalicelib.messages import text
from chalicelib.results.importer import ResultSource, build_result, import_results
from chalicelib.results.models import ResultTotals
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.result_store import ResultStore
from decide.geography_seed import data_file

RESULTS_2021 = "edomex_2021_ayuntamientos_resultados.csv"
RESULTS_2021_URL = "https://github.com/emagar/elecRetrns"
RESULTS_2021_SOURCE = DataSource(
    dataset="Resultados de ayuntamientos 2021 (votos por partido o coalición y municipio)",
    title="Cómputos municipales del IEEM 2021, compilados en emagar/elecRetrns (datosBrutos/mex2021aymu.csv)",
    url=RESULTS_2021_URL,
    credit="Eric Magar, Recent Mexican election vote returns repository. La planilla con más votos es un "
    "dato derivado del cómputo municipal, no el resultado tras las impugnaciones.",
)
NEXTLALPAN_WINNER = "morena"


def _source_of(facts: dict[str, Any], municipality: str) -> str:
    item = next(e for e in facts["elecciones_extraordinarias"] if e["municipio"] == municipality)
    return str(item["fuentes"][-1])


def seed_results(store: ElectionStore, facts: dict[str, Any], ordinary: str, nextlalpan: str, atlautla: str) -> int:
    """Load the 2021 counts and the extraordinary outcomes; returns the number of result items written."""
    results = ResultStore(store.table)
    report = import_results(
        store,
        results,
        ordinary,
        data_file(RESULTS_2021),
        ResultSource(title=text("results.source_2021"), url=RESULTS_2021_URL),
    )
    if not report.ok:
        raise RuntimeError(f"the 2021 results file does not validate: {report.issues[:3]}")
    written = report.results_written
    extraordinary = [
        (nextlalpan, "059", NEXTLALPAN_WINNER, "results.nextlalpan_extraordinary", "Nextlalpan"),
        (atlautla, "015", None, "results.atlautla_extraordinary", "Atlautla"),
    ]
    for process_id, code, winner, note, municipality in extraordinary:
        ballot = store.get_ballot(ballot_id(process_id, Office.AYUNTAMIENTO, code))
        assert ballot is not None, f"seed {process_id} before its results"
        unknown = build_result(
            ballot, {}, ResultTotals(), {}, text(note), ResultSource(text("results.source_press")), False
        )
        candidacy = next((c.id for c in ballot.candidacies if c.contender_id == winner), None)
        result = unknown.model_copy(
            update={
                "winner_contender_id": winner,
                "winner_candidacy_id": candidacy,
                "source_url": _source_of(facts, municipality),
            }
        )
        written += results.save_results([result])
    return written
