"""A burst of proposals under faults: SNS and SES fail at random, consumers die mid-batch.

`python -m bench.burst --proposals 1000` (the bench form); tests/resilience runs it smaller.
Proposals go through the HTTP API in-process (Chalice test client, real Cognito tokens);
the event pump runs the Lambda handlers between submissions, as the event sources would.
Afterwards every accepted proposal must exist, every addressed party must have exactly one
email about it, and the dead-letter queues, once redriven, must be delivered and empty.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from tests.support.world import World, world

BALLOTS = [f"simulacro.ayun.{n:03d}" for n in range(1, 126)]
LINEUP = ["pfa", "pfr-pfm", "pfv"]  # the drill's contenders on every council ballot
TOPICS = ["seguridad", "agua", "movilidad", "medio_ambiente", "salud", "educacion"]
WORDS = [
    "agua",
    "drenaje",
    "bache",
    "calle",
    "parque",
    "escuela",
    "clínica",
    "mercado",
    "banqueta",
    "luminaria",
    "basura",
    "camión",
    "ruta",
    "puente",
    "árbol",
    "jardín",
    "plaza",
    "deportivo",
    "biblioteca",
    "pozo",
    "tanque",
    "lluvia",
    "inundación",
    "tráfico",
    "semáforo",
    "vecinos",
    "colonia",
    "barrio",
    "ejido",
    "presa",
    "canal",
    "río",
    "tianguis",
    "transporte",
    "bicicleta",
    "peatón",
    "rampa",
    "techumbre",
    "aula",
    "maestro",
    "médico",
    "farmacia",
    "vacuna",
    "patrulla",
    "alumbrado",
    "cámara",
    "caseta",
    "reciclaje",
    "composta",
    "huerto",
    "vivero",
    "fuga",
    "tubería",
    "bomba",
    "cisterna",
    "pipa",
    "horario",
    "mantenimiento",
    "limpieza",
    "poda",
    "pintura",
    "señal",
    "cruce",
    "tope",
    "escalera",
    "andador",
    "cancha",
]
DEAD_CONSUMER_SHARE = 0.02  # messages a buggy consumer version cannot handle until it is "fixed"


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def draft(rng: random.Random, n: int) -> dict[str, Any]:
    addressed = sorted(rng.sample(LINEUP, rng.randint(1, len(LINEUP))))
    return {
        "ballot_id": rng.choice(BALLOTS),
        "topic": rng.choice(TOPICS),
        "title": f"{_sentence(rng, 5)} {n}",
        "problem": f"{_sentence(rng, 18)}, desde hace meses y sin respuesta.",
        "proposed_action": f"{_sentence(rng, 18)}, con presupuesto y calendario públicos.",
        "addressed_to": addressed,
    }


@dataclass
class BurstReport:
    proposals: int
    citizens: int
    fault_rate: float
    accepted: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    submit_seconds: float = 0.0
    drain_seconds: float = 0.0
    sns_calls: int = 0
    sns_faults: int = 0
    ses_calls: int = 0
    ses_faults: int = 0
    consumer_kills: int = 0
    dead_lettered: int = 0
    redriven: int = 0
    stored_proposals: int = 0
    lost_proposals: int = 0
    expected_emails: int = 0
    emails: int = 0
    lost_emails: int = 0
    duplicated_emails: int = 0
    dlq_after_redrive: int = 0


class KillingConsumer:
    """Wraps a queue handler: every `kill_every`-th batch it handles only the first half and then
    dies (the pump, like Lambda, gets the whole batch back); and until `fixed`, it crashes on a few
    messages altogether (they go to the dead-letter queue, to be redriven after the fix)."""

    def __init__(
        self, handler: Callable[[dict[str, Any], Any], Any], kill_every: int, poison_share: float = DEAD_CONSUMER_SHARE
    ) -> None:
        self.handler = handler
        self.kill_every = kill_every
        self.poison_share = poison_share
        self.batches = 0
        self.kills = 0
        self.fixed = False

    def poisoned(self, record: dict[str, Any]) -> bool:
        return not self.fixed and (zlib.crc32(record["messageId"].encode()) % 1000) < self.poison_share * 1000

    def __call__(self, event: dict[str, Any], context: Any) -> Any:
        self.batches += 1
        records = event["Records"]
        if self.kill_every and self.batches % self.kill_every == 0 and len(records) > 1:
            self.handler({"Records": records[: len(records) // 2]}, context)
            self.kills += 1
            raise RuntimeError("consumer killed mid-batch")
        healthy = [r for r in records if not self.poisoned(r)]
        result = self.handler({"Records": healthy}, context) if healthy else {"batchItemFailures": []}
        failures = list((result or {}).get("batchItemFailures", []))
        failures += [{"itemIdentifier": r["messageId"]} for r in records if self.poisoned(r)]
        return {"batchItemFailures": failures}


def queue_depth(sqs: Any, url: str) -> int:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def drain(pump: Any, queues: list[str], timeout: float) -> None:
    """Pump until the stream has nothing pending and every queue is empty (visible or in flight)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        moved = pump.pump_once()
        if moved or pump._pending:
            continue
        if all(queue_depth(pump.sqs, q) == 0 for q in queues):
            return
        time.sleep(0.25)
    raise TimeoutError(f"queues not drained within {timeout:.0f} s")


