"""The Chalice app (routes and event handlers) deployed through `chalice.cdk.Chalice`, and what Chalice's
generated template does not do by itself.

How the pieces meet (see docs/deploy.md, "How the stack wires the Chalice app"):

* Names and ARNs reach the runtime as environment variables in the Chalice stage configuration
  (`stage_config["environment_variables"]`), which Chalice merges over `.chalice/config.json`.
  At package time they are CDK tokens; CloudFormation resolves them at deploy time.
* Chalice's decorators need a queue, topic or stream at *package* time. The app names them by their
  fixed names (`decide-<stage>-party-notifications`, ...), which Chalice turns into name-built ARNs with
  no dependency on the resources. The stack then replaces each event source's queue / topic / stream
  with a reference to the resource it creates (so CloudFormation creates the queue before the mapping),
  and fails synthesis if the app consumes a queue or topic the stack does not create.
* Chalice's SAM output sets no `FunctionResponseTypes`: the stack adds `ReportBatchItemFailures` to every
  SQS and DynamoDB event source (escape hatch on the `AWS::Serverless::Function` events; the SAM transform
  turns them into `AWS::Lambda::EventSourceMapping`), so partial batch responses are honoured.
* Every function gets its own IAM role with only what its handler needs (Chalice's generated role and
  policy generation are off), a fixed name `decide-<stage>-<handler>` and its own log group.
"""

from __future__ import annotations

import copy
import importlib
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import aws_cdk as cdk
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_logs as logs
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_wafv2 as wafv2
from chalice.cdk import Chalice
from constructs import Construct

from decide.bytecode import add_bytecode
from decide.resources import StackNames

from .config import APP_NAME, StageConfig
from .data import Data
from .messaging import Messaging
from .nag import logical_id, suppress
from .sms import Sms
from .web import ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER

REPO_ROOT = Path(__file__).resolve().parents[2]
API_HANDLER = "api_handler"
RELAY = "relay_table_changes"
NOTIFY_PARTIES = "notify_parties"
NOTIFY_CITIZENS = "notify_citizens"
DIGESTS = "send_digests"
LOG_APPENDER = "append_to_log"
LOG_SIGNER = "sign_tree_head"
EMAIL_FEEDBACK = "record_email_feedback"
STALE_SIGNUPS = "remove_stale_signups"
# Retention (issue 13): anonymises the personal data of processes closed longer than the period.
ANONYMISE_CLOSED = "anonymise_closed_processes"
ANSWER_SMS = "answer_sms"
# Commitments whose promised date passed without an update are marked overdue (issue 16).
OVERDUE_COMMITMENTS = "mark_overdue_commitments"
# The functions that sign or check identity-consent links (a deploy-time secret reference each).
CONSENT_KEY_HOLDERS = frozenset({API_HANDLER, NOTIFY_PARTIES})
# The functions that sign or check one-click unsubscribe tokens and party-address confirmation links
# (issue 15): the API checks them and signs confirmation links; the email senders sign unsubscribe links.
EMAIL_LINK_KEY_HOLDERS = frozenset({API_HANDLER, NOTIFY_PARTIES, NOTIFY_CITIZENS, DIGESTS})
# The email senders' List-Unsubscribe URLs (a POST, RFC 8058) reach the API through the web distribution
# (`<WEB_BASE_URL>/v1/unsubscribe`, Settings.unsubscribe_base_url): no function holds API_BASE_URL, and the
# API's WAF lets in only what comes through the distribution.
OPEN_DATA = "publish_open_data"
# The common rule set's label for a body over its 8 KB limit, and the one route allowed past it.
BODY_SIZE_LABEL = "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body"
REGISTRY_IMPORT_PATH = r"^(/api)?/v1/admin/processes/[a-z0-9-]+/registry$"
# API Gateway compresses (gzip) responses at least this large when the client accepts it.
API_MINIMUM_COMPRESSION_BYTES = 1024
EMAIL_CONSUMERS = {NOTIFY_PARTIES: "party", NOTIFY_CITIZENS: "citizen"}
TABLE_READ = ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"]
TABLE_WRITE = ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]
PLACEHOLDER_ROLE_ARN = "arn:aws:iam::000000000000:role/replaced-by-the-decide-stack"
TABLE_HANDLERS = {
    API_HANDLER,
    RELAY,
    NOTIFY_PARTIES,
    NOTIFY_CITIZENS,
    DIGESTS,
    EMAIL_FEEDBACK,
    STALE_SIGNUPS,
    ANONYMISE_CLOSED,
    OVERDUE_COMMITMENTS,
    ANSWER_SMS,
    OPEN_DATA,
    LOG_APPENDER,
    LOG_SIGNER,
}
# Share of the SES sending rate each email consumer may use (digests run once a day, off-peak).
EMAIL_SHARE = {NOTIFY_PARTIES: 0.5, NOTIFY_CITIZENS: 0.5}

# Stream relay: retry a failing batch, split it to isolate a bad record, and after that leave a pointer
# on the relay-failures queue (alarmed) rather than block the shard for the 24 h a record lives.
RELAY_MAX_RETRIES = 50
RELAY_MAX_RECORD_AGE_SECONDS = 6 * 3600
RETENTION = {
    1: logs.RetentionDays.ONE_DAY,
    7: logs.RetentionDays.ONE_WEEK,
    14: logs.RetentionDays.TWO_WEEKS,
    30: logs.RetentionDays.ONE_MONTH,
    90: logs.RetentionDays.THREE_MONTHS,
    180: logs.RetentionDays.SIX_MONTHS,
    365: logs.RetentionDays.ONE_YEAR,
    731: logs.RetentionDays.TWO_YEARS,
}


