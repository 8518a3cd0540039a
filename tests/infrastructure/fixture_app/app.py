"""A minimal Chalice app with every event handler the stack wires, under the names app.py uses.

The infrastructure tests synthesize the stack against it so the wiring (queues, stream, topic,
ReportBatchItemFailures, roles) is checked whatever the real app.py holds today. Handlers do nothing.
"""

from __future__ import annotations

import os
from typing import Any

from chalice.app import Chalice

STAGE = os.environ.get("DECIDE_STAGE", "dev")
app = Chalice(app_name="decide-ieem")


@app.route("/v1/processes", methods=["GET"])
def list_processes() -> dict[str, Any]:
    return {"items": []}


@app.on_dynamodb_record(stream_arn=os.environ.get("TABLE_STREAM_ARN", "stream-arn-set-by-the-stack"), batch_size=100)
def relay_table_changes(event: Any) -> None:
    return None


@app.on_sqs_message(queue=f"decide-{STAGE}-party-notifications", batch_size=10)
def notify_parties(event: Any) -> None:
    return None


@app.on_sqs_message(queue=f"decide-{STAGE}-citizen-notifications", batch_size=10)
def notify_citizens(event: Any) -> None:
    return None


@app.schedule("cron(0 13 * * ? *)")
def send_digests(event: Any) -> None:
    return None


@app.on_sns_message(topic=f"decide-{STAGE}-email-feedback")
def record_email_feedback(event: Any) -> None:
    return None


@app.on_sns_message(topic=f"decide-{STAGE}-sms-inbound")
def answer_sms(event: Any) -> None:
    return None
