"""Small readers over a synthesized template (plain dicts), next to aws_cdk.assertions.Template."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

from aws_cdk.assertions import Template

STAGES = ("dev", "prod")
FIXTURE_WEB_DOMAIN = "decide.example.org"
FIXTURE_CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"


@dataclass
class Synthesis:
    outdir: Path
    returncode: int
    log: str
    seconds: float
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)

    def template(self, stage: str) -> dict[str, Any]:
        assert self.returncode == 0, f"synthesis failed:\n{self.log[-6000:]}"
        return self.templates[stage]

    def validation_report(self) -> dict[str, Any]:
        path = self.outdir / "validation-report.json"
        return json.loads(path.read_text()) if path.exists() else {"pluginReports": []}


# Handler name → Chalice handler string in the SAM template.
API_HANDLER = "api_handler"
EVENT_HANDLERS = (
    "relay_table_changes",
    "notify_parties",
    "notify_citizens",
    "send_digests",
    "record_email_feedback",
    "answer_sms",
)


def assertions(template: dict[str, Any]) -> Template:
    return _cached(id(template), template)


_templates: dict[int, Template] = {}


def _cached(key: int, template: dict[str, Any]) -> Template:
    if key not in _templates:
        _templates[key] = Template.from_json(template, skip_cyclical_dependencies_check=True)
    return _templates[key]


def resources(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == kind}


def one(template: dict[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    found = resources(template, kind)
    assert len(found) == 1, f"expected one {kind}, found {sorted(found)}"
    return next(iter(found.items()))


def messaging_key(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The symmetric key of the topics (the transparency log's signing key is the other AWS::KMS::Key)."""
    found = {
        name: r
        for name, r in resources(template, "AWS::KMS::Key").items()
        if r["Properties"].get("KeyUsage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
    }
    assert len(found) == 1, f"expected one messaging key, found {sorted(found)}"
    return next(iter(found.items()))


def functions(template: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    """Chalice functions by handler name: {"api_handler": (logical id, resource), "notify_parties": ...}."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, resource in resources(template, "AWS::Serverless::Function").items():
        handler = resource["Properties"]["Handler"]
        found[API_HANDLER if handler == "app.app" else handler.split(".", 1)[1]] = (name, resource)
    return found


def by_property(template: dict[str, Any], kind: str, prop: str, value: Any) -> tuple[str, dict[str, Any]]:
    matches = [(n, r) for n, r in resources(template, kind).items() if r["Properties"].get(prop) == value]
    assert len(matches) == 1, f"expected one {kind} with {prop}={value!r}, found {[n for n, _ in matches]}"
    return matches[0]


def logical_id_of_queue(template: dict[str, Any], name: str) -> str:
    return by_property(template, "AWS::SQS::Queue", "QueueName", name)[0]


def logical_id_of_topic(template: dict[str, Any], name: str) -> str:
    return by_property(template, "AWS::SNS::Topic", "TopicName", name)[0]


def policy_statements(template: dict[str, Any], role_logical_id: str) -> list[dict[str, Any]]:
    """Every statement of the IAM policies attached to a role (inline AWS::IAM::Policy resources)."""
    statements: list[dict[str, Any]] = []
    for policy in resources(template, "AWS::IAM::Policy").values():
        if {"Ref": role_logical_id} in policy["Properties"].get("Roles", []):
            statements += policy["Properties"]["PolicyDocument"]["Statement"]
    return statements


def actions_of(statements: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for statement in statements:
        action = statement["Action"]
        found.update([action] if isinstance(action, str) else action)
    return found


@lru_cache(maxsize=1)
def app_handlers() -> frozenset[str]:
    """Names of the event handlers the real app.py registers today."""
    import app as real_app

    return frozenset(name for name in EVENT_HANDLERS if name in real_app.app.handler_map)
