"""What the stack creates, stage by stage: data, messaging, email, users, web, protection, operations."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk.assertions import Match

from chalicelib.auth.principal import Role
from decide.resources import DLQ_MAX_RECEIVE_COUNT, QUEUES_BY_AUDIENCE, StackNames
from tests.infrastructure.infra_helpers import (
    FIXTURE_CERTIFICATE,
    FIXTURE_WEB_DOMAIN,
    assertions,
    by_property,
    functions,
    logical_id_of_queue,
    logical_id_of_topic,
    messaging_key,
    one,
    resources,
)

RETAINED_IN_PROD = ("AWS::DynamoDB::Table", "AWS::Cognito::UserPool", "AWS::KMS::Key")


def names(stage: str) -> StackNames:
    return StackNames(stage=stage, table=f"decide-{stage}")


# -- data -------------------------------------------------------------------------------------------


def test_table_is_the_designed_single_table(template: dict[str, Any], stage: str) -> None:
    assertions(template).has_resource_properties(
        "AWS::DynamoDB::Table",
        {
            "TableName": f"decide-{stage}",
            "BillingMode": "PAY_PER_REQUEST",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "StreamSpecification": {"StreamViewType": "NEW_AND_OLD_IMAGES"},
            "TimeToLiveSpecification": {"AttributeName": "expires_at", "Enabled": True},
            "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
            "SSESpecification": {"SSEEnabled": True},
            "GlobalSecondaryIndexes": [
                Match.object_like(
                    {
                        "IndexName": "gsi1",
                        "KeySchema": [
                            {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                            {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
                        ],
                        "Projection": {"ProjectionType": "ALL"},
                    }
                )
            ],
        },
    )


def test_prod_keeps_data_and_dev_does_not(template: dict[str, Any], stage: str) -> None:
    _, table = one(template, "AWS::DynamoDB::Table")
    assert table["Properties"].get("DeletionProtectionEnabled", False) is (stage == "prod")
    for kind in RETAINED_IN_PROD:
        for name, resource in resources(template, kind).items():
            expected = "Retain" if stage == "prod" else "Delete"
            assert resource.get("DeletionPolicy") == expected, (name, resource.get("DeletionPolicy"))
    _, pool = one(template, "AWS::Cognito::UserPool")
    assert pool["Properties"].get("DeletionProtection") == ("ACTIVE" if stage == "prod" else "INACTIVE")


def test_buckets_are_private_encrypted_and_tls_only(template: dict[str, Any]) -> None:
    buckets = resources(template, "AWS::S3::Bucket")
    assert len(buckets) == 3  # web, photos, access logs
    for name, bucket in buckets.items():
        props = bucket["Properties"]
        assert props["PublicAccessBlockConfiguration"] == {
            "BlockPublicAcls": True,
            "BlockPublicPolicy": True,
            "IgnorePublicAcls": True,
            "RestrictPublicBuckets": True,
        }, name
        assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
    for policy in resources(template, "AWS::S3::BucketPolicy").values():
        statements = policy["Properties"]["PolicyDocument"]["Statement"]
        assert any(
            s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
            for s in statements
        )


def test_photos_accept_presigned_uploads_from_the_front(template: dict[str, Any]) -> None:
    assertions(template).has_resource_properties(
        "AWS::S3::Bucket",
        {"CorsConfiguration": {"CorsRules": [Match.object_like({"AllowedMethods": ["PUT", "GET", "POST"]})]}},
    )


# -- messaging --------------------------------------------------------------------------------------


def test_notification_queues_have_dead_letter_queues_and_encryption(template: dict[str, Any], stage: str) -> None:
    for audience in QUEUES_BY_AUDIENCE:
        dlq = logical_id_of_queue(template, names(stage).dead_letter_queue(audience))
        _, queue = by_property(template, "AWS::SQS::Queue", "QueueName", names(stage).queue(audience))
        props = queue["Properties"]
        assert props["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq, "Arn"]},
            "maxReceiveCount": DLQ_MAX_RECEIVE_COUNT,
        }
        assert props["SqsManagedSseEnabled"] is True
        # Six times the consumers' timeout, so a slow batch is not redelivered while still running.
        assert props["VisibilityTimeout"] >= 6 * 60
    for queue in resources(template, "AWS::SQS::Queue").values():
        assert queue["Properties"]["SqsManagedSseEnabled"] is True


def test_events_fan_out_like_the_local_stack(template: dict[str, Any], stage: str) -> None:
    """Same topic, raw delivery and `audience` filter policy as decide/resources.py creates locally."""
    topic = logical_id_of_topic(template, names(stage).topic)
    subscriptions = [
        s["Properties"]
        for s in resources(template, "AWS::SNS::Subscription").values()
        if s["Properties"].get("TopicArn") == {"Ref": topic}
    ]
    assert len(subscriptions) == len(QUEUES_BY_AUDIENCE)
    for audience in QUEUES_BY_AUDIENCE:
        queue = logical_id_of_queue(template, names(stage).queue(audience))
        match = [s for s in subscriptions if s["Endpoint"] == {"Fn::GetAtt": [queue, "Arn"]}]
        assert len(match) == 1
        assert match[0]["Protocol"] == "sqs"
        assert match[0]["RawMessageDelivery"] is True
        assert match[0]["FilterPolicy"] == {"audience": [audience]}


def test_topics_are_encrypted_with_a_rotating_key(template: dict[str, Any]) -> None:
    key, props = messaging_key(template)
    assert props["Properties"]["EnableKeyRotation"] is True
    for name, topic in resources(template, "AWS::SNS::Topic").items():
        assert topic["Properties"]["KmsMasterKeyId"] == {"Fn::GetAtt": [key, "Arn"]}, name
    principals = json.dumps(props["Properties"]["KeyPolicy"])
    for service in ("ses.amazonaws.com", "cloudwatch.amazonaws.com", "sns.amazonaws.com"):
        assert service in principals


# -- email ------------------------------------------------------------------------------------------


def test_ses_bounces_and_complaints_reach_the_feedback_topic(template: dict[str, Any], stage: str) -> None:
    feedback = logical_id_of_topic(template, f"decide-{stage}-email-feedback")
    assertions(template).has_resource_properties(
        "AWS::SES::ConfigurationSet",
        {"Name": f"decide-{stage}", "ReputationOptions": {"ReputationMetricsEnabled": True}},
    )
    assertions(template).has_resource_properties(
        "AWS::SES::ConfigurationSetEventDestination",
        {
            "ConfigurationSetName": f"decide-{stage}",
            "EventDestination": Match.object_like(
                {
                    "Enabled": True,
                    "MatchingEventTypes": Match.array_with(["bounce", "complaint"]),
                    "SnsDestination": {"TopicARN": {"Ref": feedback}},
                }
            ),
        },
    )
    policies = [
        p
        for p in resources(template, "AWS::SNS::TopicPolicy").values()
        if {"Ref": feedback} in p["Properties"]["Topics"]
    ]
    assert "ses.amazonaws.com" in json.dumps(policies)


def test_sending_identity_is_a_parameter(template: dict[str, Any]) -> None:
    assert {"MailDomain", "MailFromAddress", "MailFromName"} <= set(template["Parameters"])


# -- users ------------------------------------------------------------------------------------------


def test_user_pool_signs_in_by_email_and_leaves_verification_to_the_app(template: dict[str, Any], stage: str) -> None:
    _, pool = one(template, "AWS::Cognito::UserPool")
    props = pool["Properties"]
    assert props["UserPoolName"] == names(stage).user_pool
    assert props["UsernameAttributes"] == ["email"]
    assert not props.get("AutoVerifiedAttributes")
    policy = props["Policies"]["PasswordPolicy"]
    assert policy["MinimumLength"] >= 10 and policy["RequireNumbers"] and policy["RequireLowercase"]
    assert {
        k: v
        for k, v in next(a for a in props["Schema"] if a["Name"] == "party_id").items()
        if k != "StringAttributeConstraints"
    } == {"Name": "party_id", "AttributeDataType": "String", "Mutable": True}
    assert props["EmailConfiguration"]["EmailSendingAccount"] == "DEVELOPER"
    assert props["EmailConfiguration"]["ConfigurationSet"] == f"decide-{stage}"


def test_groups_are_the_roles_of_the_design(template: dict[str, Any]) -> None:
    groups = {g["Properties"]["GroupName"] for g in resources(template, "AWS::Cognito::UserPoolGroup").values()}
    assert groups == {role.value for role in Role}


def test_app_client_is_public_with_password_and_refresh_auth(template: dict[str, Any], stage: str) -> None:
    _, client = one(template, "AWS::Cognito::UserPoolClient")
    props = client["Properties"]
    assert props["ClientName"] == names(stage).user_pool_client
    assert props.get("GenerateSecret", False) is False
    assert set(props["ExplicitAuthFlows"]) == {"ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"}
    assert "custom:party_id" in props["ReadAttributes"]
    assert "custom:party_id" not in props["WriteAttributes"]  # only staff set a user's party
    assert "name" not in props["WriteAttributes"]  # display names: the app's record, admin calls only


# -- web --------------------------------------------------------------------------------------------


def test_web_is_served_by_cloudfront_through_origin_access_control(template: dict[str, Any]) -> None:
    _, distribution = one(template, "AWS::CloudFront::Distribution")
    config = distribution["Properties"]["DistributionConfig"]
    assert config["DefaultRootObject"] == "index.html"
    assert config["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    # Two private buckets behind origin access control: the web front, and candidacy photos on /photos/*;
    # the third origin is the REST API's stage (/v1/* and /s/*: test_api_edge.py).
    buckets = [o for o in config["Origins"] if "S3OriginConfig" in o]
    assert len(buckets) == 2 and len(config["Origins"]) == 3
    for origin in buckets:
        assert origin["OriginAccessControlId"]
        assert origin["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    # open data: issue 11 (test_election_day_edge.py)
    assert {"/photos/*", "/open-data/*"} == {p for p in behaviours if not p.startswith(("/v1/", "/s/"))}
    photos = behaviours["/photos/*"]
    assert photos["ViewerProtocolPolicy"] == "redirect-to-https"
    assert len(resources(template, "AWS::CloudFront::OriginAccessControl")) == 2


def test_custom_web_domain_gets_its_alias_tls_policy_and_upload_origin(wired: dict[str, Any]) -> None:
    _, distribution = one(wired, "AWS::CloudFront::Distribution")
    config = distribution["Properties"]["DistributionConfig"]
    assert config["Aliases"] == [FIXTURE_WEB_DOMAIN]
    assert config["ViewerCertificate"]["AcmCertificateArn"] == FIXTURE_CERTIFICATE
    assert config["ViewerCertificate"]["MinimumProtocolVersion"] == "TLSv1.2_2021"
    assertions(wired).has_resource_properties(
        "AWS::S3::Bucket",
        {
            "CorsConfiguration": {
                "CorsRules": [Match.object_like({"AllowedOrigins": [f"https://{FIXTURE_WEB_DOMAIN}"]})]
            }
        },
    )
    for _, fn in functions(wired).values():
        assert fn["Properties"]["Environment"]["Variables"]["WEB_BASE_URL"] == f"https://{FIXTURE_WEB_DOMAIN}"


def test_web_sends_security_headers(template: dict[str, Any]) -> None:
    _, policy = one(template, "AWS::CloudFront::ResponseHeadersPolicy")
    headers = policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = json.dumps(headers["ContentSecurityPolicy"]["ContentSecurityPolicy"])
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["FrameOptions"]["FrameOption"] == "DENY"


def test_the_front_is_told_where_the_api_is(template: dict[str, Any]) -> None:
    """config.json (read by web/src/js/api.js) names the front's own origin (the distribution serves the
    API under /v1/*), without a trailing slash, and is invalidated on every deployment; hashed assets are
    immutable."""
    deployments = list(resources(template, "Custom::CDKBucketDeployment").values())
    markers = json.dumps([d["Properties"].get("SourceMarkers", []) for d in deployments])
    distribution_id, _ = one(template, "AWS::CloudFront::Distribution")
    assert f'{{"Fn::GetAtt": ["{distribution_id}", "DomainName"]}}' in markers
    assert "RestAPI" not in markers and "execute-api" not in markers
    entry = [d["Properties"] for d in deployments if d["Properties"].get("DistributionPaths")]
    assert len(entry) == 1 and "/config.json" in entry[0]["DistributionPaths"]
    assert entry[0]["SystemMetadata"]["cache-control"] == "no-cache"
    assets = [d["Properties"] for d in deployments if not d["Properties"].get("DistributionPaths")]
    if assets:  # web/src built: the hashed files
        assert "immutable" in assets[0]["SystemMetadata"]["cache-control"]


# -- operations -------------------------------------------------------------------------------------


def _alarm_metrics(template: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for alarm in resources(template, "AWS::CloudWatch::Alarm").values():
        props = alarm["Properties"]
        dims = {d["Name"]: d["Value"] for d in props.get("Dimensions", [])}
        found.append((props["Namespace"], props["MetricName"], dims))
    return found


def test_alarms_cover_dead_letters_errors_throttles_and_ses_reputation(template: dict[str, Any], stage: str) -> None:
    metrics = _alarm_metrics(template)
    for audience in QUEUES_BY_AUDIENCE:
        dlq = logical_id_of_queue(template, names(stage).dead_letter_queue(audience))
        assert (
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            {"QueueName": {"Fn::GetAtt": [dlq, "QueueName"]}},
        ) in metrics
    api = {"ApiName": f"decide-ieem-{stage}", "Stage": "api"}
    assert ("AWS/ApiGateway", "5XXError", api) in metrics
    assert ("AWS/SES", "Reputation.BounceRate", {}) in metrics
    assert ("AWS/SES", "Reputation.ComplaintRate", {}) in metrics
    for handler_name in (f"decide-{stage}-api-handler",):
        assert ("AWS/Lambda", "Errors", {"FunctionName": handler_name}) in metrics
        assert ("AWS/Lambda", "Throttles", {"FunctionName": handler_name}) in metrics


def test_every_alarm_notifies_the_operator_topic(template: dict[str, Any], stage: str) -> None:
    operators = logical_id_of_topic(template, f"decide-{stage}-operators")
    alarms = resources(template, "AWS::CloudWatch::Alarm")
    assert len(alarms) >= 10
    for name, alarm in alarms.items():
        assert alarm["Properties"]["AlarmActions"] == [{"Ref": operators}], name


def test_there_is_an_election_day_dashboard(template: dict[str, Any], stage: str) -> None:
    assertions(template).has_resource_properties(
        "AWS::CloudWatch::Dashboard", {"DashboardName": f"decide-{stage}-election-day"}
    )
