"""Geography of the State of Mexico as the electoral institute numbers it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# District numberings. The seeded map is INE's 2016 draft ("escenario 3"), not IEEM's official numbers.
INE2016_DRAFT_NUMBERING = "ine2016-escenario3"
OFFICIAL_NUMBERING = "ieem-oficial"
UNKNOWN_NUMBERING = "desconocida"


class Municipality(BaseModel):
    """A municipality. `code` is the IEEM/INE number used by electoral data (not INEGI's)."""

    model_config = ConfigDict(frozen=True)

    code: str = Field(pattern=r"^[0-9]{3}$")
    inegi_code: str = Field(pattern=r"^[0-9]{3}$")
    cvegeo: str
    name: str
    seat: str
    population_2020: int | None = None


class DistrictMunicipality(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    sections: int
    whole: bool


class District(BaseModel):
    """A local district (diputación de mayoría relativa) in one section map."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1, le=99)
    section_map: str
    municipalities: list[DistrictMunicipality]
    numbering_note: str
    # Which numbering `number` is in (the section map's): numbers of two numberings never mix.
    numbering: str = UNKNOWN_NUMBERING


class SectionMap(BaseModel):
    """A versioned assignment of sections to municipalities and districts."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    numbering_note: str
    source: str
    section_count: int
    numbering: str = UNKNOWN_NUMBERING


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    section_map: str
    municipality_code: str | None
    municipality_name: str | None
    district: int | None
    note: str | None = None
