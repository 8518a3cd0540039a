"""The SMS lookup on the seeded table (moto): every section's reply fits two GSM-7 segments with its
contenders in ballot order; the handler answers, limits and forgets numbers as promised."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.sms import SMS_MAX_UNITS, read_outbox, sms_fits
from chalicelib.elections.models import Ballot, Contender, ElectoralProcess, Office, ballot_id, district_code
from chalicelib.elections.views import LookupQueryEcho, LookupResult, ProcessBallots, ProcessView
from chalicelib.settings import Settings
from chalicelib.sms import gsm7
from chalicelib.sms.answers import render, section_answer
from chalicelib.storage.election_store import ElectionStore
from decide import geography_seed
from tests.integration.conftest import NOW, TABLE

WEB = "https://decide.ieem.org.mx"
NUMBER = "+525512345678"


def _all_items(store: ElectionStore) -> list[dict[str, Any]]:
    """Test-only: the whole table, to build every section's answer without 6,466 lookups."""
    client, items, start = store.table.client, [], None
    while True:
        page = client.scan(TableName=TABLE, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


@pytest.fixture(scope="module")
def seeded_data(seeded: ElectionStore) -> tuple[list[ElectoralProcess], dict[str, Ballot], dict[str, Any]]:
    processes, ballots, contenders = [], {}, {}
    for item in _all_items(seeded):
        entity, doc = item.get("entity", {}).get("S"), item.get("doc", {}).get("S", "{}")
        if entity == "ElectoralProcess":
            processes.append(ElectoralProcess.model_validate_json(doc))
        elif entity == "Ballot":
            ballot = Ballot.model_validate_json(doc)
            ballots[ballot.id] = ballot
        elif entity == "Contender":
            contender = Contender.model_validate_json(doc)
            contenders.setdefault(contender.process_id, {})[contender.id] = contender
    assert {p.id for p in processes} >= {"2021-ord", "simulacro"}
    return processes, ballots, contenders


def _reply_lines_in_order(reply: str, names: tuple[str, ...]) -> None:
    """Each name appears after the previous one (the shown prefix, when the list was shortened)."""
    position = 0
    for name in names:
        found = reply.find(gsm7.transliterate(name), position)
        if found < 0:
            assert re.search(r"\+\d+ mas", reply), f"{name} missing and no '+N más' in {reply!r}"
            return
        position = found + len(name)


def test_every_seeded_section_gets_a_reply_within_two_gsm7_segments_in_ballot_order(seeded_data: Any) -> None:
    processes, ballots, contenders = seeded_data
    tz = Settings(table_name=TABLE).tz
    # Worst case: every seeded process in course at once (today only the drill is).
    sections = geography_seed.sections()
    assert len(sections) == 6466
    longest = ""
    for section in sections:
        results = []
        for process in processes:
            ids = []
            if section.municipality_code in process.scope.municipalities:
                ids.append(ballot_id(process.id, Office.AYUNTAMIENTO, section.municipality_code))
            if section.district in process.scope.districts:
                ids.append(ballot_id(process.id, Office.DIPUTACION_MR, district_code(section.district)))
            found = [ballots[b] for b in ids if b in ballots]
            if found:
                results.append(ProcessBallots(process=ProcessView.of(process, NOW), ballots=found))
        result = LookupResult(
            query=LookupQueryEcho(section=section.number),
            section=section,
            municipality=None,
            district=None,
            results=results,
        )
        reply = gsm7.transliterate(render(section_answer(section.number, result, contenders, WEB, tz), sms_fits))
        assert gsm7.units(reply) <= SMS_MAX_UNITS, reply
        assert f"Seccion {section.number}." in reply
        assert WEB in reply
        for found in results:
            for ballot in found.ballots:
                if ballot.candidacies and ballot.status == "open":
                    names = tuple(
                        f"Indep. {c.owner}"
                        if c.contender_kind == "independent"
                        else contenders[found.process.id][c.contender_id].short_name
                        for c in ballot.candidacies
                    )
                    _reply_lines_in_order(reply, names)
        longest = max(longest, reply, key=gsm7.units)
    assert gsm7.units(longest) > 160  # the budget is really used, not a trivially short text


@pytest.fixture
def sms(seeded: ElectionStore, tmp_path: Path) -> Iterator[Path]:
    settings = Settings(
        table_name=TABLE, sms_number_key="test-key", local_sms_outbox_dir=str(tmp_path / "outbox"), web_base_url=WEB
    )
    dependencies.use(dependencies.Dependencies(settings=settings, store=seeded, clock=lambda: NOW))
    yield tmp_path / "outbox"
    dependencies.use(None)


def _text(body: str, message_id: str, number: str = NUMBER) -> dict[str, Any]:
    inbound = {
        "originationNumber": number,
        "destinationNumber": "+525500000000",
        "messageKeyword": "KEYWORD_X",
        "messageBody": body,
        "inboundMessageId": message_id,
    }
    return {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": "arn:aws:sns:us-east-1:123456789012:decide-dev-sms-inbound:sub",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": f"sns-{message_id}",
                    "TopicArn": "arn:aws:sns:us-east-1:123456789012:decide-dev-sms-inbound",
                    "Subject": None,
                    "Message": json.dumps(inbound),
                    "Timestamp": "2026-11-26T18:00:00.000Z",
                    "MessageAttributes": {},
                },
            }
        ]
    }


def _reply_to(outbox: Path, message_id: str) -> str | None:
    replies = [r for r in read_outbox(str(outbox)) if r["in_reply_to"] == message_id]
    assert len(replies) <= 1
    return replies[0]["body"] if replies else None


