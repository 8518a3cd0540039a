"""The official registry importer's checks, row by row (no I/O: models in, rows and issues out)."""

from __future__ import annotations

from datetime import date

from chalicelib.elections.models import Contender, ContenderKind
from chalicelib.registry.importer import build_ballots, validate_registry
from decide import geography_seed
from decide.seed import ordinary_2021

HEADER = "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
MUNICIPALITIES = {m.code: m for m in geography_seed.municipalities()}
PROCESS, CONTENDERS, _ = ordinary_2021(sorted(MUNICIPALITIES), list(range(1, 46)))
BY_ID = {c.id: c for c in CONTENDERS}


def check(rows: str) -> tuple[list, list[tuple[int, str, str]], int]:  # type: ignore[type-arg]
    valid, issues, read = validate_registry(HEADER + rows, PROCESS, MUNICIPALITIES, BY_ID)
    return valid, [(i.line, i.field, i.reason) for i in issues], read


def test_a_clean_registry_is_accepted_and_printed_as_on_the_ballot() -> None:
    valid, issues, read = check(
        "001,mc,MC,partido,ANA UNO,BEA DOS\n"
        "001,indep,Candidatura independiente,independiente,ELENA CINCO,FELIPE SEIS\n"
        "001,pan-pri-prd,Va por el Estado de México,coalicion,GINA SIETE,HUGO OCHO\n"
        "001,pvem,PVEM,partido,CARLOS TRES,DAVID CUATRO\n"
    )
    assert (issues, read, len(valid)) == ([], 4, 4)
    (ballot,) = build_ballots(PROCESS, valid, {}, MUNICIPALITIES, BY_ID)
    assert ballot.id == "2021-ord.ayun.001"
    # The coalition in the PAN, PRI and PRD boxes (1-3), then PVEM, MC, the independent last.
    assert [c.contender_id for c in ballot.candidacies] == ["pan-pri-prd", "pvem", "mc", "ind-001-elena-cinco"]
    assert [c.ballot_order for c in ballot.candidacies] == [1, 4, 5, 6]
    assert [(b.position, b.contender_id, b.candidacy_id.rsplit(".", 1)[1]) for b in ballot.boxes] == [
        (1, "pan", "pan-pri-prd"),
        (2, "pri", "pan-pri-prd"),
        (3, "prd", "pan-pri-prd"),
        (4, "pvem", "pvem"),
        (5, "mc", "mc"),
        (6, "ind-001-elena-cinco", "ind-001-elena-cinco"),
    ]
    assert ballot.candidacies[0].members == ["pan", "pri", "prd"]
    assert ballot.candidacies[-1].contender_kind == ContenderKind.INDEPENDENT


def test_a_party_in_two_candidacies_of_one_ballot_is_refused_on_its_line() -> None:
    valid, issues, _ = check(
        "001,pan,PAN,partido,CARLOS TRES,DAVID CUATRO\n"
        "001,pan-pri-prd,Va por el Estado de México,coalicion,GINA SIETE,HUGO OCHO\n"
        "002,pan-pri-prd,Va por el Estado de México,coalicion,IRMA NUEVE,JOSE DIEZ\n"
    )
    assert issues == [
        (
            3,
            "postulante_codigo",
            "El partido «pan» ya aparece en esta elección en el renglón 2: cada partido va en un solo recuadro"
            " de la boleta, solo o en una coalición.",
        )
    ]
    assert [(v.line, v.contender.id) for v in valid] == [(2, "pan"), (4, "pan-pri-prd")]


def test_a_common_candidacy_is_accepted_by_its_kind() -> None:
    common = Contender(
        id="jhh-comun",
        process_id=PROCESS.id,
        kind=ContenderKind.COMMON_CANDIDACY,
        name="Juntos Hacemos Historia en el Estado de México",
        short_name="PT-Morena-NAEM",
        members=["pt", "morena", "pna"],
        ballot_order=4,
    )
    valid, issues, _ = validate_registry(
        HEADER + "001,jhh-comun,Juntos Hacemos Historia,candidatura_comun,ANA UNO,BEA DOS\n"
        "001,pvem,PVEM,partido,CARLOS TRES,DAVID CUATRO\n",
        PROCESS,
        MUNICIPALITIES,
        BY_ID | {common.id: common},
    )
    assert issues == []
    (ballot,) = build_ballots(PROCESS, valid, {}, MUNICIPALITIES, BY_ID | {common.id: common})
    assert [(b.contender_id, b.candidacy_id.rsplit(".", 1)[1]) for b in ballot.boxes] == [
        ("pt", "jhh-comun"),
        ("pvem", "pvem"),
        ("morena", "jhh-comun"),
        ("pna", "jhh-comun"),
    ]


