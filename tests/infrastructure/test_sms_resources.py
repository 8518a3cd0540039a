"""The two-way SMS lookup in AWS: the inbound topic End User Messaging may publish to, the phone number's
two-way channel, the hash key only the answering function holds, and SendTextMessage from one identity."""

from __future__ import annotations

import json
from typing import Any

from tests.infrastructure.infra_helpers import (
    actions_of,
    functions,
    logical_id_of_topic,
    messaging_key,
    policy_statements,
    resources,
)


def _answer_sms(template: dict[str, Any]) -> dict[str, Any]:
    return functions(template)["answer_sms"][1]


def test_end_user_messaging_may_publish_to_the_encrypted_inbound_topic(template: dict[str, Any], stage: str) -> None:
    topic = logical_id_of_topic(template, f"decide-{stage}-sms-inbound")
    assert "KmsMasterKeyId" in template["Resources"][topic]["Properties"]
    policies = [
        p for p in resources(template, "AWS::SNS::TopicPolicy").values() if {"Ref": topic} in p["Properties"]["Topics"]
    ]
    statements = [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]]
    publish = [s for s in statements if s.get("Principal") == {"Service": "sms-voice.amazonaws.com"}]
    assert publish and publish[0]["Action"] == "sns:Publish" and publish[0]["Effect"] == "Allow"
    assert publish[0]["Condition"]["StringEquals"]["aws:SourceAccount"]
    _, key = messaging_key(template)
    principals = [s.get("Principal", {}) for s in key["Properties"]["KeyPolicy"]["Statement"]]
    assert {"Service": "sms-voice.amazonaws.com"} in principals


def test_only_the_answering_function_holds_the_number_hash_key(template: dict[str, Any]) -> None:
    (secret_id, secret) = next(
        (i, r)
        for i, r in resources(template, "AWS::SecretsManager::Secret").items()
        if str(r["Properties"]["Name"]).endswith("/sms-number-hash-key")
    )
    assert secret["Properties"]["GenerateSecretString"]["PasswordLength"] >= 32
    for handler, (_, fn) in functions(template).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        if handler == "answer_sms":
            reference = json.dumps(variables["SMS_NUMBER_KEY"])
            assert "{{resolve:secretsmanager:" in reference and secret_id in reference  # resolved at deploy time
        else:
            assert "SMS_NUMBER_KEY" not in variables, handler
    # The key's value is never in the template itself.
    assert 'SecretString": "' not in json.dumps(template)


def test_dev_leases_a_simulator_number_whose_two_way_channel_is_the_topic(template: dict[str, Any], stage: str) -> None:
    numbers = resources(template, "AWS::SMSVOICE::PhoneNumber")
    fn = _answer_sms(template)
    role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
    statements = policy_statements(template, role)
    sends = [s for s in statements if s["Action"] == "sms-voice:SendTextMessage"]
    if stage == "prod":
        # prod uses the short code registered with the carriers (docs/deploy.md); none until it is configured.
        assert numbers == {} and sends == []
        assert fn["Properties"]["Environment"]["Variables"]["SMS_ORIGINATION_IDENTITY"] == ""
        return
    ((number_id, number),) = numbers.items()
    props = number["Properties"]
    topic = logical_id_of_topic(template, f"decide-{stage}-sms-inbound")
    assert props["NumberType"] == "SIMULATOR" and props["NumberCapabilities"] == ["SMS"]
    assert props["TwoWay"] == {"Enabled": True, "ChannelArn": {"Ref": topic}}
    assert {"HELP", "STOP"} <= set(props["MandatoryKeywords"])
    assert {"Keyword": "ALTO", "Action": "OPT_OUT"}.items() <= props["OptionalKeywords"][0].items()
    assert fn["Properties"]["Environment"]["Variables"]["SMS_ORIGINATION_IDENTITY"] == {
        "Fn::GetAtt": [number_id, "Arn"]
    }
    # SendTextMessage from this number only; no other SMS or voice action, no wildcard.
    (send,) = sends
    assert send["Resource"] == {"Fn::GetAtt": [number_id, "Arn"]}
    assert {a for a in actions_of(statements) if a.startswith("sms-voice:")} == {"sms-voice:SendTextMessage"}


def test_no_other_function_may_send_sms(template: dict[str, Any]) -> None:
    for handler, (_, fn) in functions(template).items():
        if handler == "answer_sms":
            continue
        actions = actions_of(policy_statements(template, fn["Properties"]["Role"]["Fn::GetAtt"][0]))
        assert not {a for a in actions if a.startswith("sms-voice:")}, handler