def test_a_section_by_sms_lists_the_drill_ballots_of_acambay_in_ballot_order(sms: Path) -> None:
    result = app_module.answer_sms(_text("SECCION 0001", "m-1", "+525500000001"), None)
    assert result == {"intent": "section", "replied": True, "refused": False}
    reply = _reply_to(sms, "m-1")
    assert reply is not None
    assert reply.startswith("DecideIEEM. Seccion 1.\nSIMULACRO (ficticio), campañas hasta el ")
    assert "PFA, PFR-PFM, PFV" in reply  # the printed order of the council ballot (GET /v1/ballots/simulacro.ayun.001)
    assert "PFA, PFR, PFM, PFV" in reply  # the district ballot's
    assert gsm7.units(reply) <= 306
    (record,) = read_outbox(str(sms))
    assert record["segments"] <= 2 and "+525500000001" not in json.dumps(record)


def test_unknown_sections_help_and_gibberish_are_answered_helpfully(sms: Path) -> None:
    app_module.answer_sms(_text("99999", "m-2", "+525500000002"), None)
    assert "no encontramos la seccion 99999" in (_reply_to(sms, "m-2") or "")
    app_module.answer_sms(_text("¿quién gana?", "m-3", "+525500000002"), None)
    assert "envia el numero de tu seccion" in (_reply_to(sms, "m-3") or "")
    app_module.answer_sms(_text("AYUDA", "m-4", "+525500000002"), None)
    assert _reply_to(sms, "m-4") == _reply_to(sms, "m-3")


def test_after_alto_nothing_more_is_sent_until_alta(sms: Path) -> None:
    number = "+525500000003"
    app_module.answer_sms(_text("ALTO", "m-5", number), None)
    assert "no te enviaremos mas mensajes" in (_reply_to(sms, "m-5") or "")
    assert app_module.answer_sms(_text("1234", "m-6", number), None)["replied"] is False
    assert _reply_to(sms, "m-6") is None
    app_module.answer_sms(_text("ALTA", "m-7", number), None)
    app_module.answer_sms(_text("1234", "m-8", number), None)
    assert "Seccion 1234." in (_reply_to(sms, "m-8") or "")


def test_the_eleventh_message_in_an_hour_is_refused_politely_and_the_twelfth_silently(sms: Path) -> None:
    number = "+525500000004"
    for n in range(10):
        assert app_module.answer_sms(_text("1234", f"r-{n}", number), None)["replied"] is True
    eleventh = app_module.answer_sms(_text("1234", "r-10", number), None)
    assert eleventh == {"intent": "section", "replied": True, "refused": True}
    assert "llegaste al limite de 10 consultas por hora" in (_reply_to(sms, "r-10") or "")
    assert app_module.answer_sms(_text("1234", "r-11", number), None) == {
        "intent": "section",
        "replied": False,
        "refused": True,
    }
    # Another number is not affected.
    assert app_module.answer_sms(_text("1234", "r-12", "+525500000005"), None)["refused"] is False


def test_no_phone_number_is_stored_or_logged_in_clear(
    sms: Path, seeded: ElectionStore, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    # The app logs at INFO; another test may have left its logger at WARNING (a stage import).
    caplog.set_level(logging.INFO, logger="decide-ieem")
    number = "+525598765432"
    app_module.answer_sms(_text("ALTO", "p-1", number), None)
    app_module.answer_sms(_text("1234", "p-2", number), None)
    logs = capfd.readouterr()
    digits = number.lstrip("+")
    written = logs.out + logs.err + "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "sms answered" in written and "SmsReceived" in written  # it does log and count, without the number
    assert digits not in written and digits[-8:] not in written
    table = json.dumps(_all_items(seeded))
    assert digits not in table and digits[-10:] not in table
    assert "SmsOptOut" in table  # the opt-out is kept, under the hash
    assert digits not in json.dumps(read_outbox(str(sms)))


def test_a_malformed_notification_is_refused_without_echoing_the_number(sms: Path) -> None:
    event = _text("1234", "x-1", "5512345678")  # not E.164
    with pytest.raises(Exception, match="malformed") as raised:
        app_module.answer_sms(event, None)
    assert "5512345678" not in str(raised.value)
    assert read_outbox(str(sms)) == []


def test_the_sms_api_adapter_sends_gsm7_from_the_configured_identity() -> None:
    from botocore.stub import Stubber

    from chalicelib.adapters.sms import EndUserMessagingSms, OutboundSms

    client = boto3.client("pinpoint-sms-voice-v2", region_name="us-east-1")
    identity = "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1"
    channel = EndUserMessagingSms(identity, client_factory=lambda: client)
    with Stubber(client) as stub:
        stub.add_response(
            "send_text_message",
            {"MessageId": "sent-1"},
            {
                "DestinationPhoneNumber": NUMBER,
                "OriginationIdentity": "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-1",
                "MessageBody": "Seccion 1: Ayuntamiento de Acambay de Ruiz Castañeda",
                "MessageType": "TRANSACTIONAL",
                "MaxPrice": "0.50",
                "Context": {"in_reply_to": "m-9"},
            },
        )
        sent = channel.send(
            OutboundSms(
                to=NUMBER, to_hash="h", body="Sección 1: Ayuntamiento de Acambay de Ruíz Castañeda", in_reply_to="m-9"
            )
        )
    assert sent == "sent-1"


def test_a_redelivered_message_is_answered_once_and_counted_once(sms: Path) -> None:
    number = "+525500000006"
    first = app_module.answer_sms(_text("1234", "d-1", number), None)
    again = app_module.answer_sms(_text("1234", "d-1", number), None)
    assert first["replied"] is True and again == {"intent": "duplicate", "replied": False, "refused": False}
    assert len([r for r in read_outbox(str(sms)) if r["in_reply_to"] == "d-1"]) == 1
