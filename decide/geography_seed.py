"""Geography from the data folder: municipalities, the 2016 section map and its districts."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from chalicelib.geography.models import (
    INE2016_DRAFT_NUMBERING,
    District,
    DistrictMunicipality,
    Municipality,
    Section,
    SectionMap,
)

SECTION_MAP_ID = "ine2016-esc3"
NUMBERING_NOTE = "Distritos del mapa de INE 2016 con numeración del borrador («escenario 3»), no la numeración oficial."


DATA_DIR = Path(__file__).resolve().parent / "data" / "edomex"


def data_file(name: str) -> str:
    return (DATA_DIR / name).read_text(encoding="utf-8")


def _rows(name: str) -> list[dict[str, Any]]:
    return list(csv.DictReader(data_file(name).splitlines()))


def municipalities() -> list[Municipality]:
    return [
        Municipality(
            code=r["ine_mun"],
            inegi_code=r["cve_mun"],
            cvegeo=r["cvegeo"],
            name=r["nom_mun"],
            seat=r["nom_cabecera"],
            population_2020=int(r["pob_total_2020"]),
        )
        for r in _rows("edomex_municipios_inegi.csv")
    ]


def sections() -> list[Section]:
    result = []
    for r in _rows("edomex_secciones_distritos_locales.csv"):
        known = bool(r["municipio"])
        result.append(
            Section(
                number=int(r["seccion"]),
                section_map=SECTION_MAP_ID,
                municipality_code=r["ine_mun"] if known else None,
                municipality_name=r["municipio"] if known else None,
                district=int(r["distrito_local_ine2016_esc3"]) if r["distrito_local_ine2016_esc3"] else None,
                note=r["nota"] or None,
            )
        )
    return result


def section_map(section_count: int) -> SectionMap:
    return SectionMap(
        id=SECTION_MAP_ID,
        name="Secciones y distritos locales, redistritación INE 2016",
        numbering_note=NUMBERING_NOTE,
        source="emagar/mxDistritos mapasComparados/loc/mexLoc.csv (MIT, Eric Magar)",
        section_count=section_count,
        numbering=INE2016_DRAFT_NUMBERING,
    )


def districts() -> list[District]:
    members: dict[int, list[DistrictMunicipality]] = defaultdict(list)
    for r in _rows("edomex_distritos_locales_municipios.csv"):
        members[int(r["distrito_local_ine2016_esc3"])].append(
            DistrictMunicipality(
                code=r["ine_mun"],
                name=r["municipio"],
                sections=int(r["secciones_en_distrito"]),
                whole=r["municipio_completo"] == "si",
            )
        )
    return [
        District(
            number=n,
            section_map=SECTION_MAP_ID,
            municipalities=m,
            numbering_note=NUMBERING_NOTE,
            numbering=INE2016_DRAFT_NUMBERING,
        )
        for n, m in sorted(members.items())
    ]