def run_burst(
    w: World,
    *,
    proposals: int,
    citizens: int,
    fault_rate: float = 0.2,
    kill_every: int = 7,
    poison_share: float = DEAD_CONSUMER_SHARE,
    pump_every: int = 10,
    seed: int = 2026,
    timeout: float = 900.0,
) -> BurstReport:
    from chalice.test import Client

    import app as app_module
    from chalicelib.adapters.mail import read_mailbox
    from decide.operations import redrive

    report = BurstReport(proposals=proposals, citizens=citizens, fault_rate=fault_rate)
    rng = random.Random(seed)
    w.wire()
    pump = w.pump()
    party_url = w.resources.queue_urls["party"]
    consumer = KillingConsumer(pump.queue_handlers[party_url], kill_every, poison_share)
    pump.queue_handlers[party_url] = consumer
    queues = list(w.resources.queue_urls.values())
    tokens = [w.identities.token(f"ciudadana-{i:04d}@example.mx") for i in range(citizens)]
    w.sns_faults.rate = w.ses_faults.rate = fault_rate

    accepted: dict[str, list[str]] = {}
    refused: Counter[str] = Counter()
    started = time.perf_counter()
    with Client(app_module.app) as client:
        for n in range(proposals):
            body = draft(rng, n)
            response = client.http.post(
                "/v1/proposals",
                headers={
                    "Content-Type": "application/json",
                    "Authorization": f"Bearer {tokens[n % citizens]}",
                    "Idempotency-Key": f"burst-{seed}-{n}",
                },
                body=json.dumps(body),
            )
            if response.status_code == 201 and response.json_body["status"] == "published":
                accepted[response.json_body["id"]] = body["addressed_to"]
            else:
                refused[f"{response.status_code}:{response.json_body.get('error', {}).get('code', 'held')}"] += 1
            if n % pump_every == pump_every - 1:
                pump.pump_once()
    report.submit_seconds = time.perf_counter() - started

    drained = time.perf_counter()
    drain(pump, queues, timeout)
    dlq_urls = list(w.resources.dead_letter_queue_urls.values())
    report.dead_lettered = sum(queue_depth(pump.sqs, q) for q in dlq_urls)
    consumer.fixed = True  # the fixed consumer is deployed; the operator redrives the dead letters
    for audience, dlq in w.resources.dead_letter_queue_urls.items():
        report.redriven += redrive(pump.sqs, dlq, w.resources.queue_urls[audience])
    drain(pump, queues, timeout)
    report.drain_seconds = time.perf_counter() - drained
    report.dlq_after_redrive = sum(queue_depth(pump.sqs, q) for q in dlq_urls)

    report.accepted = len(accepted)
    report.refused = dict(refused)
    stored = {
        item["pk"]["S"].split("#", 1)[1]
        for page in w.store.table.client.get_paginator("scan").paginate(
            TableName=w.store.table.table_name,
            FilterExpression="entity = :p AND sk = :meta",
            ExpressionAttributeValues={":p": {"S": "Proposal"}, ":meta": {"S": "PROPOSAL"}},
        )
        for item in page["Items"]
    }
    report.stored_proposals = len(stored)
    report.lost_proposals = len(set(accepted) - stored)

    sent: Counter[tuple[str, str]] = Counter()
    for email in read_mailbox(w.mailbox):
        if email.get("kind") != "party_proposal":
            continue
        for proposal_id in accepted:
            if f"/{proposal_id}" in email["text"]:
                sent[(proposal_id, email["to"])] += 1
                break
    expected = {
        (pid, f"avisos-{c}@simulacro.decide.ieem.local") for pid, addressed in accepted.items() for c in addressed
    }
    report.expected_emails = len(expected)
    report.emails = sum(sent.values())
    report.lost_emails = len(expected - set(sent))
    report.duplicated_emails = sum(n - 1 for n in sent.values() if n > 1) + sum(
        n for key, n in sent.items() if key not in expected
    )
    report.sns_calls, report.sns_faults = w.sns_faults.calls, w.sns_faults.injected
    report.ses_calls, report.ses_faults = w.ses_faults.calls, w.ses_faults.injected
    report.consumer_kills = consumer.kills
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--fault-rate", type=float, default=0.2)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    with world(proposals_per_day=100) as w:
        report = run_burst(w, proposals=args.proposals, citizens=args.citizens, fault_rate=args.fault_rate)
    text = json.dumps(asdict(report), indent=2)
    print(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
