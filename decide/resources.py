"""Create (or find) the AWS resources the design names, against any endpoint.

Used by `decide bootstrap` on the local moto server. In AWS the CDK stack owns these resources;
the names here follow the same `decide-<stage>-...` convention. Safe to run repeatedly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.auth.principal import Role

DLQ_MAX_RECEIVE_COUNT = 5
QUEUES_BY_AUDIENCE = {"party": "party-notifications", "citizen": "citizen-notifications"}


@dataclass(frozen=True)
class StackNames:
    stage: str
    table: str

    @property
    def topic(self) -> str:
        return f"decide-{self.stage}-events"

    @property
    def email_feedback_topic(self) -> str:
        return f"decide-{self.stage}-email-feedback"

    @property
    def sms_inbound_topic(self) -> str:
        return f"decide-{self.stage}-sms-inbound"

    @property
    def sms_inbound_tap(self) -> str:
        """Local only: a queue on the SMS topic from which the event pump calls `answer_sms`, as SNS
        calls the Lambda in AWS (moto cannot invoke a local function)."""
        return f"decide-{self.stage}-sms-inbound-local"

    @property
    def user_pool(self) -> str:
        return f"decide-{self.stage}-users"

    @property
    def photos_bucket(self) -> str:
        return f"decide-{self.stage}-photos"

    @property
    def user_pool_client(self) -> str:
        return f"decide-{self.stage}-web"

    def queue(self, audience: str) -> str:
        return f"decide-{self.stage}-{QUEUES_BY_AUDIENCE[audience]}"

    def dead_letter_queue(self, audience: str) -> str:
        return f"{self.queue(audience)}-dlq"

    @property
    def log_signing_key(self) -> str:
        return f"alias/decide-{self.stage}-transparency-log"


@dataclass(frozen=True)
class UserPool:
    pool_id: str
    client_id: str


@dataclass(frozen=True)
class StackResources:
    table: str
    table_stream_arn: str
    topic_arn: str
    queue_urls: dict[str, str]
    dead_letter_queue_urls: dict[str, str]
    user_pool: UserPool
    photos_bucket: str = ""

    def runtime_environment(self, endpoint_url: str) -> dict[str, str]:
        """What the app needs to find these resources (the CDK stack injects the same names in AWS)."""
        return {
            "TABLE_NAME": self.table,
            "EVENTS_TOPIC_ARN": self.topic_arn,
            "USER_POOL_ID": self.user_pool.pool_id,
            "USER_POOL_CLIENT_ID": self.user_pool.client_id,
            # moto publishes each pool's signing keys under its own endpoint.
            "COGNITO_JWKS_URL": f"{endpoint_url}/{self.user_pool.pool_id}/.well-known/jwks.json",
            # Photos are read back from the local endpoint (path-style), like the upload goes to it.
            "PHOTOS_BUCKET": self.photos_bucket,
            "PHOTOS_BASE_URL": f"{endpoint_url}/{self.photos_bucket}",
        }


def ensure_table(client: Any, name: str) -> str:
    try:
        client.create_table(
            TableName=name,
            AttributeDefinitions=[
                {"AttributeName": name, "AttributeType": "S"} for name in ("pk", "sk", "gsi1pk", "gsi1sk")
            ],
            GlobalSecondaryIndexes=[
                {
                    "IndexName": "gsi1",
                    "KeySchema": [
                        {"AttributeName": "gsi1pk", "KeyType": "HASH"},
                        {"AttributeName": "gsi1sk", "KeyType": "RANGE"},
                    ],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            BillingMode="PAY_PER_REQUEST",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )
        client.get_waiter("table_exists").wait(TableName=name)
        client.update_time_to_live(
            TableName=name, TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires_at"}
        )
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceInUseException":
            raise
    stream_arn: str = client.describe_table(TableName=name)["Table"]["LatestStreamArn"]
    return stream_arn


def ensure_bucket(client: Any, name: str) -> str:
    """The candidacy photo bucket (uploads arrive by presigned POST; profiles link the objects).

    Anyone may read what is under photos/ (candidacy photos, party emblems), as the deployed CDN
    serves /photos/* (infrastructure/decide_infra/web.py): the pages draw the emblems from here."""
    try:
        client.create_bucket(Bucket=name)
    except ClientError as exc:
        if exc.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
            raise
    public_read = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{name}/photos/*",
    }
    client.put_bucket_policy(Bucket=name, Policy=json.dumps({"Version": "2012-10-17", "Statement": [public_read]}))
    return name


def ensure_queue(client: Any, name: str, dead_letter_arn: str | None = None) -> tuple[str, str]:
    attributes: dict[str, str] = {"VisibilityTimeout": "60"}
    if dead_letter_arn:
        attributes["RedrivePolicy"] = json.dumps(
            {"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": str(DLQ_MAX_RECEIVE_COUNT)}
        )
    url: str = client.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    arn: str = client.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return url, arn


def ensure_sms_inbound(sns: Any, sqs: Any, names: StackNames) -> str:
    """The two-way SMS topic and, locally, the queue the event pump reads it from; returns the topic ARN."""
    topic_arn: str = sns.create_topic(Name=names.sms_inbound_topic)["TopicArn"]
    _url, queue_arn = ensure_queue(sqs, names.sms_inbound_tap)
    existing = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
    if not any(s["Endpoint"] == queue_arn for s in existing):
        # Not raw: the queue receives the SNS envelope, which the pump hands on as an SNS record.
        sns.subscribe(TopicArn=topic_arn, Protocol="sqs", Endpoint=queue_arn)
    return topic_arn


ROLE_GROUPS = tuple(role.value for role in Role)


def find_user_pool(client: Any, names: StackNames) -> UserPool | None:
    pools = client.list_user_pools(MaxResults=60)["UserPools"]
    pool_id = next((p["Id"] for p in pools if p["Name"] == names.user_pool), None)
    if pool_id is None:
        return None
    clients = client.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]
    client_id = next((c["ClientId"] for c in clients if c["ClientName"] == names.user_pool_client), None)
    return UserPool(pool_id, client_id) if client_id else None


def ensure_user_pool(client: Any, names: StackNames) -> UserPool:
    """Email sign-in, the design's groups, a public app client. Email is verified by the app."""
    existing = find_user_pool(client, names)
    if existing:
        return existing
    pool_id: str = client.create_user_pool(
        PoolName=names.user_pool,
        UsernameAttributes=["email"],
        Policies={
            "PasswordPolicy": {
                "MinimumLength": 10,
                "RequireLowercase": True,
                "RequireUppercase": False,
                "RequireNumbers": True,
                "RequireSymbols": False,
            }
        },
        Schema=[{"Name": "party_id", "AttributeDataType": "String", "Mutable": True}],
    )["UserPool"]["Id"]
    for group in ROLE_GROUPS:
        client.create_group(GroupName=group, UserPoolId=pool_id)
    client_id: str = client.create_user_pool_client(
        UserPoolId=pool_id,
        ClientName=names.user_pool_client,
        GenerateSecret=False,
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        ReadAttributes=["email", "name", "custom:party_id"],
        WriteAttributes=["email"],  # as in AWS: not `name` (infrastructure/decide_infra/auth.py)
    )["UserPoolClient"]["ClientId"]
    return UserPool(pool_id, client_id)


def ensure_log_signing_key(client: Any, alias: str) -> str:
    """The asymmetric KMS key that signs the transparency log's tree heads (moto's, locally)."""
    try:
        key_id: str = client.describe_key(KeyId=alias)["KeyMetadata"]["KeyId"]
        return key_id
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "NotFoundException":
            raise
    key_id = client.create_key(
        KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Description="DecideIEEM transparency log tree heads"
    )["KeyMetadata"]["KeyId"]
    client.create_alias(AliasName=alias, TargetKeyId=key_id)
    return key_id


MAIL_DOMAIN = "decide.ieem.local"


def bootstrap(
    names: StackNames, session: boto3.session.Session | None = None, mail_domain: str = MAIL_DOMAIN
) -> StackResources:
    session = session or boto3.session.Session()
    session.client("ses").verify_domain_identity(Domain=mail_domain)
    stream_arn = ensure_table(session.client("dynamodb"), names.table)
    ensure_log_signing_key(session.client("kms"), names.log_signing_key)
    sns, sqs = session.client("sns"), session.client("sqs")
    topic_arn: str = sns.create_topic(Name=names.topic)["TopicArn"]
    sns.create_topic(Name=names.email_feedback_topic)
    ensure_sms_inbound(sns, session.client("sqs"), names)
    queue_urls: dict[str, str] = {}
    dlq_urls: dict[str, str] = {}
    for audience in QUEUES_BY_AUDIENCE:
        dlq_urls[audience], dlq_arn = ensure_queue(sqs, names.dead_letter_queue(audience))
        queue_urls[audience], queue_arn = ensure_queue(sqs, names.queue(audience), dlq_arn)
        sqs.set_queue_attributes(
            QueueUrl=queue_urls[audience],
            Attributes={
                "Policy": json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"Service": "sns.amazonaws.com"},
                                "Action": "sqs:SendMessage",
                                "Resource": queue_arn,
                                "Condition": {"ArnEquals": {"aws:SourceArn": topic_arn}},
                            }
                        ],
                    }
                )
            },
        )
        existing = sns.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]
        if not any(s["Endpoint"] == queue_arn for s in existing):
            sns.subscribe(
                TopicArn=topic_arn,
                Protocol="sqs",
                Endpoint=queue_arn,
                Attributes={
                    "RawMessageDelivery": "true",
                    "FilterPolicy": json.dumps({"audience": [audience]}),
                },
            )
    return StackResources(
        table=names.table,
        table_stream_arn=stream_arn,
        topic_arn=topic_arn,
        queue_urls=queue_urls,
        dead_letter_queue_urls=dlq_urls,
        user_pool=ensure_user_pool(session.client("cognito-idp"), names),
        photos_bucket=ensure_bucket(session.client("s3"), names.photos_bucket),
    )
