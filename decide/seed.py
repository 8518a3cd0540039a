"""Seed data: geography, the 2021 ordinary process, the two extraordinary elections, the drill.

Real people appear only with the registry's own fields. Everything invented (the drill) is
marked `fictional` / `is_drill` and labelled as such wherever it is shown.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from pydantic import BaseModel

from chalicelib.elections.models import (
    MEXICO_CITY,
    Ballot,
    BallotStatus,
    Calendar,
    Candidacy,
    Contender,
    ContenderKind,
    DataSource,
    ElectoralProcess,
    Office,
    Place,
    ProcessKind,
    RegistryStatus,
    Scope,
    ballot_id,
    candidacy_id,
    district_code,
)
from chalicelib.elections.printed_ballot import print_ballot
from chalicelib.messages import text
from chalicelib.notifications.models import DeliveryMode, PartySettings
from chalicelib.registry.importer import RegistryReport, import_registry
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from decide import advice_seed, content_seed, drill_activity, geography_seed, results_seed
from decide.geography_seed import SECTION_MAP_ID, data_file
from decide.questionnaire_seed import seed_questionnaires

ORDINARY_2021 = "2021-ord"
NEXTLALPAN = "2021-ext-nextlalpan"
ATLAUTLA = "2022-ext-atlautla"
DRILL = "simulacro"
REGISTRY_2021 = "edomex_2021_ayuntamientos_candidaturas.csv"

# Short names as printed; the party order itself is the facts file's ballot list
# (`partidos_en_boleta_ayuntamientos_2021`, IEEM municipal counts; see ATTRIBUTION.md).
SHORT_NAMES = {"pna": "NAEM", "fxm": "FxM", "morena": "Morena"}


def parties_2021() -> list[tuple[str, str, str]]:
    """(code, name, short name) in the registration order printed on the 2021 ballot."""
    listed = _facts()["partidos_en_boleta_ayuntamientos_2021"]
    return [
        (p["codigo"], p["nombre"].split(" (")[0], SHORT_NAMES.get(p["codigo"], p["codigo"].upper())) for p in listed
    ]


def _local(day: date, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=MEXICO_CITY)


def _statutory_calendar(
    process_start: date,
    election_day: date,
    closes_at: date,
    campaign_start: date | None = None,
    registration_start: date | None = None,
) -> Calendar:
    return Calendar(
        process_start=process_start,
        registration_start=_local(registration_start) if registration_start else None,
        campaign_start=_local(campaign_start) if campaign_start else None,
        veda_start=_local(election_day - timedelta(days=3)),
        election_day=election_day,
        polls_close=_local(election_day, 18),
        closes_at=_local(closes_at, 23, 59),
    )


def _parties(process_id: str, codes: list[str] | None = None) -> list[Contender]:
    return [
        Contender(
            id=code,
            process_id=process_id,
            kind=ContenderKind.PARTY,
            name=name,
            short_name=short,
            ballot_order=order,
        )
        for order, (code, name, short) in enumerate(parties_2021(), start=1)
        if codes is None or code in codes
    ]


def _coalition(process_id: str, cid: str, name: str, members: list[str]) -> Contender:
    """A coalition is printed in its members' boxes; its `ballot_order` is its first member's."""
    order = {code: n for n, (code, _, _) in enumerate(parties_2021(), start=1)}
    short = "-".join(SHORT_NAMES.get(m, m.upper()) for m in members)
    return Contender(
        id=cid,
        process_id=process_id,
        kind=ContenderKind.COALITION,
        name=name,
        short_name=short,
        members=members,
        ballot_order=min(order[m] for m in members),
    )


GEOGRAPHY_SOURCE = DataSource(
    dataset="Secciones electorales, municipios y distritos locales",
    title="emagar/mxDistritos (mapasComparados/loc/mexLoc.csv) y catálogo municipal del INEGI (Censo 2020)",
    url="https://github.com/emagar/mxDistritos",
    credit="Eric Magar (licencia MIT); INEGI. Distritos con la numeración del borrador INE 2016 "
    "(«escenario 3»), no la oficial.",
)
REGISTRY_2021_SOURCE = DataSource(
    dataset="Candidaturas a ayuntamientos 2021 (quien encabeza cada planilla, propietario y suplente)",
    title="Cómputos municipales del IEEM 2021, compilados en emagar/elecRetrns (datosBrutos/mex2021ay-candidatos.csv)",
    url="https://github.com/emagar/elecRetrns",
    credit="Eric Magar, Recent Mexican election vote returns repository",
)


def _press_source(dataset: str, url: str) -> DataSource:
    return DataSource(dataset=dataset, title="Boletines del IEEM y notas de prensa (ver fuentes del proceso)", url=url)


def _facts() -> dict[str, Any]:
    facts: dict[str, Any] = json.loads(data_file("edomex_eleccion_2021_hechos.json"))
    return facts


@dataclass
class SeedReport:
    items: int
    seconds: float
    registry: RegistryReport


def ordinary_2021(
    municipality_codes: list[str], district_numbers: list[int]
) -> tuple[ElectoralProcess, list[Contender], list[Ballot]]:
    facts = _facts()
    process = ElectoralProcess(
        id=ORDINARY_2021,
        name="Proceso Electoral 2021: diputaciones locales e integrantes de ayuntamientos",
        kind=ProcessKind.ORDINARY,
        calendar=_statutory_calendar(
            date(2021, 1, 5), date(2021, 6, 6), date(2021, 12, 31), campaign_start=date(2021, 4, 30)
        ),
        scope=Scope(municipalities=municipality_codes, districts=district_numbers),
        section_map=SECTION_MAP_ID,
        notes=[
            "Fechas de campañas y veda según boletines del IEEM y notas de prensa (ver fuentes).",
            "Cierre del proceso en la plataforma: 31 de diciembre de 2021 (decisión de la plataforma).",
            "Registro de diputaciones de mayoría relativa 2021: no publicado en esta plataforma.",
        ],
        sources=[facts["inicio_proceso"]["fuente"], *facts["periodo_de_veda"]["fuentes"]],
        data_sources=[
            REGISTRY_2021_SOURCE,
            results_seed.RESULTS_2021_SOURCE,
            _press_source("Fechas, partidos y coaliciones de 2021", facts["inicio_proceso"]["fuente"]),
            GEOGRAPHY_SOURCE,
        ],
    )
    contenders = [
        *_parties(ORDINARY_2021),
        _coalition(ORDINARY_2021, "pan-pri-prd", "Va por el Estado de México", ["pan", "pri", "prd"]),
        _coalition(
            ORDINARY_2021, "pt-morena-pna", "Juntos Haremos Historia en el Estado de México", ["pt", "morena", "pna"]
        ),
    ]
    district_ballots = [
        Ballot(
            id=ballot_id(ORDINARY_2021, Office.DIPUTACION_MR, district_code(n)),
            process_id=ORDINARY_2021,
            office=Office.DIPUTACION_MR,
            place=Place(kind="district", code=district_code(n), name=f"Distrito local {n}"),
            registry_status=RegistryStatus.NOT_PUBLISHED_HERE,
            registry_note=text("registry_not_published_here"),
        )
        for n in district_numbers
    ]
    return process, contenders, district_ballots


def nextlalpan() -> tuple[ElectoralProcess, list[Contender], list[Ballot]]:
    facts = next(e for e in _facts()["elecciones_extraordinarias"] if e["municipio"] == "Nextlalpan")
    process = ElectoralProcess(
        id=NEXTLALPAN,
        name="Elección extraordinaria de Nextlalpan 2021",
        kind=ProcessKind.EXTRAORDINARY,
        calendar=_statutory_calendar(date(2021, 7, 15), date(2021, 11, 14), date(2021, 12, 31)),
        scope=Scope(municipalities=["059"]),
        section_map=SECTION_MAP_ID,
        replaces_ballots=[ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "059")],
        notes=[
            f"Causa: {facts['causa']}.",
            "Inicio del proceso: fecha de la sentencia del TEEM que confirmó la invalidez (15-jul-2021).",
            "Fechas de registro y campañas no disponibles en las fuentes consultadas.",
        ],
        sources=facts["fuentes"],
        data_sources=[
            _press_source("Fechas, causa y planillas de la elección extraordinaria", facts["fuentes"][0]),
            GEOGRAPHY_SOURCE,
        ],
    )
    contenders = [
        *_parties(NEXTLALPAN, ["pan", "pri", "prd", "morena"]),
        _coalition(NEXTLALPAN, "pan-pri-prd", "Va por Nextlalpan", ["pan", "pri", "prd"]),
    ]
    bid = ballot_id(NEXTLALPAN, Office.AYUNTAMIENTO, "059")
    by_id = {c.id: c for c in contenders}
    known = [
        (
            "morena",
            "Lorena Alameda Juárez",
            "Según el IEEM, la planilla de Morena encabezada por ella recibió la constancia de mayoría.",
        ),
        ("pan-pri-prd", None, None),
    ]
    candidacies = [
        Candidacy(
            id=candidacy_id(bid, cid),
            ballot_id=bid,
            contender_id=cid,
            contender_kind=by_id[cid].kind,
            contender_name=by_id[cid].name,
            ballot_order=by_id[cid].ballot_order,
            owner=owner,
            substitute=None,
            unknown_fields=["substitute"] if owner else ["owner", "substitute"],
            note=note,
        )
        for cid, owner, note in known
    ]
    ballot = Ballot(
        id=bid,
        process_id=NEXTLALPAN,
        office=Office.AYUNTAMIENTO,
        place=Place(kind="municipality", code="059", name="Nextlalpan"),
        registry_status=RegistryStatus.PARTIAL,
        registry_note="Solo se muestran las planillas que citan las fuentes consultadas; "
        "el registro completo no está publicado aquí.",
        replaces=ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "059"),
    )
    return process, contenders, [_printed(ballot, candidacies, contenders)]


ATLAUTLA_SLATES = [
    # (contender id, kind, name, members, owner as the source gives it, note), in the source's order
    ("pri-pan", ContenderKind.COALITION, "Vamos por Atlautla", ["pri", "pan"], "Carmen Carreño García", None),
    (
        "morena-pt",
        ContenderKind.COALITION,
        "Juntos Hacemos Historia",
        ["morena", "pt"],
        "Dolores Hermenegildo Lozada Amaro",
        None,
    ),
    ("prd", ContenderKind.PARTY, None, [], "Raúl Navarro Rivera", None),
    ("pvem", ContenderKind.PARTY, None, [], "Silvia Villanueva Romero", None),
    ("mc", ContenderKind.PARTY, None, [], "José Luis Madariaga Flores", None),
    ("pes", ContenderKind.PARTY, None, [], "Pedro Bautista Flores", None),
    ("rsp", ContenderKind.PARTY, None, [], "Marcos Bautista Hernández", None),
    ("fxm", ContenderKind.PARTY, None, [], "Irene Limones", "Apellido truncado en la fuente."),
]


def _printed(ballot: Ballot, candidacies: list[Candidacy], contenders: list[Contender]) -> Ballot:
    printed, boxes = print_ballot(candidacies, {c.id: c for c in contenders})
    return ballot.model_copy(update={"candidacies": printed, "boxes": boxes})


def atlautla() -> tuple[ElectoralProcess, list[Contender], list[Ballot]]:
    facts = next(e for e in _facts()["elecciones_extraordinarias"] if e["municipio"] == "Atlautla")
    process = ElectoralProcess(
        id=ATLAUTLA,
        name="Elección extraordinaria de Atlautla 2022",
        kind=ProcessKind.EXTRAORDINARY,
        calendar=_statutory_calendar(date(2021, 12, 29), date(2022, 5, 15), date(2022, 6, 30)),
        scope=Scope(municipalities=["015"]),
        section_map=SECTION_MAP_ID,
        replaces_ballots=[ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "015")],
        notes=[
            f"Causa: {facts['causa']}.",
            "Inicio del proceso: fecha de la anulación por la Sala Superior (29-dic-2021).",
            "Fechas de registro y campañas no disponibles en las fuentes consultadas.",
            "Cierre del proceso en la plataforma: 30 de junio de 2022 (decisión de la plataforma).",
            "Las fuentes no dan la boleta impresa de 2022: el orden de los partidos es el de la nota "
            "de prensa citada, que menciona primero a las coaliciones.",
        ],
        sources=facts["fuentes"],
        data_sources=[
            _press_source("Fechas, causa y planillas de la elección extraordinaria", facts["fuentes"][0]),
            GEOGRAPHY_SOURCE,
        ],
    )
    # The sources give no printed 2022 ballot: the process's party order is the order in which the
    # cited report lists the contenders (each coalition's members as it names them), one box each.
    source_order = [p for cid, _, _, members, _, _ in ATLAUTLA_SLATES for p in (members or [cid])]
    parties = {p.id: p for p in _parties(ATLAUTLA)}
    contenders: list[Contender] = [
        parties[p].model_copy(update={"ballot_order": n}) for n, p in enumerate(source_order, start=1)
    ]
    by_id = {c.id: c for c in contenders}
    candidacies: list[Candidacy] = []
    bid = ballot_id(ATLAUTLA, Office.AYUNTAMIENTO, "015")
    for order, (cid, kind, name, members, owner, note) in enumerate(ATLAUTLA_SLATES, start=1):
        contender = by_id[cid] if kind == ContenderKind.PARTY else _coalition(ATLAUTLA, cid, name or cid, members)
        if kind != ContenderKind.PARTY:
            contender = contender.model_copy(update={"ballot_order": by_id[members[0]].ballot_order})
            contenders.append(contender)
        candidacies.append(
            Candidacy(
                id=candidacy_id(bid, cid),
                ballot_id=bid,
                contender_id=cid,
                contender_kind=kind,
                contender_name=contender.name,
                ballot_order=order,
                owner=owner,
                substitute=None,
                unknown_fields=["substitute"],
                note=note,
            )
        )
    ballot = Ballot(
        id=bid,
        process_id=ATLAUTLA,
        office=Office.AYUNTAMIENTO,
        place=Place(kind="municipality", code="015", name="Atlautla"),
        registry_status=RegistryStatus.PARTIAL,
        registry_note="Planillas y nombres según las notas de prensa citadas; suplencias no disponibles.",
        replaces=ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "015"),
    )
    return process, contenders, [_printed(ballot, candidacies, contenders)]


DRILL_PARTIES = [
    ("pfa", "Partido Ficticio del Amanecer", "PFA", ["#c2410c"]),
    ("pfr", "Partido Ficticio del Río", "PFR", ["#1d4ed8"]),
    ("pfm", "Partido Ficticio de la Montaña", "PFM", ["#15803d"]),
    ("pfv", "Partido Ficticio del Valle", "PFV", ["#7e22ce"]),
]
GIVEN_NAMES = [
    "Ana",
    "Luis",
    "Rosa",
    "Jorge",
    "Elena",
    "Mario",
    "Sofía",
    "Raúl",
    "Irma",
    "Tomás",
    "Nora",
    "Iván",
]
SECOND_SURNAMES = [
    "Robles",
    "Quintero",
    "Salas",
    "Vega",
    "Ochoa",
    "Luna",
    "Paredes",
    "Cano",
    "Ibarra",
    "Soto",
]


def _fictional_name(seed: int) -> str:
    given = GIVEN_NAMES[seed % len(GIVEN_NAMES)]
    return f"{given} Ejemplo {SECOND_SURNAMES[(seed // 7) % len(SECOND_SURNAMES)]}"


def drill(
    today: date, municipalities: dict[str, str], district_numbers: list[int]
) -> tuple[ElectoralProcess, list[Contender], list[Ballot]]:
    """A process relative to `today`, in campaign now, with fictional slates on every ballot."""
    process = ElectoralProcess(
        id=DRILL,
        name="Simulacro (proceso ficticio para practicar)",
        kind=ProcessKind.ORDINARY,
        is_drill=True,
        calendar=_statutory_calendar(
            today - timedelta(days=40),
            today + timedelta(days=20),
            today + timedelta(days=50),
            campaign_start=today - timedelta(days=10),
            registration_start=today - timedelta(days=20),
        ),
        scope=Scope(municipalities=sorted(municipalities), districts=district_numbers),
        section_map=SECTION_MAP_ID,
        notes=["Simulacro: partidos, candidaturas y fechas son ficticios; sirve para probar la plataforma."],
    )
    parties = [
        Contender(
            id=cid,
            process_id=DRILL,
            kind=ContenderKind.PARTY,
            name=name,
            short_name=short,
            ballot_order=order,
            colors=colors,
            fictional=True,
        )
        for order, (cid, name, short, colors) in enumerate(DRILL_PARTIES, start=1)
    ]
    coalition = Contender(
        id="pfr-pfm",
        process_id=DRILL,
        kind=ContenderKind.COALITION,
        name="Coalición Ficticia Río y Montaña",
        short_name="PFR-PFM",
        members=["pfr", "pfm"],
        ballot_order=2,  # its first member's; printed in both members' boxes
        colors=["#1d4ed8", "#15803d"],
        fictional=True,
    )
    by_id = {c.id: c for c in [*parties, coalition]}
    ballots: list[Ballot] = []
    independents: list[Contender] = []
    places = [(Office.AYUNTAMIENTO, code, name) for code, name in sorted(municipalities.items())] + [
        (Office.DIPUTACION_MR, district_code(n), f"Distrito local {n}") for n in district_numbers
    ]
    for index, (office, code, name) in enumerate(places):
        bid = ballot_id(DRILL, office, code)
        lineup = ["pfa", "pfv", "pfr-pfm"] if office == Office.AYUNTAMIENTO else ["pfa", "pfr", "pfm", "pfv"]
        contenders_here = [by_id[c] for c in lineup]
        if office == Office.AYUNTAMIENTO and index % 5 == 0:
            independent = Contender(
                id=f"ind-{code}-ejemplo",
                process_id=DRILL,
                kind=ContenderKind.INDEPENDENT,
                name=f"Candidatura independiente ficticia ({name})",
                short_name="Independiente",
                ballot_order=100,
                fictional=True,
            )
            independents.append(independent)
            contenders_here.append(independent)
        candidacies = [
            Candidacy(
                id=candidacy_id(bid, c.id),
                ballot_id=bid,
                contender_id=c.id,
                contender_kind=c.kind,
                contender_name=c.name,
                ballot_order=c.ballot_order,
                owner=_fictional_name(index * 5 + k),
                substitute=_fictional_name(index * 5 + k + 3),
                fictional=True,
            )
            for k, c in enumerate(contenders_here)
        ]
        ballots.append(
            Ballot(
                id=bid,
                process_id=DRILL,
                office=office,
                place=Place(kind="municipality" if office == Office.AYUNTAMIENTO else "district", code=code, name=name),
                registry_status=RegistryStatus.PUBLISHED,
                registry_note="Candidaturas ficticias del simulacro.",
                candidacies=candidacies,
            )
        )
        ballots[-1] = _printed(ballots[-1], candidacies, [*parties, coalition, *contenders_here])
    return process, [*parties, coalition, *independents], ballots


def seed_all(
    store: ElectionStore,
    today: date,
    progress: Callable[[str, int, int], None] | None = None,
    activity: bool = False,
) -> SeedReport:
    """Write every seed item. Running it again rewrites the same keys (idempotent). `activity` adds the
    drill's fictional profiles, proposals, answers and supports (the local stack and `decide seed`)."""
    started = time.perf_counter()

    def step(label: str) -> Callable[[int], None] | None:
        if progress is None:
            return None
        return lambda n: progress(label, n, n)

    municipalities = geography_seed.municipalities()
    sections = geography_seed.sections()
    districts = geography_seed.districts()
    district_numbers = [d.number for d in districts]
    codes = [m.code for m in municipalities]
    written = store.save_all(
        [*municipalities, geography_seed.section_map(len(sections)), *districts, *sections],
        on_batch=step("geografía"),
    )

    ordinary, ordinary_contenders, district_ballots = ordinary_2021(codes, district_numbers)
    extraordinary = [nextlalpan(), atlautla()]
    drill_process, drill_contenders, drill_ballots = drill(
        today, {m.code: m.name for m in municipalities}, district_numbers
    )
    models: list[BaseModel] = [ordinary, *ordinary_contenders, *district_ballots]
    for process, contenders, ballots in extraordinary:
        models += [process, *contenders, *ballots]
    models += [drill_process, *drill_contenders, *drill_ballots]
    written += store.save_all(models, on_batch=step("procesos"))

    registry = import_registry(
        store,
        ORDINARY_2021,
        data_file(REGISTRY_2021),
        progress=(lambda n, total: progress("registro 2021", n, total)) if progress else None,
    )
    written += registry.ballots_written + registry.contenders_written
    written += _mark_annulled(store)
    written += results_seed.seed_results(store, _facts(), ORDINARY_2021, NEXTLALPAN, ATLAUTLA)
    written += content_seed.seed_civic(store, drill_process)
    written += _drill_notification_settings(store, drill_contenders)
    written += seed_questionnaires(store, today)
    written += advice_seed.seed_advice(store, drill_process, drill_contenders, today)
    if activity:
        written += drill_activity.seed_activity(
            store, drill_process, drill_ballots, sections=sections, progress=step("actividad")
        )
    return SeedReport(items=written, seconds=time.perf_counter() - started, registry=registry)


