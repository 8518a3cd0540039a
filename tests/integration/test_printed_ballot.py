"""The ballot as printed: one box per party in the facts file's order, coalitions in each member's box."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from typing import Any

from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore
from decide.geography_seed import data_file

FACTS = json.loads(data_file("edomex_eleccion_2021_hechos.json"))
PARTY_ORDER = [p["codigo"] for p in FACTS["partidos_en_boleta_ayuntamientos_2021"]]
COALITION_MEMBERS = {"pan-pri-prd": ["pan", "pri", "prd"], "pt-morena-pna": ["pt", "morena", "pna"]}


def get(api: Client, path: str) -> Any:
    response = api.http.get(path)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def test_acambay_2021_boxes_follow_the_facts_file_with_the_coalition_in_pt_morena_and_naem(api: Client) -> None:
    ballot = get(api, "/v1/ballots/2021-ord.ayun.001")["ballot"]
    boxes = [(b["position"], b["contender_id"], b["candidacy_id"]) for b in ballot["boxes"]]
    coalition = "2021-ord.ayun.001.pt-morena-pna"
    assert boxes == [
        (1, "pan", "2021-ord.ayun.001.pan"),
        (2, "pri", "2021-ord.ayun.001.pri"),
        (3, "prd", "2021-ord.ayun.001.prd"),
        (4, "pt", coalition),
        (5, "pvem", "2021-ord.ayun.001.pvem"),
        (6, "morena", coalition),
        (7, "pna", coalition),
        (8, "pes", "2021-ord.ayun.001.pes"),
        (9, "fxm", "2021-ord.ayun.001.fxm"),
    ]
    # One candidacy for the coalition, listed at its first box, named as the coalition.
    listed = [(c["contender_id"], c["ballot_order"]) for c in ballot["candidacies"]]
    assert listed == [("pan", 1), ("pri", 2), ("prd", 3), ("pt-morena-pna", 4), ("pvem", 5), ("pes", 8), ("fxm", 9)]
    joint = ballot["candidacies"][3]
    assert joint["members"] == ["pt", "morena", "pna"]
    assert "Juntos Haremos Historia" in joint["contender_name"]
    assert [b["contender_name"] for b in ballot["boxes"]][3:8] == ["PT", "PVEM", "Morena", "NAEM", "PES"]


def test_atlautla_2022_lists_its_contenders_in_its_sources_order(api: Client) -> None:
    ballot = get(api, "/v1/ballots/2022-ext-atlautla.ayun.015")["ballot"]
    atlautla = next(e for e in FACTS["elecciones_extraordinarias"] if e["municipio"] == "Atlautla")
    # "Vamos por Atlautla (PRI-PAN): Carmen Carreño García" → the name after the colon.
    source_owners = [entry.split(": ", 1)[1].split(" (")[0] for entry in atlautla["contendientes"]]
    assert [c["owner"] for c in ballot["candidacies"]] == source_owners
    assert ballot["candidacies"][0]["contender_id"] == "pri-pan"
    assert [b["contender_id"] for b in ballot["boxes"]][:4] == ["pri", "pan", "morena", "pt"]
    assert {b["candidacy_id"] for b in ballot["boxes"][:2]} == {"2022-ext-atlautla.ayun.015.pri-pan"}


def test_every_2021_council_ballot_is_printed_as_the_facts_file_and_registry_say(seeded: ElectionStore) -> None:
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(data_file("edomex_2021_ayuntamientos_candidaturas.csv"))):
        rows[f"2021-ord.ayun.{int(row['ine_mun']):03d}"].append(row)
    ballots = seeded.get_ballots(sorted(rows))
    assert len(ballots) == 125
    for bid, registry in rows.items():
        ballot = ballots[bid]
        parties_in_rows = {
            p
            for r in registry
            if r["postulante_codigo"] != "indep"
            for p in COALITION_MEMBERS.get(r["postulante_codigo"], [r["postulante_codigo"]])
        }
        independents = sum(1 for r in registry if r["postulante_codigo"] == "indep")
        party_boxes = [b for b in ballot.boxes if not b.contender_id.startswith("ind-")]
        # The parties' boxes: exactly the parties of the registry rows, in the facts file's order, first.
        assert [b.contender_id for b in party_boxes] == [p for p in PARTY_ORDER if p in parties_in_rows], bid
        assert ballot.boxes[: len(party_boxes)] == party_boxes, bid
        assert len(ballot.boxes) == len(party_boxes) + independents, bid
        assert [b.position for b in ballot.boxes] == list(range(1, len(ballot.boxes) + 1)), bid
        by_candidacy = {c.id: c for c in ballot.candidacies}
        for box in party_boxes:
            candidacy = by_candidacy[box.candidacy_id]
            assert box.contender_id in [candidacy.contender_id, *candidacy.members], bid
        # Candidacies: one each, in the order of their first box.
        assert len(ballot.candidacies) == len(registry), bid
        firsts = [min(b.position for b in ballot.boxes if b.candidacy_id == c.id) for c in ballot.candidacies]
        assert firsts == [c.ballot_order for c in ballot.candidacies] == sorted(firsts), bid


def test_the_contenders_of_a_process_are_listed_in_the_one_printed_order(api: Client) -> None:
    contenders = [c["id"] for c in get(api, "/v1/parties?process=2021-ord")["contenders"]]
    parties = [c for c in contenders if c in PARTY_ORDER]
    assert parties == PARTY_ORDER
    # Each coalition right after its first member party, never after every party.
    assert contenders.index("pan-pri-prd") == contenders.index("pan") + 1
    assert contenders.index("pt-morena-pna") == contenders.index("pt") + 1
    assert all(c.startswith("ind-") for c in contenders[len(PARTY_ORDER) + 2 :])
