"""Validate and import an official candidate registry (CSV) into a process's ballots.

The CSV uses the columns of the IEEM municipal registry as republished in the data folder:

| column              | meaning                                                          |
|---------------------|------------------------------------------------------------------|
| `ine_mun`           | IEEM municipality number (council ballots)                       |
| `distrito_local`    | local district number (district ballots); optional column        |
| `numeracion`        | the district numbering the file uses (district rows, or:)        |
| `cabecera`          | the district's head town, checked against the process's map      |
| `postulante_codigo` | contender id: a party or coalition of the process, or `indep`    |
| `postulante_nombre` | contender name as on the ballot                                  |
| `tipo_postulacion`  | `partido`, `coalicion`, `candidatura_comun` or `independiente`    |
| `propietario`       | owner (head of the slate), as on the ballot                      |
| `suplente`          | substitute, as on the ballot                                     |

Each row is checked (a party is printed in one box per ballot, so it cannot be in two of its
candidacies); invalid rows are reported (line, field, reason) and skipped, valid rows
are written as whole ballots with batch writes. Importing the same file again rewrites the
same items: nothing is duplicated.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from chalicelib.elections.models import (
    Ballot,
    Candidacy,
    Contender,
    ContenderKind,
    ElectoralProcess,
    Office,
    Place,
    RegistryStatus,
    ballot_id,
    candidacy_id,
    district_code,
    municipality_code,
)
from chalicelib.elections.printed_ballot import JOINT_KINDS, print_ballot
from chalicelib.elections.public import find_process
from chalicelib.geography.models import District, Municipality, SectionMap
from chalicelib.messages import text as reason_text
from chalicelib.storage.election_store import ElectionStore

KIND_BY_LABEL = {
    "partido": ContenderKind.PARTY,
    "coalicion": ContenderKind.COALITION,
    "coalición": ContenderKind.COALITION,
    "candidatura_comun": ContenderKind.COMMON_CANDIDACY,
    "candidatura comun": ContenderKind.COMMON_CANDIDACY,
    "candidatura común": ContenderKind.COMMON_CANDIDACY,
    "common_candidacy": ContenderKind.COMMON_CANDIDACY,
    "independiente": ContenderKind.INDEPENDENT,
}
INDEPENDENT_CODE = "indep"
INDEPENDENT_ORDER_BASE = 100
REQUIRED_COLUMNS = ("postulante_codigo", "postulante_nombre", "tipo_postulacion", "propietario", "suplente")


class RegistryIssue(BaseModel):
    line: int
    field: str
    reason: str


class RegistryChange(BaseModel):
    """One candidacy the import added, changed (owner or substitute) or took off its ballot."""

    ballot_id: str
    place: str
    contender_id: str
    contender_name: str
    change: Literal["added", "changed", "removed"]
    before: str | None = None  # "owner / substitute" as stored before the import
    after: str | None = None


class RegistryReport(BaseModel):
    process_id: str
    rows_read: int
    rows_imported: int
    ballots_written: int
    contenders_written: int
    issues: list[RegistryIssue]
    # What a re-import changed, against the ballots as they were: every import says it.
    unchanged: int = 0
    changes: list[RegistryChange] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


@dataclass(frozen=True)
class RegistryRow:
    line: int
    office: Office
    place_code: str
    contender: Contender
    owner: str
    substitute: str


def _slug(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:40]


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _check_boxes(
    ballot: str,
    contender: Contender,
    line: int,
    seen_boxes: dict[tuple[str, str], int],
    problem: Callable[[str, str], None],
) -> None:
    """A party is printed in one box per ballot: alone or in one coalition, never both."""
    if contender.kind == ContenderKind.INDEPENDENT:
        return
    parties = contender.members if contender.kind in JOINT_KINDS else [contender.id]
    taken = next((p for p in parties if (ballot, p) in seen_boxes), None)
    if taken is not None:
        problem(
            "postulante_codigo",
            reason_text("registry_issue.party_twice", party=taken, line=seen_boxes[(ballot, taken)]),
        )
        return
    for party in parties:
        seen_boxes[(ballot, party)] = line


def _fold(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().lower().split())


def _check_numbering(
    number: int,
    raw: dict[str, str | None],
    section_map: SectionMap | None,
    districts: Mapping[int, District],
    problem: Callable[[str, str], None],
) -> None:
    """District numbers mean nothing without their numbering: a registry in another one (official
    numbers against the seeded draft map) would attach candidacies to the wrong voters."""
    numbering = section_map.numbering if section_map else None
    declared = _clean(raw.get("numeracion"))
    head_town = _clean(raw.get("cabecera"))
    if not declared and not head_town:
        problem("numeracion", reason_text("registry_issue.numbering_missing", numbering=numbering or "—"))
        return
    if declared and declared != numbering:
        problem(
            "numeracion",
            reason_text("registry_issue.numbering_other", declared=declared, numbering=numbering or "—"),
        )
        return
    district = districts.get(number)
    if head_town and district is not None and _fold(head_town) not in {_fold(m.name) for m in district.municipalities}:
        problem(
            "cabecera",
            reason_text("registry_issue.head_town", number=number, numbering=numbering or "—", head_town=head_town),
        )


def validate_registry(
    text: str,
    process: ElectoralProcess,
    municipalities: dict[str, Municipality],
    contenders: dict[str, Contender],
    section_map: SectionMap | None = None,
    districts: Mapping[int, District] | None = None,
) -> tuple[list[RegistryRow], list[RegistryIssue], int]:
    """Parse and check every row; returns valid rows, issues, and the number of rows read."""
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or [])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if "ine_mun" not in columns and "distrito_local" not in columns:
        missing.append("ine_mun|distrito_local")
    if missing:
        return (
            [],
            [
                RegistryIssue(line=1, field=m, reason=reason_text("import_issue.missing_column", column=m))
                for m in missing
            ],
            0,
        )

    rows: list[RegistryRow] = []
    issues: list[RegistryIssue] = []
    seen_slots: dict[tuple[str, str], int] = {}
    seen_boxes: dict[tuple[str, str], int] = {}  # (ballot, party) → line: one box per party
    independent_order: dict[str, int] = {}
    read = 0
    for line, raw in enumerate(reader, start=2):
        read += 1
        row_issues: list[RegistryIssue] = []

        def problem(field: str, reason: str, _line: int = line, _issues: list[RegistryIssue] = row_issues) -> None:
            _issues.append(RegistryIssue(line=_line, field=field, reason=reason))

        district_raw = _clean(raw.get("distrito_local"))
        municipality_raw = _clean(raw.get("ine_mun"))
        office, place_code = Office.AYUNTAMIENTO, ""
        if district_raw:
            office = Office.DIPUTACION_MR
            if not district_raw.isdigit() or int(district_raw) not in process.scope.districts:
                problem("distrito_local", reason_text("registry_issue.unknown_district", district=district_raw))
            else:
                place_code = district_code(district_raw)
                _check_numbering(int(district_raw), raw, section_map, districts or {}, problem)
        elif not municipality_raw.isdigit() or municipality_code(municipality_raw) not in municipalities:
            problem("ine_mun", reason_text("import_issue.unknown_municipality", municipality=municipality_raw))
        elif municipality_code(municipality_raw) not in process.scope.municipalities:
            problem("ine_mun", reason_text("registry_issue.outside_scope", municipality=municipality_raw))
        else:
            place_code = municipality_code(municipality_raw)

        owner, substitute = _clean(raw.get("propietario")), _clean(raw.get("suplente"))
        if not owner:
            problem("propietario", reason_text("registry_issue.missing_owner"))
        if not substitute:
            problem("suplente", reason_text("registry_issue.missing_substitute"))

        code = _clean(raw.get("postulante_codigo")).lower()
        kind = KIND_BY_LABEL.get(_clean(raw.get("tipo_postulacion")).lower())
        if kind is None:
            problem(
                "tipo_postulacion", reason_text("registry_issue.unknown_kind", kind=_clean(raw.get("tipo_postulacion")))
            )
        contender: Contender | None = None
        if code == INDEPENDENT_CODE or kind == ContenderKind.INDEPENDENT:
            if code != INDEPENDENT_CODE or kind != ContenderKind.INDEPENDENT:
                problem("tipo_postulacion", reason_text("registry_issue.independent"))
            elif place_code and owner:
                contender_id = f"ind-{place_code}-{_slug(owner)}"
                order = independent_order.setdefault(contender_id, INDEPENDENT_ORDER_BASE + len(independent_order))
                contender = Contender(
                    id=contender_id,
                    process_id=process.id,
                    kind=ContenderKind.INDEPENDENT,
                    name=f"Candidatura independiente: {owner}",
                    short_name="Independiente",
                    ballot_order=order,
                )
        else:
            contender = contenders.get(code)
            if contender is None:
                problem("postulante_codigo", reason_text("registry_issue.unknown_contender", contender=code))
            elif kind is not None and contender.kind != kind:
                problem(
                    "tipo_postulacion",
                    reason_text(
                        "registry_issue.kind_mismatch",
                        contender=code,
                        actual=reason_text(f"registry_issue.kind.{contender.kind.value}"),
                        declared=reason_text(f"registry_issue.kind.{kind.value}"),
                    ),
                )

        if contender is not None and place_code:
            slot = (ballot_id(process.id, office, place_code), contender.id)
            if slot in seen_slots:
                problem(
                    "propietario",
                    reason_text("registry_issue.slot_twice", contender=contender.id, line=seen_slots[slot]),
                )
            else:
                seen_slots[slot] = line
                _check_boxes(slot[0], contender, line, seen_boxes, problem)

        if row_issues:
            issues += row_issues
            continue
        assert contender is not None
        rows.append(RegistryRow(line, office, place_code, contender, owner, substitute))
    return rows, issues, read


def _place(office: Office, code: str, municipalities: dict[str, Municipality]) -> Place:
    if office == Office.AYUNTAMIENTO:
        return Place(kind="municipality", code=code, name=municipalities[code].name)
    return Place(kind="district", code=code, name=f"Distrito local {int(code)}")


def build_ballots(
    process: ElectoralProcess,
    rows: list[RegistryRow],
    existing: dict[str, Ballot],
    municipalities: dict[str, Municipality],
    contenders: Mapping[str, Contender],
) -> list[Ballot]:
    """Whole ballots, in printed order, from the valid rows; an existing ballot keeps its state and statuses."""
    by_ballot: dict[str, list[RegistryRow]] = defaultdict(list)
    for row in rows:
        by_ballot[ballot_id(process.id, row.office, row.place_code)].append(row)
    ballots = []
    for bid, ballot_rows in by_ballot.items():
        previous = existing.get(bid)
        old = {c.id: c for c in previous.candidacies} if previous else {}
        candidacies = []
        for row in ballot_rows:
            cid = candidacy_id(bid, row.contender.id)
            candidacy = Candidacy(
                id=cid,
                ballot_id=bid,
                contender_id=row.contender.id,
                contender_kind=row.contender.kind,
                contender_name=row.contender.name,
                ballot_order=row.contender.ballot_order,
                owner=row.owner,
                substitute=row.substitute,
                fictional=row.contender.fictional,
            )
            if cid in old:
                candidacy = candidacy.model_copy(update={"status": old[cid].status, "note": old[cid].note})
            candidacies.append(candidacy)
        printed, boxes = print_ballot(candidacies, contenders)
        first = ballot_rows[0]
        base = previous or Ballot(
            id=bid,
            process_id=process.id,
            office=first.office,
            place=_place(first.office, first.place_code, municipalities),
            registry_status=RegistryStatus.PUBLISHED,
        )
        ballots.append(
            base.model_copy(
                update={
                    "registry_status": RegistryStatus.PUBLISHED,
                    "registry_note": None,
                    "candidacies": printed,
                    "boxes": boxes,
                }
            )
        )
    return ballots


def import_registry(
    store: ElectionStore,
    process_id: str,
    text: str,
    progress: Callable[[int, int], None] | None = None,
) -> RegistryReport:
    """Validate `text` and write the valid rows' ballots (and independent contenders)."""
    process = find_process(store, process_id)
    municipalities = {m.code: m for m in store.list_municipalities()}
    contenders = {c.id: c for c in store.list_contenders(process_id)}
    section_map, districts = None, {}
    if "distrito_local" in text.split("\n", 1)[0]:  # district rows: their numbering is checked against the map
        section_map = store.get_section_map(process.section_map)
        districts = {d.number: d for d in store.list_districts(process.section_map)}
    rows, issues, read = validate_registry(text, process, municipalities, contenders, section_map, districts)
    ballot_ids = sorted({ballot_id(process.id, r.office, r.place_code) for r in rows})
    existing = store.get_ballots(ballot_ids)
    independents = list(
        {r.contender.id: r.contender for r in rows if r.contender.kind == ContenderKind.INDEPENDENT}.values()
    )
    ballots = build_ballots(process, rows, existing, municipalities, contenders)
    total = len(ballots) + len(independents)
    written = store.save_all([*independents, *ballots], on_batch=(lambda n: progress(n, total)) if progress else None)
    assert written == total
    unchanged, changes = registry_changes(existing, ballots)
    return RegistryReport(
        process_id=process_id,
        rows_read=read,
        rows_imported=len(rows),
        ballots_written=len(ballots),
        contenders_written=len(independents),
        issues=issues,
        unchanged=unchanged,
        changes=changes,
    )


