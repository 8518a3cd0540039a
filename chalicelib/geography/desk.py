"""Municipalities and districts as one service owning its store and the default section map."""

from __future__ import annotations

from chalicelib.elections.views import DistrictList, MunicipalityList
from chalicelib.geography import public
from chalicelib.storage.election_store import ElectionStore


class Geography:
    def __init__(self, store: ElectionStore, default_section_map: str) -> None:
        self.store = store
        self.default_section_map = default_section_map

    def municipalities(self) -> MunicipalityList:
        return public.list_municipalities(self.store)

    def districts(self, query: public.DistrictQuery) -> DistrictList:
        return public.list_districts(self.store, query.section_map or self.default_section_map)
