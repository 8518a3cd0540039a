"""The responsiveness board over the real path: API → table stream → relay → SNS → SQS → notifier → SES
(moto), SES bounce feedback, answers and acknowledgements, the board counters kept from the stream.

The drill: party A (pfa) gets 12 proposals, SES reports one notice bounced; A answers 10 of them (one
of them the bounced one, which must not count), acknowledges one and leaves one; party B (pfv) gets 3
of them and answers none. A: 9 answered of 11 delivered; B: too few to measure.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.responsiveness.board import wilson_interval
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notice_store import NoticeStore
from decide.event_pump import pump_for_app
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE, CallCounter
from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.004"
A, B = "pfa", "pfv"
A_ADDRESS = "avisos-pfa@simulacro.decide.ieem.local"
# hours from publication to A's first answer, for the 9 delivered proposals it answers
DELAY_HOURS = [1, 2, 3, 4, 5, 6, 8, 10, 20]


@pytest.fixture(scope="module")
def fan_out(seeded: ElectionStore, identities: Identities) -> dict[str, Any]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    return {"topic_arn": resources.topic_arn}


@pytest.fixture
def wired(
    fan_out: dict[str, Any], seeded: ElectionStore, identities: Identities, tmp_path: Path
) -> Iterator[dict[str, Any]]:
    moment = [NOW]
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=fan_out["topic_arn"],
        local_mailbox_dir=str(tmp_path / "mailbox"),
        proposals_per_day=50,
    )
    wire_with_faults(
        settings, seeded, identities.verifier(), lambda: moment[0], Faults("Publish"), Faults("SendRawEmail")
    )
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "moment": moment}
    dependencies.use(None)


def post(api: Client, path: str, token: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Content-Type": "application/json", **Identities.bearer(token)}
    return api.http.post(path, headers=headers, body=json.dumps(body or {}))


SUBJECTS = [
    ("Fuga de agua en la calle Hidalgo", "Tandeo semanal publicado y reparación de la tubería principal"),
    ("Bache profundo frente a la escuela", "Bacheo con folio público y plazo de quince días"),
    ("Luminarias apagadas en el parque", "Cambio de lámparas por equipos de bajo consumo"),
    ("Basura acumulada junto al mercado", "Ruta de recolección diaria con horario fijo"),
    ("Perros sin dueño en la unidad deportiva", "Campaña de esterilización y adopción responsable"),
    ("Transporte escaso a la preparatoria", "Ruta escolar subsidiada en horario de entrada"),
    ("Clínica sin médico por la tarde", "Turno vespertino con médico y enfermera"),
    ("Inundaciones en la avenida principal", "Desazolve del drenaje antes de la temporada de lluvias"),
    ("Falta de biblioteca en la colonia", "Sala de lectura en el salón comunal con acervo donado"),
    ("Tianguis sin sanitarios públicos", "Módulos sanitarios limpios con cuota simbólica"),
    ("Semáforo descompuesto en el cruce", "Reparación y mantenimiento mensual del semáforo"),
    ("Barranca convertida en tiradero", "Limpieza y vigilancia vecinal con apoyo municipal"),
    ("Cancha de futbol sin alumbrado", "Reflectores solares y horario nocturno de uso"),
    ("Pozo de agua contaminado", "Análisis de calidad del agua publicado cada mes"),
    ("Puente peatonal oxidado y peligroso", "Revisión estructural y pintura anticorrosiva"),
]


def submit(api: Client, token: str, n: int, addressed: list[str]) -> str:
    title, action = SUBJECTS[n]
    body = {
        "ballot_id": BALLOT,
        "topic": "otro",
        "title": title,
        "problem": f"{title}: lo padecemos desde hace {n + 2} meses y el caso {n} sigue sin atención alguna.",
        "proposed_action": f"{action}, con responsables y fechas a la vista (caso {n}).",
        "addressed_to": addressed,
    }
    response = post(api, "/v1/proposals", token, body)
    assert response.status_code == 201, response.body
    assert response.json_body["status"] == "published", response.json_body
    return str(response.json_body["id"])


def bounce(message_id: str) -> None:
    notification = {
        "notificationType": "Bounce",
        "mail": {"messageId": message_id},
        "bounce": {"bounceType": "Permanent", "bouncedRecipients": [{"emailAddress": A_ADDRESS}]},
    }
    event = {"Records": [{"Sns": {"Message": json.dumps(notification), "Subject": "", "MessageAttributes": {},
                                  "MessageId": f"sns-{message_id}"}}]}  # fmt: skip
    app_module.record_email_feedback(event, None)


def board(api: Client, ballot: str | None = None) -> dict[str, Any]:
    route = "/v1/processes/simulacro/responsiveness" + (f"?ballot={ballot}" if ballot else "")
    response = api.http.get(route)
    assert response.status_code == 200, response.body
    return dict(response.json_body)


def row(found: dict[str, Any], contender_id: str) -> dict[str, Any]:
    return next(c for c in found["contenders"] if c["contender_id"] == contender_id)


def test_drill_board_counts_delivered_answers_with_wilson_interval_and_hand_computed_times(
    wired: dict[str, Any], seeded: ElectionStore, identities: Identities, counter: CallCounter
) -> None:
    api, pump, moment = wired["api"], wired["pump"], wired["moment"]
    author = identities.user("vecina-tablero@example.mx", role="citizen", name="Citlali")
    editor_a = identities.user("editor-tablero-pfa@simulacro.mx", role="party_editor", party_id=A)
    # Given 12 proposals to A, the first 3 also to B, all published at NOW and their notices sent
    ids = [submit(api, author, n, [A, B] if n < 3 else [A]) for n in range(12)]
    pump.drain(timeout=60)
    notices = NoticeStore(seeded.table)
    assert all(notices.message_ids(p, A) for p in ids), "every notice to A was accepted by SES"
    # and SES reports the notice of proposal 11 bounced (permanently)
    (bounced_message,) = notices.message_ids(ids[11], A)
    bounce(bounced_message)
    # When A answers proposals 0-8 after the hand-picked delays, the bounced one too, acknowledges 9
    stances = ["commit", "decline", "comment"]
    for n, hours in enumerate(DELAY_HOURS):
        moment[0] = NOW + timedelta(hours=hours)
        answer = {"stance": stances[n % 3], "text": "Respuesta de prueba de la candidatura ficticia."}
        assert post(api, f"/v1/proposals/{ids[n]}/responses", editor_a, answer).status_code == 200
    answer = {"stance": "commit", "text": "Respuesta a la propuesta cuyo aviso rebotó."}
    assert post(api, f"/v1/proposals/{ids[11]}/responses", editor_a, answer).status_code == 200
    acknowledged = post(api, f"/v1/proposals/{ids[9]}/acknowledgement", editor_a)
    assert acknowledged.status_code == 200, acknowledged.body
    assert post(api, f"/v1/proposals/{ids[9]}/acknowledgement", editor_a).json_body == acknowledged.json_body
    pump.drain(timeout=60)

    # Then the ballot's board has A at 9/11 with its Wilson interval and B "muy pocas"
    found = board(api, BALLOT)
    a, b = row(found, A), row(found, B)
    assert (a["delivered"], a["bounced"], a["answered"], a["acknowledged_only"], a["without_answer"]) == (
        11,
        1,
        9,
        1,
        1,
    )
    assert a["answered_by_stance"] == {"commit": 3, "decline": 3, "comment": 3}
    assert a["answer_rate"] == pytest.approx(9 / 11)
    low, high = wilson_interval(9, 11)
    assert (low, high) == pytest.approx((0.5230, 0.9486), abs=1e-4)  # by hand: centre 0.7358 ± 0.2128
    assert a["answer_rate_interval"] == pytest.approx({"low": low, "high": high})
    # delays 1,2,3,4,5,6,8,10,20 h: median the 5th (5 h); 90th percentile the ceil(0.9·9) = 9th (20 h)
    assert a["median_first_answer_minutes"] == 300
    assert a["p90_first_answer_minutes"] == 1200
    assert a["enough_to_measure"] and a["note"] is None
    assert (b["delivered"], b["answered"], b["enough_to_measure"]) == (3, 0, False)
    assert b["answer_rate"] is None and b["answer_rate_interval"] is None and b["median_first_answer_minutes"] is None
    assert b["note"] == "Muy pocas propuestas para medir (menos de 10 entregadas)."
    # in printed ballot order, every contender of the ballot, never ranked
    ballot = seeded.get_ballot(BALLOT)
    assert ballot is not None
    assert [c["contender_id"] for c in found["contenders"]] == [c.contender_id for c in ballot.candidacies]
    assert [c["position"] for c in found["contenders"]] == list(range(1, len(ballot.candidacies) + 1))
    assert found["method"] and all(step["how"] for step in found["method"])
    # the process board counts the same notices (this ballot is the only one with delivered notices to A)
    assert row(board(api), A)["delivered"] == 11

    # A replayed stream counts nothing twice
    pump.reread_stream()
    pump.drain(timeout=60)
    assert row(board(api, BALLOT), A) == a

    # and the calls per request do not grow with the data: 3 more proposals answered, same calls
    def calls() -> list[list[str]]:
        measured = []
        for ballot_id in (BALLOT, None):
            counter.reset()
            board(api, ballot_id)
            measured.append(list(counter.calls))
        return measured

    before = calls()
    editor_b = identities.user("editor-tablero-pfv@simulacro.mx", role="party_editor", party_id=B)
    for n in range(12, 15):  # to B: A's address is marked failing since the bounce, so A gets no notice
        proposal_id = submit(api, author, n, [B])
        post(
            api,
            f"/v1/proposals/{proposal_id}/responses",
            editor_b,
            {"stance": "comment", "text": "Otra respuesta más."},
        )
    pump.drain(timeout=60)
    assert (row(board(api, BALLOT), B)["delivered"], row(board(api, BALLOT), B)["answered"]) == (6, 3)
    after = calls()
    assert after == before
    assert all(len(c) <= 3 and "Scan" not in c for c in after)


def test_board_errors_name_the_field_in_spanish(wired: dict[str, Any], identities: Identities) -> None:
    api = wired["api"]
    missing = api.http.get("/v1/processes/no-existe/responsiveness")
    assert missing.status_code == 404 and missing.json_body["error"]["details"]["field"] == "process"
    bad = api.http.get("/v1/processes/simulacro/responsiveness?ballot=../x")
    assert bad.status_code == 400 and bad.json_body["error"]["details"]["fields"][0]["field"] == "ballot"
    other = api.http.get("/v1/processes/simulacro/responsiveness?ballot=2021-ord.ayun.001")
    assert other.status_code == 400 and "no es del proceso" in other.json_body["error"]["message"]
    # acknowledging is for the addressed parties' editors only
    citizen = identities.user("vecino-acuse@example.mx", role="citizen", name="Tomás")
    refused = post(api, "/v1/proposals/no-existe/acknowledgement", citizen)
    assert refused.status_code == 403
    anonymous = api.http.post("/v1/proposals/no-existe/acknowledgement", body="{}")
    assert anonymous.status_code == 401