def registry_changes(existing: Mapping[str, Ballot], written: list[Ballot]) -> tuple[int, list[RegistryChange]]:
    """How many candidacies stayed as they were, and each one added, changed or removed."""

    def slate(candidacy: Candidacy) -> str:
        return f"{candidacy.owner or '—'} / {candidacy.substitute or '—'}"

    unchanged = 0
    changes: list[RegistryChange] = []
    for ballot in written:
        before = {c.id: c for c in existing[ballot.id].candidacies} if ballot.id in existing else {}
        for candidacy in ballot.candidacies:
            old = before.pop(candidacy.id, None)
            base = {
                "ballot_id": ballot.id,
                "place": ballot.place.name,
                "contender_id": candidacy.contender_id,
                "contender_name": candidacy.contender_name,
            }
            if old is None:
                changes.append(RegistryChange(**base, change="added", after=slate(candidacy)))
            elif (old.owner, old.substitute) != (candidacy.owner, candidacy.substitute):
                changes.append(RegistryChange(**base, change="changed", before=slate(old), after=slate(candidacy)))
            else:
                unchanged += 1
        for old in before.values():
            changes.append(
                RegistryChange(
                    ballot_id=ballot.id,
                    place=ballot.place.name,
                    contender_id=old.contender_id,
                    contender_name=old.contender_name,
                    change="removed",
                    before=slate(old),
                )
            )
    return unchanged, changes