def test_each_bad_row_is_reported_with_its_line_field_and_reason_and_skipped() -> None:
    valid, issues, read = check(
        "999,pan,PAN,partido,ANA UNO,BEA DOS\n"  # line 2: unknown municipality
        "001,pan,PAN,partido,CARLOS TRES,DAVID CUATRO\n"  # line 3: fine
        "001,pan,PAN,partido,OTRA PERSONA,OTRO SUPLENTE\n"  # line 4: a second owner for the same slot
        "002,pri,PRI,partido,ELENA CINCO,\n"  # line 5: missing substitute
        "003,xyz,XYZ,partido,GINA SIETE,HUGO OCHO\n"  # line 6: unknown party
        "004,pan-pri-prd,Va por,partido,IVAN NUEVE,JUAN DIEZ\n"  # line 7: a coalition declared as a party
        "005,pri,PRI,partido,,KARLA ONCE\n"  # line 8: missing owner
    )
    assert read == 7
    assert [r.line for r in valid] == [3]
    fields = {(line, field) for line, field, _ in issues}
    assert fields == {
        (2, "ine_mun"),
        (4, "propietario"),
        (5, "suplente"),
        (6, "postulante_codigo"),
        (7, "tipo_postulacion"),
        (8, "propietario"),
    }
    reasons = {line: reason for line, _, reason in issues}
    assert reasons[2] == "No existe el municipio «999»: usa el número del IEEM, de 1 a 125."
    assert "ya tiene una fórmula en esta elección en el renglón 3" in reasons[4]
    assert "No hay ningún partido, coalición o candidatura común con la clave" in reasons[6]
    assert "Falta el nombre de la persona propietaria." in reasons[8]
    # plain Spanish: no internal process ids, no English words of the importer
    assert all(PROCESS.id not in reason and " line " not in reason for reason in reasons.values())


def test_a_municipality_outside_the_process_scope_and_missing_columns_are_refused() -> None:
    from decide.seed import nextlalpan

    process, contenders, _ = nextlalpan()
    valid, issues, _ = validate_registry(
        HEADER + "001,morena,Morena,partido,ANA UNO,BEA DOS\n", process, MUNICIPALITIES, {c.id: c for c in contenders}
    )
    assert valid == [] and issues[0].field == "ine_mun" and "no está en el ámbito de este proceso" in issues[0].reason
    _, issues, read = validate_registry("ine_mun,propietario\n001,ANA\n", PROCESS, MUNICIPALITIES, BY_ID)
    assert read == 0 and {i.field for i in issues} >= {"postulante_codigo", "suplente", "tipo_postulacion"}


def test_the_real_2021_registry_validates_without_a_single_issue() -> None:
    valid, issues, read = validate_registry(
        geography_seed.data_file("edomex_2021_ayuntamientos_candidaturas.csv"), PROCESS, MUNICIPALITIES, BY_ID
    )
    assert (read, len(valid), issues) == (952, 952, [])
    assert date(2021, 6, 6) == PROCESS.calendar.election_day


SECTION_MAP = geography_seed.section_map(6466)
DISTRICTS = {d.number: d for d in geography_seed.districts()}
DISTRICT_HEADER = (
    "distrito_local,numeracion,cabecera,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
)


def test_a_district_registry_in_another_numbering_is_refused_row_by_row() -> None:
    valid, issues, read = validate_registry(
        DISTRICT_HEADER
        # line 2: official district 38 is Coacalco; the seeded draft map's 38 is Naucalpan/Atizapán
        + "38,,Coacalco de Berriozábal,pan,PAN,partido,ANA UNO,BEA DOS\n"
        # line 3: a file that says it uses the official numbering
        + "38,ieem-oficial,,pri,PRI,partido,CARLOS TRES,DAVID CUATRO\n"
        # line 4: no numbering and no head town: the numbers cannot be trusted
        + "32,,,prd,PRD,partido,ELENA CINCO,FELIPE SEIS\n"
        # line 5: the draft map's numbering, head town consistent with it (accents folded)
        + "32,ine2016-escenario3,coacalco de berriozabal,pvem,PVEM,partido,GINA SIETE,HUGO OCHO\n",
        PROCESS,
        MUNICIPALITIES,
        BY_ID,
        SECTION_MAP,
        DISTRICTS,
    )
    assert read == 4
    assert [(v.line, v.place_code) for v in valid] == [(5, "32")]
    found = {(i.line, i.field): i.reason for i in issues}
    assert set(found) == {(2, "cabecera"), (3, "numeracion"), (4, "numeracion")}
    assert "no incluye «Coacalco de Berriozábal»" in found[(2, "cabecera")]
    assert "parecen de otra numeración" in found[(2, "cabecera")]
    assert "«ieem-oficial»" in found[(3, "numeracion")] and "ine2016-escenario3" in found[(3, "numeracion")]
