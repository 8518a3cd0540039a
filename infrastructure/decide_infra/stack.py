"""One stack per stage: everything DecideIEEM runs on in AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from .api import REPO_ROOT, Api
from .auth import Auth
from .config import StageConfig
from .data import Data
from .messaging import Messaging
from .monitoring import Monitoring
from .nag import ignore_cfn_lint
from .sms import Sms
from .web import Web


class DecideStack(cdk.Stack):
    """The stack's construct id is the stage name: `chalice.cdk.Chalice` packages the app for the stage
    named like its scope, so the Chalice construct reads `.chalice/config.json`'s `stages.<stage>`."""

    def __init__(
        self,
        scope: Construct,
        config: StageConfig,
        *,
        source_dir: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            scope,
            config.stage,
            stack_name=config.stack_name,
            description=f"DecideIEEM ({config.stage}): API, events, email, users and web",
            termination_protection=config.retain_data,
            **kwargs,
        )
        self.config = config
        cdk.Tags.of(self).add("project", "decide-ieem")
        cdk.Tags.of(self).add("stage", config.stage)

        # The sending identity is a parameter: it is verified in SES (with DKIM) outside the stack.
        mail_domain = cdk.CfnParameter(
            self,
            "MailDomain",
            type="String",
            description="SES-verified domain identity the platform sends from (e.g. decide.ieem.org.mx)",
            allowed_pattern=r"^[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$",
        )
        mail_from_address = cdk.CfnParameter(
            self,
            "MailFromAddress",
            type="String",
            description="From address, in MailDomain (e.g. avisos@decide.ieem.org.mx)",
            allowed_pattern=r"^[^@\s]+@[a-z0-9][a-z0-9.-]*\.[a-z]{2,}$",
        )
        mail_from_name = cdk.CfnParameter(
            self,
            "MailFromName",
            type="String",
            default="DecideIEEM",
            description="Display name of the From header",
        )
        mail_from = f"{mail_from_name.value_as_string} <{mail_from_address.value_as_string}>"

        worker_timeout = cdk.Duration.seconds(config.worker_timeout_seconds)
        self.data = Data(self, "Data", config=config)
        self.messaging = Messaging(
            self,
            "Messaging",
            config=config,
            mail_identity=mail_domain.value_as_string,
            worker_timeout=worker_timeout,
        )
        self.auth = Auth(
            self,
            "Auth",
            config=config,
            mail_from_address=mail_from_address.value_as_string,
            mail_from_name=mail_from_name.value_as_string,
            mail_identity=mail_domain.value_as_string,
            configuration_set_name=config.prefix,
        )
        self.auth.user_pool.node.add_dependency(self.messaging.configuration_set)
        self.web = Web(
            self,
            "Web",
            config=config,
            build_dir=Path(__file__).resolve().parents[1] / "build" / "web",
            access_logs=self.data.access_logs,
            photos=self.data.photos,
        )
        self.web.add_distribution()
        self.sms = Sms(self, "Sms", config=config, messaging=self.messaging)
        # The distribution sends /v1/* to the REST API, which invokes the API's function: that function
        # cannot name the distribution in its environment (a cycle). With a custom domain the address is
        # plain text; without one the stack writes it to this parameter once the distribution exists, and
        # the function reads it on its first link (chalicelib/adapters/parameters.py). Every other
        # function is outside the REST API's dependencies and gets WEB_BASE_URL itself.
        web_base_url_parameter = None if self.web.url_is_static else f"/{config.prefix}/web-base-url"
        self.api = Api(
            self,
            "Api",
            config=config,
            data=self.data,
            messaging=self.messaging,
            user_pool_id=self.auth.user_pool.user_pool_id,
            user_pool_arn=self.auth.user_pool.user_pool_arn,
            user_pool_client_id=self.auth.client.user_pool_client_id,
            mail_from=mail_from,
            mail_from_address=mail_from_address.value_as_string,
            web_base_url=self.web.url,
            web_base_url_parameter=web_base_url_parameter,
            origin_verify=self.web.origin_verify_value,
            source_dir=source_dir or REPO_ROOT,
            sms=self.sms,
        )
        self.web.add_api(
            rest_api_domain=self.api.domain,
            stage_name=self.api.api_stage_name,
            routes=self.api.routes,
            public_gets=self.api.public_gets,
        )
        if web_base_url_parameter is not None:
            self.web_base_url_parameter = ssm.StringParameter(
                self,
                "WebBaseUrl",
                parameter_name=web_base_url_parameter,
                string_value=self.web.url,
                description="The web front's address, for the links the API's function builds (issue 11)",
            )
        # The front calls the API on its own origin (the distribution's /v1/*): no CORS, one TLS connection.
        self.web.add_content(api_url=self.web.url)
        self.monitoring = Monitoring(
            self, "Monitoring", config=config, data=self.data, messaging=self.messaging, api=self.api
        )

        for name, value, description in [
            ("ApiUrl", self.api.url, "Base URL of the REST API (routes under /v1)"),
            ("WebUrl", self.web.url, "The web front"),
            ("WebBucketName", self.web.bucket.bucket_name, "Bucket of the web front"),
            ("DistributionId", self.web.distribution.distribution_id, "CloudFront distribution of the web front"),
            ("TableName", self.data.table.table_name, "The single DynamoDB table"),
            ("PhotosBucketName", self.data.photos.bucket_name, "Candidacy photos"),
            ("UserPoolId", self.auth.user_pool.user_pool_id, "Cognito user pool"),
            ("UserPoolClientId", self.auth.client.user_pool_client_id, "Cognito app client of the web front"),
            ("EventsTopicArn", self.messaging.events_topic.topic_arn, "Domain events topic"),
            ("OperatorTopicArn", self.messaging.operator_topic.topic_arn, "Alarms go here: subscribe operators"),
            ("SmsInboundTopicArn", self.sms.topic.topic_arn, "Two-way SMS channel of the origination identity"),
            ("DashboardName", f"{config.prefix}-election-day", "CloudWatch dashboard"),
        ]:
            cdk.CfnOutput(self, name, value=value, description=description)

        # CDK's own singleton providers (bucket auto-delete, bucket deployment) declare a DependsOn that a
        # GetAtt already implies; cfn-lint warns (W3005) about code that is CDK's, not ours.
        for child in self.node.children:
            if child.node.id.startswith(("Custom::CDKBucketDeployment", "Custom::S3AutoDeleteObjects")):
                ignore_cfn_lint(child, ["W3005"])
