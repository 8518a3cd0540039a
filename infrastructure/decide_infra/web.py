"""The static web front: private S3 bucket behind CloudFront (origin access control), security headers,
and a `config.json` next to index.html that tells the front where the API is."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import aws_cdk as cdk
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_secretsmanager as secretsmanager
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


def content_security_policy(photos_origin: str) -> str:
    """decide/web_build.py's policy (no inline code; data only from the API, which the distribution serves
    on the same origin under /v1/*), plus the photos bucket (presigned uploads go straight to it)."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src 'self' data: {photos_origin}",
            "font-src 'self'",
            f"connect-src 'self' {photos_origin}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "upgrade-insecure-requests",
        ]
    )


# -- the API through the distribution (issue 11) ----------------------------------------------------------


@dataclass(frozen=True)
class EdgePath:
    """One path pattern of the API on the distribution, before what the app declares is known.

    `cached`: public GETs under it are cached at the edge; otherwise nothing is (CachingDisabled, every
    viewer header but Host forwarded). `vary_on_accept`: the Accept header joins the cache key (API Gateway
    answers a binary media type, e.g. the printable sheet, only to a request that accepts it).
    """

    pattern: str
    cached: bool = True
    vary_on_accept: bool = False


# In CloudFront's order (first match wins); `*` matches any characters, `/` included. Grouped by prefix so
# a group's public GETs share a policy, within CloudFront's per-distribution behaviour quota. A write or a
# signed-in GET under a cached pattern fails synthesis (see plan_api_behaviours), so a new route either
# fits the table or gets its own uncached pattern here.
API_EDGE_PATHS: tuple[EdgePath, ...] = (
    EdgePath("/v1/lookup"),
    EdgePath("/v1/proposals"),
    EdgePath("/v1/proposals/*/*", cached=False),  # supports, reports, responses, acknowledgements
    EdgePath("/v1/proposals/*"),
    EdgePath("/v1/candidacies*"),
    EdgePath("/v1/ballots/*", vary_on_accept=True),  # .../sheet.pdf is binary
    EdgePath("/v1/processes*"),
    EdgePath("/v1/log/*"),
    EdgePath("/v1/open-data*"),
    EdgePath("/v1/commitments/*/*", cached=False),  # the moderators' verdicts
    EdgePath("/v1/commitments/*"),
    EdgePath("/v1/content/*"),
    EdgePath("/v1/districts"),
    EdgePath("/v1/parties"),
    EdgePath("/v1/municipalities"),
    EdgePath("/v1/advice"),
    EdgePath("/s/*"),  # the data saver: HTML rendered by the API
)
# Everything else of the API: signed-in GETs, writes, /v1/unsubscribe (its GET is never stored).
API_DEFAULT_PATTERN = "/v1/*"
# Headers a write needs at the API when it shares its exact path with a cached public GET (POST
# /v1/proposals): they join that behaviour's cache key (CloudFront forwards only what the key or an
# origin request policy names, and no origin request policy may name Authorization), so a signed-in
# request is only ever answered from its own token's entry, and an anonymous GET from the shared one.
SHARED_PATH_HEADERS = ("Authorization", "Content-Type", "Idempotency-Key")
CACHE_POLICY_MAX_QUERY_STRINGS = 10
# Set by the distribution on every request to the API (chalicelib/api/routing.py reads it): the viewer's
# address, which the API's WAF rate rules and the app's per-client counters key on.
VIEWER_ADDRESS_HEADER = "x-decide-viewer-ip"
# Sent by the distribution to the API with a secret value; the API's WAF blocks requests without it, so
# the API is reached only through the distribution (and VIEWER_ADDRESS_HEADER can be believed).
ORIGIN_VERIFY_HEADER = "x-decide-origin-verify"
VIEWER_ADDRESS_FUNCTION = (
    "function handler(event) {\n"
    "  var request = event.request;\n"
    f'  request.headers["{VIEWER_ADDRESS_HEADER}"] = {{ value: event.viewer.ip }};\n'
    "  return request;\n"
    "}\n"
)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class ApiBehaviour:
    """What the stack puts on the distribution for one pattern (see plan_api_behaviours)."""

    pattern: str
    cached: bool
    query_strings: tuple[str, ...] = ()
    headers: tuple[str, ...] = ()
    allow_writes: bool = True
    paths: tuple[str, ...] = ()  # the public GET paths it serves (cached behaviours)


def pattern_matches(pattern: str, path: str) -> bool:
    """CloudFront's path-pattern match: case-sensitive, `*` any run of characters, `?` one character."""
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, path) is not None


