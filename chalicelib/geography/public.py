"""Public reads of municipalities and local districts."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.public import NotFoundError
from chalicelib.elections.views import DistrictList, MunicipalityList
from chalicelib.messages import text
from chalicelib.storage.election_store import ElectionStore


class SectionMapNotFoundError(NotFoundError):
    code = "section_map_not_found"


class DistrictQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    section_map: str | None = Field(
        default=None, pattern=r"^[a-z0-9-]{1,40}$", description="Section map id (default: current map)"
    )


def list_municipalities(store: ElectionStore) -> MunicipalityList:
    return MunicipalityList(municipalities=sorted(store.list_municipalities(), key=lambda m: m.code))


def list_districts(store: ElectionStore, map_id: str) -> DistrictList:
    section_map = store.get_section_map(map_id)
    if section_map is None:
        raise SectionMapNotFoundError(text("section_map_not_found", section_map=map_id), {"field": "section_map"})
    districts = sorted(store.list_districts(map_id), key=lambda d: d.number)
    return DistrictList(section_map=section_map, districts=districts)
