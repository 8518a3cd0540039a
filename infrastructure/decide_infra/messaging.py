"""The outbox fan-out (events topic → per-audience queues with dead-letter queues) and SES plumbing."""

from __future__ import annotations

from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subs
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from decide.resources import DLQ_MAX_RECEIVE_COUNT, QUEUES_BY_AUDIENCE, StackNames

from .config import StageConfig
from .nag import suppress


@dataclass(frozen=True)
class AudienceQueue:
    audience: str
    queue: sqs.Queue
    dead_letter_queue: sqs.Queue


class Messaging(Construct):
    """Events topic, notification queues, SES configuration set and the email-feedback topic."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        mail_identity: str,
        worker_timeout: cdk.Duration,
    ) -> None:
        super().__init__(scope, construct_id)
        names = StackNames(stage=config.stage, table=f"{config.prefix}")
        removal = cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY

        # One customer managed key for the topics: SNS needs a key whose policy lets the publishing
        # services (SES event publishing, CloudWatch alarms) use it; the AWS managed aws/sns key can't.
        self.key = kms.Key(
            self,
            "MessagingKey",
            alias=f"alias/{config.prefix}-messaging",
            description=f"DecideIEEM {config.stage}: encrypts the SNS topics",
            enable_key_rotation=True,
            removal_policy=removal,
        )
        for service in ("ses.amazonaws.com", "cloudwatch.amazonaws.com"):
            self.key.add_to_resource_policy(
                iam.PolicyStatement(
                    sid=f"Allow{service.split('.')[0].upper()}ToPublishToEncryptedTopics",
                    principals=[iam.ServicePrincipal(service)],
                    actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                    resources=["*"],  # in a key policy "*" means this key
                    conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
                )
            )
        # SNS must decrypt what it stores to deliver to the (SSE-SQS) queues and to Lambda.
        self.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowSNSToUseTheKeyForDelivery",
                principals=[iam.ServicePrincipal("sns.amazonaws.com")],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
            )
        )

        self.events_topic = sns.Topic(
            self,
            "EventsTopic",
            topic_name=names.topic,
            display_name="DecideIEEM domain events",
            master_key=self.key,
            enforce_ssl=True,
        )

        # Visibility timeout six times the consumer's timeout, as AWS recommends for Lambda consumers.
        visibility = cdk.Duration.seconds(worker_timeout.to_seconds() * 6)
        self.queues: dict[str, AudienceQueue] = {}
        for audience in QUEUES_BY_AUDIENCE:
            title = audience.capitalize()
            dlq = sqs.Queue(
                self,
                f"{title}DeadLetterQueue",
                queue_name=names.dead_letter_queue(audience),
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                retention_period=cdk.Duration.days(14),
                removal_policy=removal,
            )
            suppress(dlq, "AwsSolutions-SQS3", "This queue is itself the dead-letter queue of the notifications queue.")
            queue = sqs.Queue(
                self,
                f"{title}Queue",
                queue_name=names.queue(audience),
                encryption=sqs.QueueEncryption.SQS_MANAGED,
                enforce_ssl=True,
                visibility_timeout=visibility,
                retention_period=cdk.Duration.days(4),
                dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=DLQ_MAX_RECEIVE_COUNT),
                removal_policy=removal,
            )
            # Same subscription as the local stack (decide/resources.py): raw delivery, filtered by audience.
            self.events_topic.add_subscription(
                subs.SqsSubscription(
                    queue,
                    raw_message_delivery=True,
                    filter_policy={"audience": sns.SubscriptionFilter.string_filter(allowlist=[audience])},
                )
            )
            self.queues[audience] = AudienceQueue(audience, queue, dlq)

        # A failed stream batch (after retries) leaves a pointer here so no change is silently skipped.
        self.relay_failures = sqs.Queue(
            self,
            "RelayFailureQueue",
            queue_name=f"{config.prefix}-relay-failures",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=cdk.Duration.days(14),
            removal_policy=removal,
        )
        suppress(
            self.relay_failures,
            "AwsSolutions-SQS3",
            "On-failure destination of the stream relay: it is the dead-letter queue of the relay.",
        )

        # SES: bounce, complaint and reject events of every email sent with this configuration set go to
        # the feedback topic, whose handler marks the address as failing and tells the institute.
        self.feedback_topic = sns.Topic(
            self,
            "EmailFeedbackTopic",
            topic_name=f"{config.prefix}-email-feedback",
            display_name="DecideIEEM SES bounces and complaints",
            master_key=self.key,
            enforce_ssl=True,
        )
        self.feedback_topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowSESEventPublishing",
                principals=[iam.ServicePrincipal("ses.amazonaws.com")],
                actions=["sns:Publish"],
                resources=[self.feedback_topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
            )
        )
        self.configuration_set = ses.CfnConfigurationSet(
            self,
            "ConfigurationSet",
            name=config.prefix,
            reputation_options=ses.CfnConfigurationSet.ReputationOptionsProperty(reputation_metrics_enabled=True),
            sending_options=ses.CfnConfigurationSet.SendingOptionsProperty(sending_enabled=True),
            suppression_options=ses.CfnConfigurationSet.SuppressionOptionsProperty(
                suppressed_reasons=["BOUNCE", "COMPLAINT"]
            ),
        )
        destination = ses.CfnConfigurationSetEventDestination(
            self,
            "FeedbackDestination",
            configuration_set_name=config.prefix,
            event_destination=ses.CfnConfigurationSetEventDestination.EventDestinationProperty(
                name="bounces-and-complaints",
                enabled=True,
                matching_event_types=["bounce", "complaint", "reject"],
                sns_destination=ses.CfnConfigurationSetEventDestination.SnsDestinationProperty(
                    topic_arn=self.feedback_topic.topic_arn
                ),
            ),
        )
        destination.node.add_dependency(self.configuration_set)

        self.mail_identity = mail_identity
        self.operator_topic = sns.Topic(
            self,
            "OperatorTopic",
            topic_name=f"{config.prefix}-operators",
            display_name="DecideIEEM alarms",
            master_key=self.key,
            enforce_ssl=True,
        )
        if config.operator_email:
            self.operator_topic.add_subscription(subs.EmailSubscription(config.operator_email))

    def ses_send_statement(self, mail_from_address: str) -> iam.PolicyStatement:
        """SendEmail from the stage's identity, through its configuration set, from the configured address."""
        stack = cdk.Stack.of(self)
        identity_arn = stack.format_arn(
            service="ses",
            resource="identity",
            resource_name=self.mail_identity,
            arn_format=cdk.ArnFormat.SLASH_RESOURCE_NAME,
        )
        config_set_arn = stack.format_arn(
            service="ses",
            resource="configuration-set",
            resource_name=self.configuration_set.name,
            arn_format=cdk.ArnFormat.SLASH_RESOURCE_NAME,
        )
        return iam.PolicyStatement(
            actions=["ses:SendEmail", "ses:SendRawEmail"],
            resources=[identity_arn, config_set_arn],
            conditions={"StringLike": {"ses:FromAddress": mail_from_address}},
        )
