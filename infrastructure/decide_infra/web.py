"""The static web front: private S3 bucket behind CloudFront (origin access control), security headers,
and a `config.json` next to index.html that tells the front where the API is."""

from __future__ import annotations

from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct

from .config import StageConfig
from .nag import logical_id, suppress


def build_front(out: Path) -> Path | None:
    """Build web/src into `out` with the project's own builder; None when it cannot be built."""
    try:
        from decide.web_build import compile_site, write_site

        write_site(compile_site(), out)
    except Exception:  # reported as a synthesis warning by the caller
        return None
    return out


def content_security_policy(api_origin: str, photos_origin: str) -> str:
    """decide/web_build.py's policy (no inline code; data only from the API), plus candidacy photos."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {photos_origin}",
            "font-src 'self'",
            f"connect-src 'self' {api_origin} {photos_origin}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "upgrade-insecure-requests",
        ]
    )


class Web(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        config: StageConfig,
        build_dir: Path,
        access_logs: s3.IBucket,
        photos: s3.IBucket,
    ) -> None:
        super().__init__(scope, construct_id)
        removal = cdk.RemovalPolicy.RETAIN if config.retain_data else cdk.RemovalPolicy.DESTROY
        self.build_dir = build_dir
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            server_access_logs_bucket=access_logs,
            server_access_logs_prefix="web/",
            removal_policy=removal,
            auto_delete_objects=not config.retain_data,
        )
        self._config = config
        self._access_logs = access_logs
        self._photos = photos

    def add_distribution(self) -> None:
        """CloudFront in front of the bucket, with the security headers."""
        config = self._config
        region = cdk.Stack.of(self).region
        photos_origin = f"https://{self._photos.bucket_regional_domain_name}"
        # The API's own host would make the distribution depend on the API, which depends (through
        # WEB_BASE_URL) on the distribution: the CSP names API Gateway in this region instead.
        api_origin = f"https://*.execute-api.{region}.amazonaws.com"
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            response_headers_policy_name=f"{config.prefix}-security-headers",
            comment="DecideIEEM web: CSP, HSTS, nosniff, frame options, referrer policy",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(api_origin, photos_origin),
                    override=True,
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=cdk.Duration.days(730), include_subdomains=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override=True
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value="camera=(), microphone=(), geolocation=(), payment=()",
                        override=True,
                    )
                ]
            ),
        )
        certificate = None
        if config.web_domain_name and config.web_certificate_arn:
            certificate = acm.Certificate.from_certificate_arn(self, "Certificate", config.web_certificate_arn)
        # One origin (and one access control) for both prefixes of the photos bucket.
        photos_bucket_origin = origins.S3BucketOrigin.with_origin_access_control(self._photos)
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"DecideIEEM web ({config.stage})",
            default_root_object="index.html",
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                compress=True,
            ),
            # Candidacy photos (uploaded to the private photos bucket with presigned POSTs under photos/)
            # are read through the same origin, so the front's CSP (img-src 'self') shows them.
            additional_behaviors={
                "/photos/*": cloudfront.BehaviorOptions(
                    origin=photos_bucket_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                    response_headers_policy=headers,
                    compress=True,
                ),
                # Open-data files built by the publish_open_data schedule (the API redirects here); the
                # `v` query string (the build time) is the cache key, so a rebuilt file is a new entry.
                "/open-data/*": cloudfront.BehaviorOptions(
                    origin=photos_bucket_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                    cache_policy=cloudfront.CachePolicy(
                        self,
                        "OpenDataCache",
                        query_string_behavior=cloudfront.CacheQueryStringBehavior.allow_list("v"),
                        default_ttl=cdk.Duration.minutes(10),
                        max_ttl=cdk.Duration.days(1),
                        min_ttl=cdk.Duration.seconds(0),
                        enable_accept_encoding_gzip=True,
                        enable_accept_encoding_brotli=True,
                    ),
                    response_headers_policy=headers,
                    compress=True,
                ),
            },
            domain_names=[config.web_domain_name] if certificate and config.web_domain_name else None,
            certificate=certificate,
            # Only meaningful with our own certificate; the default *.cloudfront.net one fixes its policy.
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,  # North America (with Mexico) and Europe
            enable_logging=True,
            log_bucket=self._access_logs,
            log_file_prefix="cloudfront/",
        )
        self.url = (
            f"https://{config.web_domain_name}"
            if certificate
            else f"https://{self.distribution.distribution_domain_name}"
        )
        suppress(
            self.distribution,
            "AwsSolutions-CFR1",
            "No geo restriction: the information is public and voters of the State of Mexico live and travel abroad.",
        )
        suppress(
            self.distribution,
            "AwsSolutions-CFR2",
            "The distribution serves only static, cached files; the API has its own WAF web ACL on its stage. "
            "A CloudFront-scope web ACL would have to live in us-east-1 (see docs/deploy.md).",
        )
        if certificate is None:
            suppress(
                self.distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose "
                "minimum protocol CloudFront fixes; with a custom domain the stack sets TLSv1.2_2021.",
            )

    def add_content(self, *, api_url: str) -> None:
        """The built front (decide/web_build.py) and `config.json` telling it where the API is.

        Content-hashed files under assets/ are immutable and cached for a year; index.html and config.json
        are revalidated on every visit. Old assets are kept (no pruning) so a page loaded just before a
        deployment still finds the files it names.
        """
        dist = build_front(self.build_dir)
        if dist is None:
            cdk.Annotations.of(self).add_warning_v2(
                "decide:web-build", "web/src could not be built: only config.json is deployed"
            )
        assets_deployment = None
        if dist is not None:
            assets_deployment = s3deploy.BucketDeployment(
                self,
                "DeployAssets",
                destination_bucket=self.bucket,
                sources=[s3deploy.Source.asset(str(dist), exclude=["index.html", "config.json"])],
                cache_control=[s3deploy.CacheControl.from_string("public, max-age=31536000, immutable")],
                prune=False,
                memory_limit=512,
            )
        entry_sources = [s3deploy.Source.json_data("config.json", {"api_base_url": api_url})]
        if dist is not None:
            entry_sources.insert(0, s3deploy.Source.asset(str(dist), exclude=["assets", "assets/**"]))
        self.deployment = s3deploy.BucketDeployment(
            self,
            "DeployEntry",
            destination_bucket=self.bucket,
            sources=entry_sources,
            cache_control=[s3deploy.CacheControl.from_string("no-cache")],
            prune=False,
            distribution=self.distribution,
            distribution_paths=["/index.html", "/config.json", "/"],
            memory_limit=512,
        )
        if assets_deployment is not None:
            self.deployment.node.add_dependency(assets_deployment)
        self._acknowledge_deployment_provider()

    def _acknowledge_deployment_provider(self) -> None:
        """BucketDeployment's provider is a CDK-managed singleton Lambda at the stack's root."""
        stack = cdk.Stack.of(self)
        provider = next(
            child for child in stack.node.children if child.node.id.startswith("Custom::CDKBucketDeployment")
        )
        reason = (
            "CDK's BucketDeployment provider (CDK-managed code): copies the front from the CDK asset bucket to "
            "the web bucket and invalidates the distribution; its role, runtime and policy are CDK's."
        )
        suppress(provider, "AwsSolutions-L1", reason)
        suppress(
            provider,
            "AwsSolutions-IAM4",
            reason,
            findings=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        )
        suppress(
            provider,
            "AwsSolutions-IAM5",
            reason,
            findings=[
                "Action::s3:GetObject*",
                "Action::s3:GetBucket*",
                "Action::s3:List*",
                "Action::s3:DeleteObject*",
                "Action::s3:Abort*",
                "Resource::*",
                f"Resource::<{logical_id(self.bucket)}.Arn>/*",
                f"Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-{stack.region}/*",
            ],
        )