@dataclass
class Function:
    """One Lambda function of the Chalice app, as the stack sees it."""

    handler: str  # Chalice handler name: api_handler, notify_parties, ...
    logical_id: str
    function_name: str
    events: dict[str, Any]
    role: iam.Role
    log_group: logs.LogGroup
    event_types: list[str] = field(default_factory=list)


def chalice_stage_config(stage: str, source_dir: Path = REPO_ROOT) -> dict[str, Any]:
    """The stage's section of .chalice/config.json merged over its top level (what Chalice does)."""
    config = json.loads((source_dir / ".chalice" / "config.json").read_text())
    merged = {k: v for k, v in config.items() if k != "stages"}
    stage_block = config.get("stages", {}).get(stage, {})
    env = {**config.get("environment_variables", {}), **stage_block.get("environment_variables", {})}
    merged.update(stage_block)
    merged["environment_variables"] = env
    return merged


def public_get_operations(source_dir: Path = REPO_ROOT) -> dict[str, list[str]] | None:
    """Public GET paths of the API → their query parameter names, from the app's own OpenAPI document.

    Public means the operation declares no security requirement: only those are safe to cache in
    API Gateway (the cache key never includes the Authorization header). None when the app does not
    expose its OpenAPI document; then nothing is cached.
    """
    if str(source_dir) not in sys.path:
        sys.path.insert(0, str(source_dir))
    try:
        module = importlib.import_module("app")
        document: dict[str, Any] = module.openapi_document()
    except Exception:  # any failure means "don't cache", reported as a warning
        return None
    public: dict[str, list[str]] = {}
    for path, item in document.get("paths", {}).items():
        get = item.get("get")
        if not get or get.get("security"):
            continue
        public[path] = [p["name"] for p in get.get("parameters", []) if p.get("in") == "query"]
    return public


