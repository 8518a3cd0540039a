"""The open-data files built on request (catalogue, candidacies, results, commitments) as one service
owning its store and clock, so each route is one `deps().open_datasets.<verb>(...)` call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.commitments import opendata as commitments_opendata
from chalicelib.opendata import export
from chalicelib.results import opendata as results_opendata
from chalicelib.storage.election_store import ElectionStore


class OpenDatasets:
    def __init__(self, store: ElectionStore, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.clock = clock

    def catalogue(self) -> export.OpenDataCatalogue:
        return export.catalogue(self.store)

    def candidacies(self, process_id: str) -> export.OpenDataset:
        return export.candidacies(self.store, process_id)

    def candidacies_csv(self, process_id: str) -> str:
        return export.to_csv(self.candidacies(process_id))

    def results(self, process_id: str) -> export.OpenDataset:
        return results_opendata.results(self.store, process_id, self.clock())

    def results_csv(self, process_id: str) -> str:
        return export.to_csv(self.results(process_id))

    def commitments(self, process_id: str) -> export.OpenDataset:
        return commitments_opendata.items(self.store, process_id)

    def commitments_csv(self, process_id: str) -> str:
        return export.to_csv(self.commitments(process_id))

    def commitment_updates(self, process_id: str) -> export.OpenDataset:
        return commitments_opendata.updates(self.store, process_id)

    def commitment_updates_csv(self, process_id: str) -> str:
        return export.to_csv(self.commitment_updates(process_id))
