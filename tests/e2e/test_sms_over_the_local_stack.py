"""The SMS lookup on the real local stack: `decide --local sms` publishes on the two-way topic, the event
pump hands it to `answer_sms`, the reply lands in the outbox and is printed last; the 11th message in an
hour is refused politely; neither the table nor any log holds the phone number."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import boto3

from chalicelib.adapters.sms import read_outbox
from chalicelib.sms import gsm7
from decide.config import PROJECT_DIR, stage_environment
from decide.stack_process import StackProcess as Stack

NUMBER = "+525587654321"


def decide_sms(stack: Stack, text: str, sender: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in stage_environment("dev") and k != "AWS_ENDPOINT_URL"}
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("decide")),
            "--local",
            stack.moto_url,
            "sms",
            text,
            "--from",
            sender,
            "--outbox",
            str(stack.state_dir / "sms-outbox"),
            "--timeout",
            "90",
        ],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=150,
    )


def wait_for_replies(outbox: Path, ids: set[str], timeout: float = 120) -> dict[str, dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        found = {r["in_reply_to"]: r for r in read_outbox(str(outbox)) if r["in_reply_to"] in ids}
        if len(found) == len(ids) or time.monotonic() > deadline:
            return found
        time.sleep(0.5)


def test_decide_sms_prints_the_reply_last_and_keeps_it_in_the_outbox(stack: Stack) -> None:
    done = decide_sms(stack, "0001", "+525500000101")
    assert done.returncode == 0, done.stderr
    (reply,) = [r for r in read_outbox(str(stack.state_dir / "sms-outbox")) if r["to"].endswith("01")][-1:]
    assert done.stdout.rstrip("\n").endswith(reply["body"])
    # Other tests may add processes to the shared stack (a drill in veda, say): look for the drill's own line.
    assert reply["body"].startswith("DecideIEEM. Seccion 1.\n")
    # With more processes in course the reply abbreviates ("al 21/12" for "hasta el 21/12/2026") to stay in 2 segments.
    assert re.search(r"\nSIMULACRO \(ficticio\), campañas (hasta el|al) \d\d/\d\d", reply["body"]), reply["body"]
    assert "PFA, PFR-PFM" in reply["body"]  # the printed order: the coalition in its first member's place
    assert gsm7.units(reply["body"]) <= 306 and reply["segments"] <= 2


def test_the_eleventh_message_in_an_hour_is_refused_and_no_number_is_kept_in_clear(stack: Stack) -> None:
    sns = boto3.client("sns", endpoint_url=stack.moto_url, region_name="us-east-1")
    topics = [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    topic = next(t for t in topics if t.endswith(":decide-dev-sms-inbound"))
    ids = [f"e2e-{uuid.uuid4()}" for _ in range(11)]
    for n, message_id in enumerate(ids):
        body = {
            "originationNumber": NUMBER,
            "destinationNumber": "+525500000000",
            "messageKeyword": "KEYWORD_E2E",
            "messageBody": f"SECCION {1234 + n}",
            "inboundMessageId": message_id,
        }
        sns.publish(TopicArn=topic, Message=json.dumps(body))
    replies = wait_for_replies(stack.state_dir / "sms-outbox", set(ids))
    assert len(replies) == 11
    bodies = sorted((r["message_id"], r["body"]) for r in replies.values())
    assert sum("llegaste al limite de 10 consultas por hora" in b for _, b in bodies) == 1
    assert sum(b.startswith("DecideIEEM. Seccion ") for _, b in bodies) == 10

    digits = NUMBER.lstrip("+")
    client = boto3.client("dynamodb", endpoint_url=stack.moto_url, region_name="us-east-1")
    items: list[Any] = []
    start = None
    while True:
        page = client.scan(TableName=stack.table_name, **({"ExclusiveStartKey": start} if start else {}))
        items += page["Items"]
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    table = json.dumps(items)
    assert "SmsWindow" in table
    assert digits not in table and digits[-8:] not in table
    logs = [stack.log, *stack.state_dir.glob("*.log")]
    assert any("sms answered" in p.read_text(errors="replace") for p in logs)
    for path in logs:
        assert digits[-8:] not in path.read_text(errors="replace"), path
    for path in (stack.state_dir / "sms-outbox").glob("*.json"):
        assert digits[-8:] not in path.read_text()


def test_the_data_saver_page_is_served_by_the_web_origin_without_javascript_under_10_kb(stack: Stack) -> None:
    import gzip
    import urllib.request

    request = urllib.request.Request(f"{stack.web_url}/s/1234", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert response.headers["Content-Encoding"] == "gzip"
        compressed = response.read()
    assert len(compressed) < 10 * 1024
    html = gzip.decompress(compressed).decode()
    assert "<script" not in html
    lookup = stack.get_json("/v1/lookup?section=1234")
    owners = [c["owner"] for found in lookup["results"] for b in found["ballots"] for c in b["candidacies"]]
    assert owners
    position = 0
    for owner in owners:
        position = html.index(f"Propietaria(o): {owner}", position)
    print(f"data saver /s/1234: {len(html.encode())} bytes, {len(compressed)} bytes gzipped")
