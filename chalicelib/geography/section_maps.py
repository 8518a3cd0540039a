"""Load an official section → municipality/district table as a new section-map version.

The CSV has the columns `seccion`, `ine_mun` (IEEM municipality number) and `distrito_local`,
and optionally `nota`. Every row is checked (line, field, reason); a map is all or nothing: with
any issue nothing is written, because a half map would send voters to the wrong ballots. The map
names its district numbering, and so does each district, so numbers of two numberings are never
mixed. Importing the same file again rewrites the same keys: nothing is duplicated. A process is
pointed at the new map by updating its `section_map`.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.geography.models import District, DistrictMunicipality, Municipality, Section, SectionMap
from chalicelib.limits import SECTION_MAP_MAX_BYTES
from chalicelib.messages import text
from chalicelib.storage.election_store import ElectionStore

REQUIRED_COLUMNS = ("seccion", "ine_mun", "distrito_local")


class SectionMapUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", description="The new map version's id")
    name: str = Field(min_length=3, max_length=200)
    numbering: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", description="The district numbering it uses")
    numbering_note: str = Field(min_length=3, max_length=500, description="Said wherever its districts are shown")
    source: str = Field(min_length=3, max_length=500)
    csv: str = Field(min_length=1, max_length=SECTION_MAP_MAX_BYTES)


class SectionMapIssue(BaseModel):
    line: int
    field: str
    reason: str


class SectionMapReport(BaseModel):
    map_id: str
    numbering: str
    rows_read: int
    sections_written: int
    districts_written: int
    issues: list[SectionMapIssue]

    @property
    def ok(self) -> bool:
        return not self.issues


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def validate_section_map(
    upload: SectionMapUpload, municipalities: dict[str, Municipality]
) -> tuple[list[Section], list[SectionMapIssue], int]:
    reader = csv.DictReader(io.StringIO(upload.csv))
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        return (
            [],
            [SectionMapIssue(line=1, field=c, reason=text("import_issue.missing_column", column=c)) for c in missing],
            0,
        )
    sections: list[Section] = []
    issues: list[SectionMapIssue] = []
    seen: dict[int, int] = {}
    read = 0
    for line, raw in enumerate(reader, start=2):
        read += 1
        found = len(issues)
        number_raw, municipality_raw, district_raw = (_clean(raw.get(c)) for c in REQUIRED_COLUMNS)
        if not number_raw.isdigit() or int(number_raw) < 1:
            issues.append(
                SectionMapIssue(
                    line=line, field="seccion", reason=text("section_map_issue.not_a_section", value=number_raw)
                )
            )
        elif int(number_raw) in seen:
            issues.append(
                SectionMapIssue(
                    line=line,
                    field="seccion",
                    reason=text("section_map_issue.section_twice", section=int(number_raw), line=seen[int(number_raw)]),
                )
            )
        code = f"{int(municipality_raw):03d}" if municipality_raw.isdigit() else municipality_raw
        if code not in municipalities:
            issues.append(
                SectionMapIssue(
                    line=line,
                    field="ine_mun",
                    reason=text("import_issue.unknown_municipality", municipality=municipality_raw),
                )
            )
        if not district_raw.isdigit() or not 1 <= int(district_raw) <= 99:
            issues.append(
                SectionMapIssue(
                    line=line,
                    field="distrito_local",
                    reason=text("section_map_issue.not_a_district", value=district_raw),
                )
            )
        if len(issues) > found:
            continue
        seen[int(number_raw)] = line
        sections.append(
            Section(
                number=int(number_raw),
                section_map=upload.id,
                municipality_code=code,
                municipality_name=municipalities[code].name,
                district=int(district_raw),
                note=_clean(raw.get("nota")) or None,
            )
        )
    return sections, issues, read


def build_districts(upload: SectionMapUpload, sections: list[Section]) -> list[District]:
    """Each district with its municipalities (whole or in part) and section counts."""
    per_municipality: dict[str, int] = defaultdict(int)
    per_district: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[str, str] = {}
    for section in sections:
        assert section.district is not None and section.municipality_code is not None
        per_municipality[section.municipality_code] += 1
        per_district[section.district][section.municipality_code] += 1
        names[section.municipality_code] = section.municipality_name or section.municipality_code
    return [
        District(
            number=number,
            section_map=upload.id,
            municipalities=[
                DistrictMunicipality(code=code, name=names[code], sections=n, whole=n == per_municipality[code])
                for code, n in sorted(counts.items())
            ],
            numbering_note=upload.numbering_note,
            numbering=upload.numbering,
        )
        for number, counts in sorted(per_district.items())
    ]


def import_section_map(
    store: ElectionStore, upload: SectionMapUpload, progress: Callable[[int, int], None] | None = None
) -> SectionMapReport:
    municipalities = {m.code: m for m in store.list_municipalities()}
    sections, issues, read = validate_section_map(upload, municipalities)
    if issues or not sections:
        if not issues:
            issues = [SectionMapIssue(line=1, field="csv", reason=text("section_map_issue.no_sections"))]
        return SectionMapReport(
            map_id=upload.id,
            numbering=upload.numbering,
            rows_read=read,
            sections_written=0,
            districts_written=0,
            issues=issues,
        )
    districts = build_districts(upload, sections)
    section_map = SectionMap(
        id=upload.id,
        name=upload.name,
        numbering_note=upload.numbering_note,
        source=upload.source,
        section_count=len(sections),
        numbering=upload.numbering,
    )
    items = [section_map, *districts, *sections]
    store.save_all(items, on_batch=(lambda n: progress(n, len(items))) if progress else None)
    return SectionMapReport(
        map_id=upload.id,
        numbering=upload.numbering,
        rows_read=read,
        sections_written=len(sections),
        districts_written=len(districts),
        issues=[],
    )
