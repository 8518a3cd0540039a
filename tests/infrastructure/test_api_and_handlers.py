"""The Chalice app in the stack: API Gateway settings, WAF, event handlers and their permissions."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from decide_infra.api import public_get_operations
from decide_infra.config import stage_config

from chalicelib.settings import ENVIRONMENT
from tests.infrastructure.infra_helpers import (
    API_HANDLER,
    EVENT_HANDLERS,
    actions_of,
    app_handlers,
    by_property,
    functions,
    logical_id_of_queue,
    logical_id_of_topic,
    one,
    policy_statements,
    resources,
)

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "chalicelib" / "settings.py"
# Variables settings.py reads that the stack deliberately does not set in AWS, and why.
NOT_INJECTED = {
    "AWS_REGION": "set by Lambda itself",
    "AWS_DEFAULT_REGION": "set by Lambda itself",
    "COGNITO_JWKS_URL": "local stack only: in AWS the keys are at the pool's issuer URL",
    "LOCAL_MAILBOX_DIR": "local stack only",
    "DECIDE_TIMEZONE": "from .chalice/config.json",
    "DEFAULT_SECTION_MAP": "from .chalice/config.json",
    "PUBLIC_CACHE_SECONDS": "from .chalice/config.json (per stage)",
    "PROPOSALS_PER_DAY": "tunable with a default; set it in .chalice/config.json to change it",
    "SMS_NUMBER_KEY": "answer_sms only (test_sms_resources.py checks it), not every function",
    "SMS_ORIGINATION_IDENTITY": "answer_sms only (test_sms_resources.py checks it)",
    "SMS_PER_HOUR": "tunable with a default (10)",
    "PARTY_IMMEDIATE_PER_HOUR": "tunable with a default (20 a party an hour, docs/election-day.md)",
    "SMS_CONFIGURATION_SET": "optional: an End User Messaging configuration set for delivery events",
    "LOCAL_SMS_OUTBOX_DIR": "local stack only",
    "CONSENT_LINK_KEY": "api_handler and notify_parties only (test_consent_link_key_only_where_links_are_made)",
    "EMAIL_LINK_KEY": "the API and the email senders only (test_email_link_key_and_api_url_only_where_needed)",
    "API_BASE_URL": "local stack only: in AWS List-Unsubscribe reaches the API through the web distribution",
    "WEB_BASE_URL_PARAMETER": "the API's function only, without a custom web domain (test_api_edge.py)",
    "STAFF_MFA_EXEMPT": "local stack only: unset in AWS, so every ieem_admin and ieem_moderator must enrol TOTP",
    "PERSONAL_DATA_RETENTION_DAYS": "tunable with a default (1095 days, docs/privacy.md)",
    "RUNBOOKS_BASE_URL": "optional: where the runbooks are published; the dashboard names their paths without it",
}


def _stage_of(template: dict[str, Any]) -> str:
    return str(one(template, "AWS::DynamoDB::Table")[1]["Properties"]["TableName"]).removeprefix("decide-")


# -- API Gateway --------------------------------------------------------------------------------------


def test_api_is_regional_named_per_stage_and_throttled(template: dict[str, Any], stage: str) -> None:
    _, api = one(template, "AWS::Serverless::Api")
    props = api["Properties"]
    config = stage_config(stage, lambda _key: None)
    assert props["EndpointConfiguration"] == "REGIONAL"
    assert props["Name"] == f"decide-ieem-{stage}"
    everything = props["MethodSettings"][0]
    assert (everything["ResourcePath"], everything["HttpMethod"]) == ("/*", "*")
    assert everything["ThrottlingRateLimit"] == config.api_throttle_rate
    assert everything["ThrottlingBurstLimit"] == config.api_throttle_burst
    assert everything["CachingEnabled"] is False
    assert props["AccessLogSetting"]["DestinationArn"]


def test_only_public_gets_are_cached_and_keyed_on_their_parameters(template: dict[str, Any], stage: str) -> None:
    _, api = one(template, "AWS::Serverless::Api")
    props = api["Properties"]
    public = public_get_operations()
    assert public, "app.openapi_document() lists no public GET"
    cached = {s["ResourcePath"]: s for s in props["MethodSettings"][1:] if s.get("CachingEnabled")}
    assert props["CacheClusterEnabled"] is (stage == "prod")
    if stage == "prod":
        assert {path.replace("/", "~1") for path in public} == set(cached)
        for setting in cached.values():
            assert setting["HttpMethod"] == "GET" and setting["CacheTtlInSeconds"] > 0
    paths = props["DefinitionBody"]["paths"]
    for path, query in public.items():
        integration = paths[path]["get"]["x-amazon-apigateway-integration"]
        keys = set(integration.get("cacheKeyParameters", []))
        assert {f"method.request.querystring.{name}" for name in query} <= keys, path
        assert {f"method.request.path.{name}" for name in re.findall(r"{(\w+)}", path)} <= keys, path
    # Authenticated operations are never in the cache.
    for path in paths:
        if path not in public:
            assert path.replace("/", "~1") not in cached


def test_lookup_is_cached_per_section(template: dict[str, Any]) -> None:
    _, api = one(template, "AWS::Serverless::Api")
    integration = api["Properties"]["DefinitionBody"]["paths"]["/v1/lookup"]["get"]["x-amazon-apigateway-integration"]
    assert "method.request.querystring.section" in integration["cacheKeyParameters"]


def test_waf_protects_the_api_stage(template: dict[str, Any], stage: str) -> None:
    acl_id, acl = one(template, "AWS::WAFv2::WebACL")
    props = acl["Properties"]
    config = stage_config(stage, lambda _key: None)
    assert props["Scope"] == "REGIONAL"
    managed = {
        r["Statement"]["ManagedRuleGroupStatement"]["Name"]
        for r in props["Rules"]
        if "ManagedRuleGroupStatement" in r["Statement"]
    }
    assert {
        "AWSManagedRulesCommonRuleSet",
        "AWSManagedRulesKnownBadInputsRuleSet",
        "AWSManagedRulesAmazonIpReputationList",
    } <= managed
    rates = {
        r["Name"]: r["Statement"]["RateBasedStatement"]
        for r in props["Rules"]
        if "RateBasedStatement" in r["Statement"]
    }
    assert rates["RatePerIp"]["Limit"] == config.waf_rate_limit_per_ip
    assert rates["WriteRatePerIp"]["Limit"] == config.waf_write_rate_limit_per_ip
    # Behind the web distribution the source address is an edge server's: the rates key on the viewer's
    # address the distribution sets (test_api_edge.py checks that nothing else reaches the stage).
    for rate in rates.values():
        assert rate["AggregateKeyType"] == "FORWARDED_IP"
        assert rate["ForwardedIPConfig"] == {"HeaderName": "x-decide-viewer-ip", "FallbackBehavior": "MATCH"}
    _, association = one(template, "AWS::WAFv2::WebACLAssociation")
    arn = json.dumps(association["Properties"]["ResourceArn"])
    assert '{"Ref": "RestAPI"}' in arn and '{"Ref": "RestAPI.Stage"}' in arn
    assert association["Properties"]["WebACLArn"] == {"Fn::GetAtt": [acl_id, "Arn"]}


# -- functions ----------------------------------------------------------------------------------------


def test_every_function_has_its_own_role_name_and_log_group(template: dict[str, Any], stage: str) -> None:
    found = functions(template)
    assert API_HANDLER in found
    roles = set()
    for handler, (_, fn) in found.items():
        props = fn["Properties"]
        name = f"decide-{stage}-{handler.replace('_', '-')}"
        assert props["FunctionName"] == name
        role = props["Role"]["Fn::GetAtt"][0]
        roles.add(role)
        assert template["Resources"][role]["Type"] == "AWS::IAM::Role"
        by_property(template, "AWS::Logs::LogGroup", "LogGroupName", f"/aws/lambda/{name}")
    assert len(roles) == len(found)
    assert "replaced-by-the-decide-stack" not in json.dumps(template)


def test_every_function_of_the_app_may_use_the_table(template: dict[str, Any]) -> None:
    """Every function reads or writes the table: one left out of the stack's list deploys without permissions."""
    import app as real_app

    found = functions(template)
    for source in real_app.app.event_sources:
        assert source.name in found, f"{source.name} is not a function of the stack"
        role = found[source.name][1]["Properties"]["Role"]["Fn::GetAtt"][0]
        assert "dynamodb:GetItem" in actions_of(policy_statements(template, role)), source.name