def sample_path(template: str) -> str:
    """A request path of an API Gateway path template (`{id}` and `{proxy+}` become one segment)."""
    return re.sub(r"\{[^}/]+\}", "x1", template)


def plan_api_behaviours(
    routes: Iterable[tuple[str, str]],
    public_gets: Mapping[str, list[str]],
    edge_paths: tuple[EdgePath, ...] = API_EDGE_PATHS,
) -> list[ApiBehaviour]:
    """The API's behaviours, in order, for the app's routes ((METHOD, path template)) and its public GETs
    (path → declared query strings, from the OpenAPI document).

    Each cached behaviour's query-string allow list is exactly what its public GETs declare (their union
    when a pattern groups several); undeclared query strings are neither keyed nor forwarded, so an
    unknown one cannot poison the entry of a valid request. Raises ValueError when a write or a
    signed-in GET would reach a cached behaviour (other than a write on the exact path of a public GET,
    whose behaviour keys on SHARED_PATH_HEADERS), or when a group declares more query strings than a
    cache policy allows.
    """
    routes = sorted({(method.upper(), path) for method, path in routes})
    landing: dict[str, list[tuple[str, str]]] = {p.pattern: [] for p in edge_paths}
    for method, path in routes:
        if method in {"OPTIONS", "HEAD"}:  # CORS preflights (API Gateway's mock) and HEAD follow their GET
            continue
        first = next((p for p in edge_paths if pattern_matches(p.pattern, sample_path(path))), None)
        if first is not None:
            landing[first.pattern].append((method, path))
    plan: list[ApiBehaviour] = []
    for edge in edge_paths:
        served = landing[edge.pattern]
        public = sorted(path for method, path in served if method == "GET" and path in public_gets)
        if not edge.cached or not public:
            plan.append(ApiBehaviour(edge.pattern, cached=False))
            continue
        others = [(m, p) for m, p in served if not (m == "GET" and p in public_gets)]
        shared = False
        for method, path in others:
            if method in WRITE_METHODS and "*" not in edge.pattern and path == edge.pattern:
                shared = True
                continue
            raise ValueError(
                f"{method} {path} (not a public GET) would be served by the cached CloudFront pattern "
                f"{edge.pattern}: give it an uncached pattern before it in API_EDGE_PATHS"
            )
        query = tuple(sorted({name for path in public for name in public_gets[path]}))
        if len(query) > CACHE_POLICY_MAX_QUERY_STRINGS:
            raise ValueError(f"{edge.pattern}: {len(query)} query strings, a cache policy keys at most 10")
        headers = (("Accept",) if edge.vary_on_accept else ()) + (SHARED_PATH_HEADERS if shared else ())
        plan.append(ApiBehaviour(edge.pattern, True, query, headers, allow_writes=shared, paths=tuple(public)))
    plan.append(ApiBehaviour(API_DEFAULT_PATTERN, cached=False))
    return plan


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
        # The distribution proves itself to the API's WAF with this value (ORIGIN_VERIFY_HEADER); both read
        # it as a deploy-time reference, so it is not in the template.
        self.origin_verify = secretsmanager.Secret(
            self,
            "OriginVerify",
            secret_name=f"{config.prefix}/origin-verify",
            description="Header value the web distribution sends to the API; the API's WAF blocks requests without it",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True, include_space=False
            ),
        )
        suppress(
            self.origin_verify,
            "AwsSolutions-SMG4",
            "Read only by CloudFormation into the distribution's origin header and the WAF rule; rotated by "
            "updating both in one deployment (docs/deploy.md).",
        )
        self.origin_verify_value = self.origin_verify.secret_value.unsafe_unwrap()

    def add_distribution(self) -> None:
        """CloudFront in front of the bucket, with the security headers."""
        config = self._config
        photos_origin = f"https://{self._photos.bucket_regional_domain_name}"
        headers = cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            response_headers_policy_name=f"{config.prefix}-security-headers",
            comment="DecideIEEM web: CSP, HSTS, nosniff, frame options, referrer policy",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(photos_origin),
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
        self.headers_policy = headers
        # With a custom domain the address is plain text: nothing that holds it depends on the distribution.
        self.url_is_static = certificate is not None
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
            "The API behind /v1/* keeps its own WAF web ACL on its stage (every request that reaches the API "
            "passes it); the rest are static files. A CloudFront-scope web ACL would have to live in us-east-1 "
            "(see docs/deploy.md).",
        )
        if certificate is None:
            suppress(
                self.distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose "
                "minimum protocol CloudFront fixes; with a custom domain the stack sets TLSv1.2_2021.",
            )

    def add_api(
        self,
        *,
        rest_api_domain: str,
        stage_name: str,
        routes: Iterable[tuple[str, str]],
        public_gets: Mapping[str, list[str]],
    ) -> None:
        """`/v1/*` (and the data saver, `/s/*`) through the distribution to the REST API's stage (issue 11).

        Public GETs are cached on exactly their declared query strings, compressed, and kept as long as
        the API's own Cache-Control says (min TTL 0, so `max-age`, `stale-while-revalidate` and
        `stale-if-error` rule: an outage is answered from the last good copy). Everything else goes to
        the API uncached with every viewer header but Host (Authorization included; CloudFront forwards
        it only where caching is disabled or it is part of the key). The API's WAF stays on the stage.
        """
        config = self._config
        origin = origins.HttpOrigin(
            rest_api_domain,
            origin_path=f"/{stage_name}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
            read_timeout=cdk.Duration.seconds(30),  # the API answers within 29 s
            custom_headers={ORIGIN_VERIFY_HEADER: self.origin_verify_value},
        )
        # API Gateway sees an edge server's address: the viewer's own goes in a header the viewer cannot set.
        viewer_address = cloudfront.Function(
            self,
            "ViewerAddress",
            function_name=f"{config.prefix}-viewer-address",
            comment="Sets the viewer's address on requests to the API (WAF rate rules, per-client counters)",
            code=cloudfront.FunctionCode.from_inline(VIEWER_ADDRESS_FUNCTION),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
        )
        associations = [
            cloudfront.FunctionAssociation(
                function=viewer_address, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
            )
        ]
        # Cached behaviours forward it on a miss without keying on it.
        forward_viewer_address = cloudfront.OriginRequestPolicy(
            self,
            "ApiViewerAddress",
            origin_request_policy_name=f"{config.prefix}-api-viewer-address",
            comment="DecideIEEM API: the viewer's address (not part of the cache key)",
            header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(VIEWER_ADDRESS_HEADER),
            query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.none(),
            cookie_behavior=cloudfront.OriginRequestCookieBehavior.none(),
        )
        self.api_behaviours = plan_api_behaviours(routes, public_gets)
        self.api_cache_policies: dict[str, cloudfront.CachePolicy] = {}
        for index, behaviour in enumerate(self.api_behaviours):
            viewer = (
                cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS
                if behaviour.pattern == "/s/*"  # typed by people; the API's own paths are HTTPS only
                else cloudfront.ViewerProtocolPolicy.HTTPS_ONLY
            )
            if not behaviour.cached:
                self.distribution.add_behavior(
                    behaviour.pattern,
                    origin,
                    viewer_protocol_policy=viewer,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                    response_headers_policy=self.headers_policy,
                    function_associations=associations,
                    compress=True,
                )
                continue
            policy = cloudfront.CachePolicy(
                self,
                f"ApiCache{index:02d}",
                cache_policy_name=f"{config.prefix}-api-{index:02d}",
                comment=f"DecideIEEM API {behaviour.pattern}: declared query strings only"[:128],
                query_string_behavior=(
                    cloudfront.CacheQueryStringBehavior.allow_list(*behaviour.query_strings)
                    if behaviour.query_strings
                    else cloudfront.CacheQueryStringBehavior.none()
                ),
                header_behavior=(
                    cloudfront.CacheHeaderBehavior.allow_list(*behaviour.headers)
                    if behaviour.headers
                    else cloudfront.CacheHeaderBehavior.none()
                ),
                cookie_behavior=cloudfront.CacheCookieBehavior.none(),
                # The API's Cache-Control decides (public, max-age, stale-while-revalidate, stale-if-error;
                # errors and private answers say no-store); nothing is kept that it did not allow.
                min_ttl=cdk.Duration.seconds(0),
                default_ttl=cdk.Duration.seconds(0),
                max_ttl=cdk.Duration.days(1),
                enable_accept_encoding_gzip=True,
                enable_accept_encoding_brotli=True,
            )
            self.api_cache_policies[behaviour.pattern] = policy
            self.distribution.add_behavior(
                behaviour.pattern,
                origin,
                viewer_protocol_policy=viewer,
                allowed_methods=(
                    cloudfront.AllowedMethods.ALLOW_ALL
                    if behaviour.allow_writes
                    else cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS
                ),
                cached_methods=cloudfront.CachedMethods.CACHE_GET_HEAD,
                cache_policy=policy,
                origin_request_policy=forward_viewer_address,
                response_headers_policy=self.headers_policy,
                function_associations=associations,
                compress=True,
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
