"""Two-way SMS for the section lookup: the inbound topic, the number's two-way channel, the hash key.

AWS End User Messaging SMS publishes every message a citizen sends to the origination identity on
the inbound topic; Chalice's `answer_sms` (`@app.on_sns_message`) answers through SendTextMessage.
The identity is either a number this stack leases (`sms_number_type`, e.g. SIMULATOR in dev) or one
obtained outside it (`sms_origination_identity`: a Mexican short code or long code needs a
registration with the carriers first; see docs/deploy.md). The phone numbers are hashed with a key
kept in Secrets Manager; only the answering function receives it.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_secretsmanager as secretsmanager
from aws_cdk import aws_smsvoice as smsvoice
from aws_cdk import aws_sns as sns
from constructs import Construct

from .config import StageConfig
from .messaging import Messaging
from .nag import suppress

SMS_SERVICE = "sms-voice.amazonaws.com"
# Keywords the carriers require (HELP and STOP) and their Spanish forms. STOP/ALTO opt a number out in
# the service itself (so no reply can reach it), besides the handler's own record under the hash.
HELP_REPLY = "DecideIEEM: envia el numero de tu seccion electoral, p. ej. 1234. ALTO para no recibir mas."
STOP_REPLY = "DecideIEEM: no te enviaremos mas mensajes. Envia ALTA para volver."


class Sms(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig, messaging: Messaging) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(
            self,
            "InboundTopic",
            topic_name=f"{config.prefix}-sms-inbound",
            display_name="DecideIEEM inbound SMS",
            master_key=messaging.key,
            enforce_ssl=True,
        )
        self.topic.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowEndUserMessagingToPublishInboundSms",
                principals=[iam.ServicePrincipal(SMS_SERVICE)],
                actions=["sns:Publish"],
                resources=[self.topic.topic_arn],
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
            )
        )
        messaging.key.add_to_resource_policy(
            iam.PolicyStatement(
                sid="AllowEndUserMessagingToPublishToEncryptedTopics",
                principals=[iam.ServicePrincipal(SMS_SERVICE)],
                actions=["kms:Decrypt", "kms:GenerateDataKey*"],
                resources=["*"],  # in a key policy "*" means this key
                conditions={"StringEquals": {"aws:SourceAccount": cdk.Aws.ACCOUNT_ID}},
            )
        )

        self.number_key = secretsmanager.Secret(
            self,
            "NumberHashKey",
            secret_name=f"{config.prefix}/sms-number-hash-key",
            description="HMAC key of the phone-number hashes of the SMS lookup (numbers are never stored)",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False
            ),
            removal_policy=cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY,
        )
        suppress(
            self.number_key,
            "AwsSolutions-SMG4",
            "Rotating the hash key would reset every number's hourly counter and opt-out record; it is rotated "
            "by hand between elections (docs/deploy.md).",
        )

        self.phone_number: smsvoice.CfnPhoneNumber | None = None
        self.origination_identity = config.sms_origination_identity or ""
        if config.sms_number_type:
            self.phone_number = smsvoice.CfnPhoneNumber(
                self,
                "PhoneNumber",
                iso_country_code=config.sms_iso_country,
                number_capabilities=["SMS"],
                number_type=config.sms_number_type,
                mandatory_keywords=smsvoice.CfnPhoneNumber.MandatoryKeywordsProperty(
                    help=smsvoice.CfnPhoneNumber.MandatoryKeywordProperty(message=HELP_REPLY),
                    stop=smsvoice.CfnPhoneNumber.MandatoryKeywordProperty(message=STOP_REPLY),
                ),
                optional_keywords=[
                    smsvoice.CfnPhoneNumber.OptionalKeywordProperty(
                        keyword="ALTO", action="OPT_OUT", message=STOP_REPLY
                    ),
                ],
                two_way=smsvoice.CfnPhoneNumber.TwoWayProperty(enabled=True, channel_arn=self.topic.topic_arn),
                deletion_protection_enabled=config.retain_data,
            )
            self.origination_identity = self.phone_number.attr_arn

    def send_statement(self) -> iam.PolicyStatement | None:
        """SendTextMessage from the stage's origination identity only (None: no identity configured yet)."""
        if not self.origination_identity:
            return None
        return iam.PolicyStatement(actions=["sms-voice:SendTextMessage"], resources=[self.origination_identity])