class Api(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        data: Data,
        messaging: Messaging,
        user_pool_id: str,
        user_pool_arn: str,
        user_pool_client_id: str,
        mail_from: str,
        mail_from_address: str,
        web_base_url: str,
        web_base_url_parameter: str | None = None,
        origin_verify: str | None = None,
        source_dir: Path = REPO_ROOT,
        sms: Sms | None = None,
    ) -> None:
        """`web_base_url`: the web front's address (a token of the distribution without a custom domain).
        `web_base_url_parameter`: where the API's function reads it instead (the name of an SSM parameter
        the stack writes once the distribution exists), when the distribution depends on the REST API and
        so cannot be named in that function's environment (a cycle); None: every function gets the URL.
        `origin_verify`: the value the web distribution sends in ORIGIN_VERIFY_HEADER; the WAF then blocks
        every request without it, and keys its per-IP rates on the viewer address the distribution sets."""
        super().__init__(scope, construct_id)
        stack = cdk.Stack.of(self)
        self.config = config
        self.data = data
        self.messaging = messaging
        self.user_pool_arn = user_pool_arn
        self.mail_from_address = mail_from_address
        self.source_dir = source_dir
        self.sms = sms
        self.web_base_url = web_base_url
        self.web_base_url_parameter = web_base_url_parameter
        self.origin_verify = origin_verify
        chalice_config = chalice_stage_config(config.stage, source_dir)
        self.public_cache_seconds = int(chalice_config["environment_variables"].get("PUBLIC_CACHE_SECONDS", "60"))
        self.api_stage_name: str = chalice_config.get("api_gateway_stage", "api")

        queues = messaging.queues
        # The transparency log's tree heads are signed with this asymmetric key; its private half never
        # leaves KMS, and the key outlives the stack (old tree heads must stay verifiable).
        self.log_key = kms.Key(
            stack,
            "TransparencyLogKey",
            key_spec=kms.KeySpec.ECC_NIST_P256,
            key_usage=kms.KeyUsage.SIGN_VERIFY,
            alias=f"alias/{config.prefix}-transparency-log",
            description="DecideIEEM transparency log: signs tree heads (ECDSA P-256, SHA-256)",
            # prod keeps the key (tree heads stay verifiable); dev is torn down like the rest of its data
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        # Signs the candidates' one-time identity-consent links (HMAC-SHA256, issue 22): the API checks
        # them and the party-email consumer writes them into the email; no other function holds it.
        self.consent_key = secretsmanager.Secret(
            stack,
            "ConsentLinkKey",
            secret_name=f"{config.prefix}/consent-link-key",
            description="HMAC key of the candidates' identity-consent links (valid 14 days)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False
            ),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        suppress(
            self.consent_key,
            "AwsSolutions-SMG4",
            "Rotating the key voids every consent link already emailed (they live 14 days); it is rotated by "
            "hand between elections (docs/deploy.md).",
        )
        # Signs one-click unsubscribe tokens and party-address confirmation links (issue 15).
        self.email_link_key = secretsmanager.Secret(
            stack,
            "EmailLinkKey",
            secret_name=f"{config.prefix}/email-link-key",
            description="HMAC key of one-click unsubscribe tokens (90 days) and address confirmation links (7 days)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False
            ),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        suppress(
            self.email_link_key,
            "AwsSolutions-SMG4",
            "Rotating the key voids the unsubscribe links of every email already sent (they live 90 days); it is "
            "rotated by hand between elections (docs/deploy.md).",
        )
        self.environment: dict[str, str] = {
            "DECIDE_STAGE": config.stage,
            "TABLE_NAME": data.table.table_name,
            "TABLE_STREAM_ARN": data.table.table_stream_arn or "",
            "EVENTS_TOPIC_ARN": messaging.events_topic.topic_arn,
            "EMAIL_FEEDBACK_TOPIC_ARN": messaging.feedback_topic.topic_arn,
            "PARTY_QUEUE_URL": queues["party"].queue.queue_url,
            "CITIZEN_QUEUE_URL": queues["citizen"].queue.queue_url,
            "USER_POOL_ID": user_pool_id,
            "USER_POOL_CLIENT_ID": user_pool_client_id,
            "MAIL_FROM": mail_from,
            "SES_CONFIGURATION_SET": config.prefix,
            "SES_SEND_RATE": str(max(1, math.floor(config.ses_max_send_rate))),  # shared by every consumer
            "PHOTOS_BUCKET": data.photos.bucket_name,
            # WEB_BASE_URL and PHOTOS_BASE_URL (the distribution serves /photos/*) are set per function in
            # _adopt_function: the API's function may have to read the address from its parameter.
            "INSTITUTE_ALERTS_TO": config.operator_email or mail_from_address,
            "POWERTOOLS_SERVICE_NAME": APP_NAME,
            "POWERTOOLS_METRICS_NAMESPACE": "DecideIEEM",
            "POWERTOOLS_LOG_LEVEL": "INFO",
            "LOG_SIGNING_KEY": self.log_key.key_arn,
            # botocore's standard mode: 3 attempts, backoff capped (legacy mode could sleep ~25 s inside the
            # API's 29 s); the table adapter's own conflict retries sleep at most ~1 s on top.
            "AWS_RETRY_MODE": "standard",
            "AWS_MAX_ATTEMPTS": "3",
        }
        _fresh_import_of_app(source_dir)
        # The Chalice construct packages the app for the stage named like its scope's path: the stack's
        # id is the stage name (see stack.py), so `chalice package --stage <stage>` semantics hold.
        self.chalice = CompiledChalice(
            stack,
            "ChaliceApp",
            source_dir=str(source_dir),
            stage_config={
                "environment_variables": self.environment,
                "api_gateway_endpoint_type": "REGIONAL",
                "manage_iam_role": False,
                # Chalice wants a role when it manages none; the stack gives every function its own below.
                "iam_role_arn": PLACEHOLDER_ROLE_ARN,
                "autogen_policy": False,
                "lambda_timeout": config.worker_timeout_seconds,
                "lambda_memory_size": config.worker_memory_mb,
                "tags": {"project": APP_NAME, "stage": config.stage},
            },
        )
        sam = json.loads((Path(self.chalice._sam_package_dir) / "sam.json").read_text())
        self.sam_resources: dict[str, Any] = sam["Resources"]
        self.functions: dict[str, Function] = {}
        self._pending_policy_dependencies: list[tuple[cdk.CfnResource, iam.Role]] = []
        for resource_id, resource in self.sam_resources.items():
            if resource["Type"] == "AWS::Serverless::Function":
                self._adopt_function(resource_id, resource)
        self._grant()
        for cfn, role in self._pending_policy_dependencies:
            policy = role.node.try_find_child("DefaultPolicy")
            if policy is not None:
                cfn.node.add_dependency(policy)
        self._configure_rest_api()
        self._add_waf()

    # -- functions --------------------------------------------------------------------------------

    def _adopt_function(self, logical_id: str, resource: dict[str, Any]) -> None:
        config = self.config
        handler_string: str = resource["Properties"]["Handler"]  # "app.app" or "app.<handler>"
        handler = API_HANDLER if handler_string == "app.app" else handler_string.split(".", 1)[1]
        function_name = f"{config.prefix}-{handler.replace('_', '-')}"[:64]
        role = iam.Role(
            self,
            f"{logical_id}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description=f"DecideIEEM {config.stage}: Lambda {function_name}",
        )
        log_group = logs.LogGroup(
            self,
            f"{logical_id}Logs",
            log_group_name=f"/aws/lambda/{function_name}",
            retention=RETENTION.get(config.log_retention_days, logs.RetentionDays.ONE_YEAR),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                resources=[log_group.log_group_arn],
            )
        )
        events = copy.deepcopy(resource["Properties"].get("Events", {}))
        fn = Function(
            handler=handler,
            logical_id=logical_id,
            function_name=function_name,
            events=events,
            role=role,
            log_group=log_group,
            event_types=[event["Type"] for event in events.values()],
        )
        self.functions[handler] = fn

        cfn = self.chalice.get_resource(logical_id)
        cfn.add_override("Properties.FunctionName", function_name)
        cfn.add_override("Properties.Role", role.role_arn)
        if handler == API_HANDLER:
            cfn.add_override("Properties.MemorySize", config.api_memory_mb)
            cfn.add_override("Properties.Timeout", config.api_timeout_seconds)
        if handler in CONSENT_KEY_HOLDERS:
            cfn.add_override(
                "Properties.Environment.Variables.CONSENT_LINK_KEY", self.consent_key.secret_value.unsafe_unwrap()
            )
        if handler in EMAIL_LINK_KEY_HOLDERS:
            cfn.add_override(
                "Properties.Environment.Variables.EMAIL_LINK_KEY", self.email_link_key.secret_value.unsafe_unwrap()
            )
        variables = "Properties.Environment.Variables"
        if handler == API_HANDLER and self.web_base_url_parameter:
            # The distribution sends /v1/* to the REST API, which invokes this function: its environment
            # cannot name the distribution. It reads the address from the parameter on its first link.
            cfn.add_override(f"{variables}.WEB_BASE_URL_PARAMETER", self.web_base_url_parameter)
        else:
            cfn.add_override(f"{variables}.WEB_BASE_URL", self.web_base_url)
            cfn.add_override(f"{variables}.PHOTOS_BASE_URL", self.web_base_url)
        if handler == ANSWER_SMS and self.sms is not None:
            # Only the SMS handler holds the number-hash key (a deploy-time reference; not in the template).
            cfn.add_override(f"{variables}.SMS_NUMBER_KEY", self.sms.number_key.secret_value.unsafe_unwrap())
            cfn.add_override(f"{variables}.SMS_ORIGINATION_IDENTITY", self.sms.origination_identity)
        if handler in EMAIL_CONSUMERS:
            # Never more parallel senders than the SES rate allows; equal to the event source's maximum
            # concurrency so the poller is never throttled (throttled messages would count as receives).
            cfn.add_override(
                "Properties.ReservedConcurrentExecutions", config.email_consumer_concurrency(EMAIL_SHARE[handler])
            )
        # The function (and so its event source mappings, which check the role's permissions) waits for its
        # role's policy and its log group.
        cfn.node.add_dependency(log_group)
        self._pending_policy_dependencies.append((cfn, role))

        for event_name, event in events.items():
            path = f"Properties.Events.{event_name}.Properties"
            kind = event["Type"]
            if kind == "SQS":
                queue = self._queue_for(handler, event["Properties"]["Queue"])
                cfn.add_override(f"{path}.Queue", queue.queue_arn)
                cfn.add_override(f"{path}.FunctionResponseTypes", ["ReportBatchItemFailures"])
                if handler in EMAIL_CONSUMERS:
                    cfn.add_override(
                        f"{path}.ScalingConfig.MaximumConcurrency",
                        config.email_consumer_concurrency(EMAIL_SHARE[handler]),
                    )
                queue.grant_consume_messages(role)
                if handler in EMAIL_CONSUMERS:
                    queue.grant_send_messages(role)  # a message waiting for the SES rate is put back, delayed
            elif kind == "DynamoDB":
                cfn.add_override(f"{path}.Stream", self.data.table.table_stream_arn)
                # The stream is the outbox: start from the oldest record so nothing written before the
                # mapping existed is skipped.
                cfn.add_override(f"{path}.StartingPosition", "TRIM_HORIZON")
                cfn.add_override(f"{path}.FunctionResponseTypes", ["ReportBatchItemFailures"])
                cfn.add_override(f"{path}.BisectBatchOnFunctionError", True)
                cfn.add_override(f"{path}.MaximumRetryAttempts", RELAY_MAX_RETRIES)
                cfn.add_override(f"{path}.MaximumRecordAgeInSeconds", RELAY_MAX_RECORD_AGE_SECONDS)
                cfn.add_override(
                    f"{path}.DestinationConfig",
                    {"OnFailure": {"Type": "SQS", "Destination": self.messaging.relay_failures.queue_arn}},
                )
                self.data.table.grant_stream_read(role)
                self.messaging.relay_failures.grant_send_messages(role)
            elif kind == "SNS":
                topic = self._topic_for(handler, event["Properties"]["Topic"])
                cfn.add_override(f"{path}.Topic", topic.topic_arn)

    def _queue_for(self, handler: str, queue_ref: Any) -> sqs.IQueue:
        names = StackNames(stage=self.config.stage, table=self.config.prefix)
        by_name: dict[str, sqs.IQueue] = {}
        for audience, audience_queue in self.messaging.queues.items():
            by_name[names.queue(audience)] = audience_queue.queue
        name = _name_from_sub(queue_ref)
        if name in by_name:
            return by_name[name]
        if name is None and handler in EMAIL_CONSUMERS:  # an ARN token given through the environment
            return self.messaging.queues[EMAIL_CONSUMERS[handler]].queue
        raise ValueError(
            f"handler {handler} consumes queue {queue_ref!r}, which this stack does not create; "
            f"it creates {sorted(by_name)}"
        )

    def _topic_for(self, handler: str, topic_ref: Any) -> sns.ITopic:
        by_name: dict[str, sns.ITopic] = {
            f"{self.config.prefix}-email-feedback": self.messaging.feedback_topic,
        }
        if self.sms is not None:
            by_name[f"{self.config.prefix}-sms-inbound"] = self.sms.topic
        name = _name_from_sub(topic_ref)
        if name in by_name:
            return by_name[name]
        if name is None and handler == EMAIL_FEEDBACK:
            return self.messaging.feedback_topic
        raise ValueError(
            f"handler {handler} subscribes to topic {topic_ref!r}, which this stack does not create; "
            f"it creates {sorted(by_name)}"
        )

    def _grant(self) -> None:
        """Least privilege, handler by handler. Unknown handlers keep only their logs."""
        table = self.data.table
        messaging = self.messaging
        ses_send = messaging.ses_send_statement(self.mail_from_address)
        table_indexes = f"Resource::<{logical_id(table)}.Arn>/index/*"
        read_write = table_statement(table, TABLE_READ + TABLE_WRITE)
        for handler, fn in self.functions.items():
            role = fn.role
            findings: dict[str, str] = {}
            if handler == API_HANDLER:
                role.add_to_policy(read_write)
                # Presigned upload and download URLs are signed with this role's credentials.
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["s3:PutObject", "s3:GetObject"],
                        resources=[self.data.photos.arn_for_objects("photos/*")],
                    )
                )
                findings[f"Resource::<{logical_id(self.data.photos)}.Arn>/photos/*"] = (
                    "Presigned photo uploads and downloads: any object under the photos/ prefix of the photos bucket."
                )
                # What chalicelib/adapters/cognito.py calls from the API (sign-up and sign-in use the public
                # app client and need no IAM; `decide create-user` runs with the operator's credentials).
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=[
                            "cognito-idp:AdminAddUserToGroup",
                            "cognito-idp:AdminConfirmSignUp",
                            "cognito-idp:AdminGetUser",
                            "cognito-idp:AdminUpdateUserAttributes",
                            # issue 13: invitations, replaced sign-ups, password reset and change
                            "cognito-idp:AdminCreateUser",
                            "cognito-idp:AdminDeleteUser",
                            "cognito-idp:AdminSetUserPassword",
                            "cognito-idp:AdminUserGlobalSignOut",
                        ],
                        resources=[self.user_pool_arn],
                    )
                )
                role.add_to_policy(ses_send)
            elif handler == RELAY:
                role.add_to_policy(read_write)  # the tallies: counters and their markers, from the stream
                messaging.events_topic.grant_publish(role)
                findings["Resource::*"] = "dynamodb:ListStreams accepts no resource but '*' (CDK grantStreamRead)."
                findings["Action::kms:GenerateDataKey*"] = (
                    "Publishing to the KMS-encrypted events topic; scoped to the one messaging key (CDK grantPublish)."
                )
            elif handler in EMAIL_CONSUMERS:
                role.add_to_policy(read_write)
                role.add_to_policy(ses_send)
            elif handler == DIGESTS:
                role.add_to_policy(read_write)
                role.add_to_policy(ses_send)
                for audience_queue in messaging.queues.values():
                    audience_queue.queue.grant_send_messages(role)
            elif handler == STALE_SIGNUPS:
                # Retention: deletes accounts never confirmed within 7 days, and their codes.
                role.add_to_policy(read_write)
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["cognito-idp:ListUsers", "cognito-idp:AdminDeleteUser"],
                        resources=[self.user_pool_arn],
                    )
                )
            elif handler == ANONYMISE_CLOSED:
                # Retention: rewrites proposals, re-keys supports, deletes reports and verdicts (table only).
                role.add_to_policy(read_write)
            elif handler == OVERDUE_COMMITMENTS:
                # Marks the commitments past their promised date (table only; emails go through the stream).
                role.add_to_policy(read_write)
            elif handler == EMAIL_FEEDBACK:
                role.add_to_policy(read_write)
                role.add_to_policy(ses_send)
                messaging.operator_topic.grant_publish(role)
                findings["Action::kms:GenerateDataKey*"] = (
                    "Publishing to the KMS-encrypted operator topic; scoped to the one messaging key "
                    "(CDK grantPublish)."
                )
            elif handler == ANSWER_SMS:
                # Counters and opt-outs (UpdateItem/PutItem/DeleteItem) and the lookup's reads.
                role.add_to_policy(read_write)
                send = self.sms.send_statement() if self.sms is not None else None
                if send is not None:
                    role.add_to_policy(send)

            elif handler == OPEN_DATA:
                # Reads the feed and proposals, records where the files are, writes only under open-data/.
                role.add_to_policy(read_write)
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["s3:PutObject", "s3:AbortMultipartUpload"],
                        resources=[self.data.photos.arn_for_objects("open-data/*")],
                    )
                )
                findings[f"Resource::<{logical_id(self.data.photos)}.Arn>/open-data/*"] = (
                    "The open-data files it builds: any object under the open-data/ prefix of the photos bucket."
                )
            elif handler == LOG_APPENDER:
                role.add_to_policy(read_write)
                findings["Resource::*"] = "dynamodb:ListStreams accepts no resource but '*' (CDK grantStreamRead)."
            elif handler == LOG_SIGNER:
                role.add_to_policy(read_write)
                role.add_to_policy(
                    iam.PolicyStatement(actions=["kms:Sign", "kms:GetPublicKey"], resources=[self.log_key.key_arn])
                )
            if handler == API_HANDLER and self.web_base_url_parameter:  # the web address (see _adopt_function)
                role.add_to_policy(
                    iam.PolicyStatement(actions=["ssm:GetParameter"], resources=[self.web_base_url_parameter_arn])
                )
            if handler == API_HANDLER:  # GET /v1/log/public-key
                role.add_to_policy(iam.PolicyStatement(actions=["kms:GetPublicKey"], resources=[self.log_key.key_arn]))
            if handler == API_HANDLER:  # GET /v1/admin/dashboard: the dead-letter queues' depth (issue 14)
                role.add_to_policy(
                    iam.PolicyStatement(
                        actions=["sqs:GetQueueUrl", "sqs:GetQueueAttributes"],
                        resources=[q.dead_letter_queue.queue_arn for q in messaging.queues.values()],
                    )
                )
            if handler in TABLE_HANDLERS:
                findings[table_indexes] = (
                    "The table's own indexes (gsi1): <table>/index/*; the actions are listed one by one."
                )
            for finding, reason in findings.items():
                suppress(role, "AwsSolutions-IAM5", reason, findings=[finding])

    # -- REST API ------------------------------------------------------------------------------------

    def _configure_rest_api(self) -> None:
        config = self.config
        rest_api = self.chalice.get_resource("RestAPI")
        body = copy.deepcopy(self.sam_resources["RestAPI"]["Properties"]["DefinitionBody"])
        body["info"]["title"] = f"{APP_NAME}-{config.stage}"
        rest_api.add_override("Properties.Name", f"{APP_NAME}-{config.stage}")
        rest_api.add_override("Properties.MinimumCompressionSize", API_MINIMUM_COMPRESSION_BYTES)

        public = public_get_operations(self.source_dir)
        self.cached_paths: dict[str, list[str]] = {}
        if public is None:
            cdk.Annotations.of(self).add_warning_v2(
                "decide:api-cache",
                "app.openapi_document() is not available: API Gateway caching stays off for every route",
            )
            public = {}
        # What the web distribution needs to route /v1/* (web.py, plan_api_behaviours).
        self.public_gets: dict[str, list[str]] = public
        self.routes: list[tuple[str, str]] = [
            (method.upper(), path)
            for path, item in body["paths"].items()
            for method in item
            if method.upper() in {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
        ]
        method_settings: list[dict[str, Any]] = [
            {
                "ResourcePath": "/*",
                "HttpMethod": "*",
                "ThrottlingRateLimit": config.api_throttle_rate,
                "ThrottlingBurstLimit": config.api_throttle_burst,
                "MetricsEnabled": False,  # per-method metrics are billed as custom metrics
                "DataTraceEnabled": False,
                "LoggingLevel": "ERROR",
                "CachingEnabled": False,
            }
        ]
        for path, item in body["paths"].items():
            get = item.get("get")
            if get is None or path not in public:
                continue
            query = public[path]
            params = [p for p in get.get("parameters", []) if p.get("in") == "path"]
            declared = {p["name"] for p in get.get("parameters", [])}
            for name in query:
                if name not in declared:
                    get.setdefault("parameters", []).append(
                        {"name": name, "in": "query", "required": False, "type": "string"}
                    )
            keys = [f"method.request.path.{p['name']}" for p in params] + [
                f"method.request.querystring.{name}" for name in query
            ]
            if keys:
                get["x-amazon-apigateway-integration"]["cacheKeyParameters"] = keys
            self.cached_paths[path] = keys
            if config.api_cache_enabled:
                method_settings.append(
                    {
                        "ResourcePath": path.replace("~", "~0").replace("/", "~1"),
                        "HttpMethod": "GET",
                        "CachingEnabled": True,
                        "CacheTtlInSeconds": self.public_cache_seconds,
                        "CacheDataEncrypted": True,
                        "ThrottlingRateLimit": config.api_throttle_rate,
                        "ThrottlingBurstLimit": config.api_throttle_burst,
                        "MetricsEnabled": False,  # per-method metrics are billed as custom metrics
                        "DataTraceEnabled": False,
                        "LoggingLevel": "ERROR",
                    }
                )
        rest_api.add_override("Properties.DefinitionBody", body)
        rest_api.add_override("Properties.MethodSettings", method_settings)
        rest_api.add_override("Properties.CacheClusterEnabled", config.api_cache_enabled)
        if config.api_cache_enabled:
            rest_api.add_override("Properties.CacheClusterSize", config.api_cache_size_gb)

        self.access_logs = logs.LogGroup(
            self,
            "ApiAccessLogs",
            log_group_name=f"/aws/apigateway/{config.prefix}-access",
            retention=RETENTION.get(self.config.log_retention_days, logs.RetentionDays.ONE_YEAR),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        rest_api.add_override(
            "Properties.AccessLogSetting",
            {
                "DestinationArn": self.access_logs.log_group_arn,
                "Format": json.dumps(
                    {
                        "requestId": "$context.requestId",
                        "ip": "$context.identity.sourceIp",
                        "requestTime": "$context.requestTime",
                        "httpMethod": "$context.httpMethod",
                        "resourcePath": "$context.resourcePath",
                        "status": "$context.status",
                        "responseLength": "$context.responseLength",
                        "latency": "$context.responseLatency",
                        "integrationLatency": "$context.integrationLatency",
                        "cacheHit": "$context.integration.status",
                        "wafStatus": "$context.waf.status",
                    },
                    separators=(",", ":"),
                ),
            },
        )
        # API Gateway writes logs through one account-wide role; set it here unless another stack does.
        if self.config.manage_api_gateway_account:
            push_role = iam.Role(
                self,
                "ApiGatewayCloudWatchRole",
                assumed_by=iam.ServicePrincipal("apigateway.amazonaws.com"),
                managed_policies=[
                    iam.ManagedPolicy.from_aws_managed_policy_name("service-role/AmazonAPIGatewayPushToCloudWatchLogs")
                ],
            )
            suppress(
                push_role,
                "AwsSolutions-IAM4",
                "AmazonAPIGatewayPushToCloudWatchLogs is the role API Gateway documents for its account-wide "
                "logging setting; it only creates and writes log groups.",
                findings=[
                    "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
                ],
            )
            account = apigw.CfnAccount(self, "ApiGatewayAccount", cloud_watch_role_arn=push_role.role_arn)
            rest_api.node.add_dependency(account)

        stack = cdk.Stack.of(self)
        self.rest_api_id = cdk.Fn.ref("RestAPI")
        # The front joins "/v1/..." to this base (web/src/js/api.js), so no trailing slash.
        self.url = self._api_url()
        self.domain = f"{self.rest_api_id}.execute-api.{stack.region}.{stack.url_suffix}"
        self.origin = f"https://{self.domain}"
        self.rest_api_name = f"{APP_NAME}-{config.stage}"

    @property
    def web_base_url_parameter_arn(self) -> str:
        """Built from the name (no reference to the parameter: it is written after the distribution)."""
        stack = cdk.Stack.of(self)
        name = (self.web_base_url_parameter or "").lstrip("/")
        return f"arn:{stack.partition}:ssm:{stack.region}:{stack.account}:parameter/{name}"

    def _api_url(self) -> str:
        stack = cdk.Stack.of(self)
        return f"https://{cdk.Fn.ref('RestAPI')}.execute-api.{stack.region}.{stack.url_suffix}/{self.api_stage_name}"

    # -- WAF -----------------------------------------------------------------------------------------

    def _add_waf(self) -> None:
        config = self.config

        def visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
            return wafv2.CfnWebACL.VisibilityConfigProperty(
                cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True
            )

        def managed(priority: int, name: str, count: tuple[str, ...] = ()) -> wafv2.CfnWebACL.RuleProperty:
            return wafv2.CfnWebACL.RuleProperty(
                name=name,
                priority=priority,
                override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
                statement=wafv2.CfnWebACL.StatementProperty(
                    managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                        vendor_name="AWS",
                        name=name,
                        rule_action_overrides=[
                            wafv2.CfnWebACL.RuleActionOverrideProperty(
                                name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={})
                            )
                            for rule in count
                        ]
                        or None,
                    )
                ),
                visibility_config=visibility(name),
            )

        def method_is(method: str) -> wafv2.CfnWebACL.StatementProperty:
            return wafv2.CfnWebACL.StatementProperty(
                byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                    field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(method={}),
                    positional_constraint="EXACTLY",
                    search_string=method,
                    text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")],
                )
            )

        writes = wafv2.CfnWebACL.StatementProperty(
            or_statement=wafv2.CfnWebACL.OrStatementProperty(
                statements=[method_is(m) for m in ("POST", "PUT", "PATCH", "DELETE")]
            )
        )
        rules: list[wafv2.CfnWebACL.RuleProperty] = []
        # Behind the web distribution API Gateway sees edge servers' addresses, each shared by many people:
        # the rates key on the viewer's address the distribution sets, and only the distribution gets in.
        per_ip: dict[str, Any] = {"aggregate_key_type": "IP"}
        if self.origin_verify is not None:
            rules.append(
                wafv2.CfnWebACL.RuleProperty(
                    name="OnlyThroughTheWebDistribution",
                    priority=0,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        not_statement=wafv2.CfnWebACL.NotStatementProperty(
                            statement=wafv2.CfnWebACL.StatementProperty(
                                byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
                                    field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                                        single_header={"Name": ORIGIN_VERIFY_HEADER}
                                    ),
                                    positional_constraint="EXACTLY",
                                    search_string=self.origin_verify,
                                    text_transformations=[
                                        wafv2.CfnWebACL.TextTransformationProperty(priority=0, type="NONE")
                                    ],
                                )
                            )
                        )
                    ),
                    visibility_config=visibility("OnlyThroughTheWebDistribution"),
                )
            )
            per_ip = {
                "aggregate_key_type": "FORWARDED_IP",
                "forwarded_ip_config": wafv2.CfnWebACL.ForwardedIPConfigurationProperty(
                    header_name=VIEWER_ADDRESS_HEADER, fallback_behavior="MATCH"
                ),
            }
        first = len(rules)
        self.web_acl = wafv2.CfnWebACL(
            self,
            "WebAcl",
            name=f"{config.prefix}-api",
            scope="REGIONAL",
            default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
            visibility_config=visibility(f"{config.prefix}-api"),
            rules=[
                *rules,
                managed(first, "AWSManagedRulesAmazonIpReputationList"),
                # Its 8 KB body limit only labels here; BodySizeExceptRegistryImport blocks on that label
                # everywhere but the registry import (a 2 MB CSV, admin only, checked by the app itself).
                managed(first + 1, "AWSManagedRulesCommonRuleSet", count=("SizeRestrictions_BODY",)),
                managed(first + 2, "AWSManagedRulesKnownBadInputsRuleSet"),
                wafv2.CfnWebACL.RuleProperty(
                    name="RatePerIp",
                    priority=first + 3,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            limit=config.waf_rate_limit_per_ip, evaluation_window_sec=300, **per_ip
                        )
                    ),
                    visibility_config=visibility("RatePerIp"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="WriteRatePerIp",
                    priority=first + 4,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                            limit=config.waf_write_rate_limit_per_ip,
                            evaluation_window_sec=300,
                            scope_down_statement=writes,
                            **per_ip,
                        )
                    ),
                    visibility_config=visibility("WriteRatePerIp"),
                ),
                wafv2.CfnWebACL.RuleProperty(
                    name="BodySizeExceptRegistryImport",
                    priority=first + 5,
                    action=wafv2.CfnWebACL.RuleActionProperty(block={}),
                    statement=wafv2.CfnWebACL.StatementProperty(
                        and_statement=wafv2.CfnWebACL.AndStatementProperty(
                            statements=[
                                wafv2.CfnWebACL.StatementProperty(
                                    label_match_statement=wafv2.CfnWebACL.LabelMatchStatementProperty(
                                        scope="LABEL", key=BODY_SIZE_LABEL
                                    )
                                ),
                                wafv2.CfnWebACL.StatementProperty(
                                    not_statement=wafv2.CfnWebACL.NotStatementProperty(
                                        statement=wafv2.CfnWebACL.StatementProperty(
                                            and_statement=wafv2.CfnWebACL.AndStatementProperty(
                                                statements=[
                                                    method_is("POST"),
                                                    wafv2.CfnWebACL.StatementProperty(
                                                        regex_match_statement=wafv2.CfnWebACL.RegexMatchStatementProperty(
                                                            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(
                                                                uri_path={}
                                                            ),
                                                            regex_string=REGISTRY_IMPORT_PATH,
                                                            text_transformations=[
                                                                wafv2.CfnWebACL.TextTransformationProperty(
                                                                    priority=0, type="NONE"
                                                                )
                                                            ],
                                                        )
                                                    ),
                                                ]
                                            )
                                        )
                                    )
                                ),
                            ]
                        )
                    ),
                    visibility_config=visibility("BodySizeExceptRegistryImport"),
                ),
            ],
        )
        stack = cdk.Stack.of(self)
        stage_arn = cdk.Fn.join(
            "",
            [
                f"arn:{stack.partition}:apigateway:{stack.region}::/restapis/",
                cdk.Fn.ref("RestAPI"),
                "/stages/",
                cdk.Fn.ref("RestAPI.Stage"),  # SAM's reference to the stage it generates (adds the dependency)
            ],
        )
        self.web_acl_association = wafv2.CfnWebACLAssociation(
            self, "WebAclAssociation", resource_arn=stage_arn, web_acl_arn=self.web_acl.attr_arn
        )
        cdk.Validations.of(self.web_acl_association).acknowledge(
            cdk.Acknowledgment(
                id="CloudFormation-Validate::F1020",
                reason="RestAPI.Stage is SAM's reference to the stage it generates for the Chalice API; the SAM "
                "transform resolves it and adds the dependency (checked in tests/infrastructure).",
            )
        )
        # Only blocked and counted requests are logged, so an election-day spike doesn't become a log bill.
        waf_logs = logs.LogGroup(
            self,
            "WafLogs",
            log_group_name=f"aws-waf-logs-{config.prefix}-api",
            retention=RETENTION.get(config.log_retention_days, logs.RetentionDays.ONE_YEAR),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        wafv2.CfnLoggingConfiguration(
            self,
            "WafLogging",
            resource_arn=self.web_acl.attr_arn,
            log_destination_configs=[waf_logs.log_group_arn],
            logging_filter={
                "DefaultBehavior": "DROP",
                "Filters": [
                    {
                        "Behavior": "KEEP",
                        "Requirement": "MEETS_ANY",
                        "Conditions": [
                            {"ActionCondition": {"Action": "BLOCK"}},
                            {"ActionCondition": {"Action": "COUNT"}},
                        ],
                    }
                ],
            },
        )


def table_statement(table: dynamodb.ITable, actions: list[str]) -> iam.PolicyStatement:
    """Data-plane access to the table and its indexes, with the actions chalicelib/storage/table.py uses.

    Explicit instead of CDK's grantReadWriteData, which adds Scan and the stream's actions: no request
    path scans (DESIGN §3) and only the relay reads the stream. TransactWriteItems is authorized as the
    Put/Update/Delete/ConditionCheck of each item.
    """
    return iam.PolicyStatement(actions=actions, resources=[table.table_arn, f"{table.table_arn}/index/*"])


class CompiledChalice(Chalice):
    """Chalice's construct, with compiled bytecode added to deployment.zip before it becomes the CDK
    asset (issue 11): Lambda cannot write `__pycache__` in /var/task, so without it every cold start
    compiles what it imports. Deterministic (decide/bytecode.py): unchanged sources, unchanged asset."""

    # The package folders of this process's constructs: main.py removes these (not all of chalice.out,
    # which a synthesis running in parallel, e.g. the tests' fixture app, is still writing to).
    package_dirs: ClassVar[list[Path]] = []

    def _package_app(self) -> None:
        CompiledChalice.package_dirs.append(Path(self._sam_package_dir))
        super()._package_app()
        add_bytecode(Path(self._sam_package_dir) / "deployment.zip")


def _fresh_import_of_app(source_dir: Path) -> None:
    """Make Chalice import *this* stage's app: its decorators read the stage's environment at import time.

    Chalice imports the module `app` from `source_dir` (putting it on sys.path only if absent) and sets
    the stage's environment variables first. A second stage in the same process would otherwise reuse
    the first stage's module, with the first stage's queue names.
    """
    for name in list(sys.modules):
        if name == "app" or name == "chalicelib" or name.startswith("chalicelib."):
            del sys.modules[name]
    path = str(source_dir)
    while path in sys.path:
        sys.path.remove(path)
    sys.path.insert(0, path)


def _name_from_sub(ref: Any) -> str | None:
    """`{"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:NAME"}` → NAME."""
    if isinstance(ref, dict) and isinstance(ref.get("Fn::Sub"), str):
        return str(ref["Fn::Sub"]).rsplit(":", 1)[-1]
    if isinstance(ref, str) and ref.startswith("arn:"):
        return ref.rsplit(":", 1)[-1]
    return None