def test_runtime_environment_is_injected(template: dict[str, Any]) -> None:
    """Every variable chalicelib/settings.py reads is set by the stack, or listed above with its reason."""
    read = set(ENVIRONMENT.values()) | set(re.findall(r'environ\.get\("([A-Z0-9_]+)"', SETTINGS.read_text()))
    required = {
        "TABLE_NAME", "DECIDE_STAGE", "EVENTS_TOPIC_ARN", "PARTY_QUEUE_URL", "CITIZEN_QUEUE_URL", "USER_POOL_ID",
        "USER_POOL_CLIENT_ID", "MAIL_FROM", "SES_CONFIGURATION_SET", "PHOTOS_BUCKET",
        "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_METRICS_NAMESPACE", "PUBLIC_CACHE_SECONDS",
    }  # fmt: skip
    for handler, (_, fn) in functions(template).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        # The web address: WEB_BASE_URL, or for the API's function the parameter that holds it.
        address = {"WEB_BASE_URL_PARAMETER"} if handler == "api_handler" else {"WEB_BASE_URL", "PHOTOS_BASE_URL"}
        missing = (required | address | (read - set(NOT_INJECTED) - {"WEB_BASE_URL", "PHOTOS_BASE_URL"})) - set(
            variables
        )
        assert not missing, f"not injected: {sorted(missing)}"
        assert variables["SES_CONFIGURATION_SET"] == f"decide-{_stage_of(template)}"
        assert (variables["AWS_RETRY_MODE"], variables["AWS_MAX_ATTEMPTS"]) == ("standard", "3")


