"""State: the single DynamoDB table (source of truth and, through its stream, the outbox) and buckets."""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_s3 as s3
from constructs import Construct

from .config import StageConfig
from .nag import ignore_cfn_lint, suppress

TTL_ATTRIBUTE = "expires_at"


class Data(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, config: StageConfig) -> None:
        super().__init__(scope, construct_id)
        removal = cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY
        warm = None
        if config.table_warm_reads or config.table_warm_writes:
            warm = dynamodb.WarmThroughput(
                read_units_per_second=config.table_warm_reads,
                write_units_per_second=config.table_warm_writes,
            )
        self.table = dynamodb.Table(
            self,
            "Table",
            table_name=config.prefix,
            partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="sk", type=dynamodb.AttributeType.STRING),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            stream=dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            time_to_live_attribute=TTL_ATTRIBUTE,
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            deletion_protection=config.deletion_protection,
            removal_policy=removal,
            warm_throughput=warm,
        )
        self.table.add_global_secondary_index(
            index_name="gsi1",
            partition_key=dynamodb.Attribute(name="gsi1pk", type=dynamodb.AttributeType.STRING),
            sort_key=dynamodb.Attribute(name="gsi1sk", type=dynamodb.AttributeType.STRING),
            projection_type=dynamodb.ProjectionType.ALL,
        )

        # Server access logs of the buckets (the log bucket cannot log to itself).
        self.access_logs = s3.Bucket(
            self,
            "AccessLogs",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,  # CloudFront standard logs need ACLs
            lifecycle_rules=[s3.LifecycleRule(expiration=cdk.Duration.days(config.log_retention_days))],
            removal_policy=removal,
            auto_delete_objects=not config.retain_data,
        )
        suppress(self.access_logs, "AwsSolutions-S1", "This is the access-log bucket; it cannot log to itself.")
        # CloudFront standard logs are delivered with an ACL, so CDK sets AccessControl on this bucket.
        ignore_cfn_lint(self.access_logs, ["W3045"])

        # Candidacy photos: private; uploaded by party editors with presigned POSTs issued by the API
        # and read through presigned GETs or the web distribution.
        self.photos = s3.Bucket(
            self,
            "Photos",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            cors=[
                s3.CorsRule(
                    # POST: the web front sends the API's presigned POST with fetch (FormData).
                    allowed_methods=[s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.POST],
                    allowed_origins=upload_origins(config),
                    allowed_headers=["content-type", "content-md5", "x-amz-*"],
                    max_age=3600,
                )
            ],
            server_access_logs_bucket=self.access_logs,
            server_access_logs_prefix="photos/",
            lifecycle_rules=[
                s3.LifecycleRule(abort_incomplete_multipart_upload_after=cdk.Duration.days(1)),
                s3.LifecycleRule(noncurrent_version_expiration=cdk.Duration.days(30)),
            ],
            removal_policy=removal,
            auto_delete_objects=not config.retain_data,
        )


def upload_origins(config: StageConfig) -> list[str]:
    """Where browsers may POST photos with a presigned POST from: the web front's domain.

    The presigned signature is what authorizes an upload; CORS only lets the front's pages make it.
    Without a custom domain the distribution's generated name is not known before deploy (and naming it
    would make the bucket depend on the distribution, whose CSP names the bucket).
    """
    own = [f"https://{config.web_domain_name}"] if config.web_domain_name else ["https://*.cloudfront.net"]
    return own + list(config.extra_upload_origins)