def _mark_annulled(store: ElectionStore) -> int:
    """The 2021 council ballots annulled by the courts point to their extraordinary elections."""
    replaced = {
        ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "059"): ballot_id(NEXTLALPAN, Office.AYUNTAMIENTO, "059"),
        ballot_id(ORDINARY_2021, Office.AYUNTAMIENTO, "015"): ballot_id(ATLAUTLA, Office.AYUNTAMIENTO, "015"),
    }
    ballots = store.get_ballots(list(replaced))
    updated = [
        b.model_copy(update={"status": BallotStatus.ANNULLED, "replaced_by": replaced[b.id]}) for b in ballots.values()
    ]
    return store.save_all(updated)


DRILL_MAIL_DOMAIN = "simulacro.decide.ieem.local"


def _drill_notification_settings(store: ElectionStore, contenders: list[Contender]) -> int:
    """Fictional notification addresses for the drill's contenders, so every email flow can be tried."""
    notifications = NotificationStore(store.table)
    for contender in contenders:
        notifications.save_party_settings(
            PartySettings(
                process_id=DRILL,
                contender_id=contender.id,
                addresses=[f"avisos-{contender.id}@{DRILL_MAIL_DOMAIN}"],
                mode=DeliveryMode.IMMEDIATE,
            )
        )
    return len(contenders)


def load_drill_copies(store: ElectionStore, copies: int, today: date) -> int:
    """`copies` more in-course fictional processes (`carga-NN`), each with a ballot on every
    municipality and district: the larger data size that benchmarks and tests compare against."""
    municipalities = {m.code: m.name for m in store.list_municipalities()}
    districts = [d.number for d in store.list_districts(SECTION_MAP_ID)]
    written = 0
    for n in range(copies):
        process, contenders, ballots = drill(today - timedelta(days=n), municipalities, districts)
        process = process.model_copy(update={"id": f"carga-{n:02d}"})
        ballots = [
            b.model_copy(update={"id": b.id.replace(f"{DRILL}.", f"{process.id}."), "process_id": process.id})
            for b in ballots
        ]
        contenders = [c.model_copy(update={"process_id": process.id}) for c in contenders]
        written += store.save_all([process, *contenders, *ballots])
    return written