def test_no_role_has_wildcard_actions_on_data(template: dict[str, Any]) -> None:
    for _, fn in functions(template).values():
        role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        actions = actions_of(policy_statements(template, role))
        for action in actions:
            service, _, verb = action.partition(":")
            assert verb != "*" and action != "*", (role, action)
            if service in {"dynamodb", "s3", "sqs", "sns", "ses"}:
                assert "*" not in verb or (verb.endswith("*") and len(verb) > 4), (role, action)


def test_api_handler_permissions(template: dict[str, Any]) -> None:
    _, (_, api) = API_HANDLER, functions(template)[API_HANDLER]
    actions = actions_of(policy_statements(template, api["Properties"]["Role"]["Fn::GetAtt"][0]))
    assert {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"} <= actions
    assert "dynamodb:Scan" not in actions
    assert {"ses:SendEmail", "s3:PutObject", "cognito-idp:AdminConfirmSignUp"} <= actions
    # the only queue access: the election-day dashboard reads the dead-letter queues' depth (issue 14)
    assert {a for a in actions if a.startswith(("sqs:", "sns:"))} == {"sqs:GetQueueUrl", "sqs:GetQueueAttributes"}
    statements = policy_statements(template, api["Properties"]["Role"]["Fn::GetAtt"][0])
    queue_resources = [s["Resource"] for s in statements if "sqs:GetQueueAttributes" in actions_of([s])]
    assert queue_resources and all("DeadLetterQueue" in json.dumps(r) for r in queue_resources)
    assert "dynamodb:GetRecords" not in actions  # the stream is the relay's


# -- event handlers: the fixture app has them all; the real app is checked for those it has ----------


def _assert_wired(template: dict[str, Any], handler: str) -> None:
    stage = _stage_of(template)
    found = functions(template)
    assert handler in found, f"{handler} is not deployed"
    _, fn = found[handler]
    props = fn["Properties"]
    (event,) = props["Events"].values()
    role = props["Role"]["Fn::GetAtt"][0]
    actions = actions_of(policy_statements(template, role))
    config = stage_config(stage, lambda _key: None)
    if handler in ("notify_parties", "notify_citizens"):
        audience = "party" if handler == "notify_parties" else "citizen"
        queue = logical_id_of_queue(template, f"decide-{stage}-{audience}-notifications")
        assert event["Type"] == "SQS"
        assert event["Properties"]["Queue"] == {"Fn::GetAtt": [queue, "Arn"]}
        # Chalice does not set it; without it partial batch responses are ignored.
        assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        concurrency = config.email_consumer_concurrency(0.5)
        assert event["Properties"]["ScalingConfig"]["MaximumConcurrency"] == concurrency
        assert props["ReservedConcurrentExecutions"] == concurrency
        assert {"sqs:ReceiveMessage", "sqs:DeleteMessage", "ses:SendEmail"} <= actions
        # a message waiting for the SES rate goes back on its queue; the rate is the account's, shared
        assert "sqs:SendMessage" in actions
        assert props["Environment"]["Variables"]["SES_SEND_RATE"] == str(max(1, int(config.ses_max_send_rate)))
    elif handler == "relay_table_changes":
        table, _ = one(template, "AWS::DynamoDB::Table")
        failures = logical_id_of_queue(template, f"decide-{stage}-relay-failures")
        assert event["Type"] == "DynamoDB"
        assert event["Properties"]["Stream"] == {"Fn::GetAtt": [table, "StreamArn"]}
        assert event["Properties"]["StartingPosition"] == "TRIM_HORIZON"
        assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert event["Properties"]["BisectBatchOnFunctionError"] is True
        destination = event["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]
        assert destination == {"Fn::GetAtt": [failures, "Arn"]}
        assert {"dynamodb:GetRecords", "sns:Publish", "sqs:SendMessage"} <= actions
        assert "ses:SendEmail" not in actions
        # the stream-derived counts: markers put and counters updated in transactions, never a Scan
        assert {"dynamodb:PutItem", "dynamodb:UpdateItem"} <= actions and "dynamodb:Scan" not in actions
    elif handler == "record_email_feedback":
        topic = logical_id_of_topic(template, f"decide-{stage}-email-feedback")
        assert event["Type"] == "SNS"
        assert event["Properties"]["Topic"] == {"Ref": topic}
    elif handler == "answer_sms":
        topic = logical_id_of_topic(template, f"decide-{stage}-sms-inbound")
        assert event["Type"] == "SNS"
        assert event["Properties"]["Topic"] == {"Ref": topic}
        assert {"dynamodb:UpdateItem", "dynamodb:GetItem"} <= actions and "ses:SendEmail" not in actions
    elif handler == "send_digests":
        assert event["Type"] == "Schedule"
        assert "ses:SendEmail" in actions
    # Functions wait for their policies (SQS/stream mappings check the role's permissions on creation).
    role_prefix = role[:-8]  # logical ids end in an 8-character hash
    assert any(dep.startswith(f"{role_prefix}DefaultPolicy") for dep in fn.get("DependsOn", []))


@pytest.mark.parametrize("handler", EVENT_HANDLERS)
def test_fixture_app_handlers_are_wired(wired: dict[str, Any], handler: str) -> None:
    _assert_wired(wired, handler)


@pytest.mark.parametrize("handler", EVENT_HANDLERS)
def test_real_app_handlers_are_wired(template: dict[str, Any], handler: str) -> None:
    if handler not in app_handlers():
        pytest.skip(f"app.py does not define {handler} yet")
    _assert_wired(template, handler)


def test_email_consumers_are_sized_to_the_ses_rate() -> None:
    prod = stage_config("prod", lambda _key: None)
    assert prod.email_consumer_concurrency(0.5) == 2  # 14 emails/s: the SQS minimum of 2 is already enough
    faster = stage_config("prod", lambda key: 200 if key == "prod.ses_max_send_rate" else None)
    assert faster.email_consumer_concurrency(0.5) == 15  # 200 × 0.5 × 0.15 s


def test_the_transparency_log_key_signs_tree_heads_and_only_the_signer_may_sign(template: dict[str, Any]) -> None:
    keys = {k: v for k, v in template["Resources"].items() if v["Type"] == "AWS::KMS::Key"}
    (key_id,) = [k for k, v in keys.items() if v["Properties"].get("KeySpec") == "ECC_NIST_P256"]
    assert keys[key_id]["Properties"]["KeyUsage"] == "SIGN_VERIFY"
    # kept exactly as the stage keeps its data: prod retains it (old tree heads stay verifiable), dev is torn down
    (table,) = [v for v in template["Resources"].values() if v["Type"] == "AWS::DynamoDB::Table"]
    assert keys[key_id]["DeletionPolicy"] == table["DeletionPolicy"]
    found = functions(template)
    if "sign_tree_head" not in found or "append_to_log" not in found:
        pytest.skip("app.py does not define the log handlers")
    signer = actions_of(policy_statements(template, found["sign_tree_head"][1]["Properties"]["Role"]["Fn::GetAtt"][0]))
    assert {"kms:Sign", "kms:GetPublicKey", "dynamodb:PutItem"} <= signer
    api = actions_of(policy_statements(template, found[API_HANDLER][1]["Properties"]["Role"]["Fn::GetAtt"][0]))
    assert "kms:GetPublicKey" in api and "kms:Sign" not in api
    appender = found["append_to_log"][1]["Properties"]
    (event,) = appender["Events"].values()
    assert event["Type"] == "DynamoDB" and event["Properties"]["StartingPosition"] == "TRIM_HORIZON"
    assert event["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert "kms:Sign" not in actions_of(policy_statements(template, appender["Role"]["Fn::GetAtt"][0]))


def test_email_link_key_and_api_url_only_where_needed(template: dict[str, Any]) -> None:
    """The unsubscribe/confirmation key (issue 15) reaches the API (checks tokens, signs confirmation
    links) and the three email senders (sign List-Unsubscribe links); no other function holds it. Resolved
    from Secrets Manager at deploy time. List-Unsubscribe URLs reach the API through the web distribution
    (its WAF admits nothing else), so no function holds the API's own URL."""
    secrets = {
        i: r
        for i, r in resources(template, "AWS::SecretsManager::Secret").items()
        if str(r["Properties"]["Name"]).endswith("/email-link-key")
    }
    (secret_id,) = secrets
    senders = {"notify_parties", "notify_citizens", "send_digests"}
    for handler, (_, fn) in functions(template).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        if handler in senders | {"api_handler"}:
            reference = json.dumps(variables["EMAIL_LINK_KEY"])
            assert "{{resolve:secretsmanager:" in reference and secret_id in reference
        else:
            assert "EMAIL_LINK_KEY" not in variables, handler
        assert "API_BASE_URL" not in variables, handler


def test_consent_link_key_only_where_links_are_made(template: dict[str, Any]) -> None:
    """The identity-consent key (issue 22) reaches the API (checks links) and the party-email consumer
    (writes them), resolved from Secrets Manager at deploy time; no other function holds it."""
    secrets = {
        i: r
        for i, r in resources(template, "AWS::SecretsManager::Secret").items()
        if str(r["Properties"]["Name"]).endswith("/consent-link-key")
    }
    (secret_id,) = secrets
    for handler, (_, fn) in functions(template).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        if handler in ("api_handler", "notify_parties"):
            reference = json.dumps(variables["CONSENT_LINK_KEY"])
            assert "{{resolve:secretsmanager:" in reference and secret_id in reference
        else:
            assert "CONSENT_LINK_KEY" not in variables, handler
