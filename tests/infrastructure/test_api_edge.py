"""The read path behind CloudFront (issue 11, item 5): `/v1/*` and `/s/*` through the web distribution to
the REST API's stage; public GETs cached on exactly their declared query strings, everything else
uncached with Authorization forwarded; the web address reaches the API's function without a
CloudFormation cycle (a parameter without a custom domain, plain text with one); only the distribution
gets past the API's WAF, which keys its rates on the viewer's address the distribution sets."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from decide_infra.api import public_get_operations
from decide_infra.web import (
    API_EDGE_PATHS,
    ORIGIN_VERIFY_HEADER,
    VIEWER_ADDRESS_FUNCTION,
    VIEWER_ADDRESS_HEADER,
    EdgePath,
    pattern_matches,
    plan_api_behaviours,
    sample_path,
)

from chalicelib.api import routing
from tests.infrastructure.infra_helpers import (
    FIXTURE_WEB_DOMAIN,
    actions_of,
    functions,
    one,
    policy_statements,
    resources,
)

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"  # CloudFront's managed policies
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# Public GETs the edge does not keep: the unsubscribe page shares its path with the one-click POST
# that mail providers send, and the app answers it `private, no-store` anyway.
NOT_CACHED_AT_THE_EDGE = {"/v1/unsubscribe"}


def _distribution(template: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    distribution_id, distribution = one(template, "AWS::CloudFront::Distribution")
    return distribution_id, distribution["Properties"]["DistributionConfig"]


def _api_behaviours(template: dict[str, Any]) -> list[dict[str, Any]]:
    _, config = _distribution(template)
    return [b for b in config["CacheBehaviors"] if b["PathPattern"].startswith(("/v1/", "/s/"))]


def _first_behaviour(template: dict[str, Any], path: str) -> dict[str, Any]:
    _, config = _distribution(template)
    found = next((b for b in config["CacheBehaviors"] if pattern_matches(b["PathPattern"], path)), None)
    assert found is not None, f"{path} falls through to the web bucket"
    return found


def _policy(template: dict[str, Any], behaviour: dict[str, Any]) -> dict[str, Any] | None:
    """The behaviour's own cache policy (None: CloudFront's managed CachingDisabled)."""
    policy = behaviour["CachePolicyId"]
    if policy == CACHING_DISABLED:
        return None
    return dict(template["Resources"][policy["Ref"]]["Properties"]["CachePolicyConfig"])


def _routes(template: dict[str, Any]) -> list[tuple[str, str]]:
    _, api = one(template, "AWS::Serverless::Api")
    return [
        (method.upper(), path)
        for path, item in api["Properties"]["DefinitionBody"]["paths"].items()
        for method in item
        if method.upper() in WRITES | {"GET"}
    ]


@pytest.fixture(scope="module")
def public_gets() -> dict[str, list[str]]:
    public = public_get_operations()
    assert public, "the app's OpenAPI document lists its public GETs"
    return public


def test_the_api_is_an_https_origin_on_its_stage_that_proves_it_is_the_distribution(template: dict[str, Any]) -> None:
    _, config = _distribution(template)
    (origin,) = [o for o in config["Origins"] if "CustomOriginConfig" in o]
    assert '{"Ref": "RestAPI"}' in json.dumps(origin["DomainName"]) and "execute-api" in json.dumps(
        origin["DomainName"]
    )
    assert origin["OriginPath"] == "/api"
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"
    assert origin["CustomOriginConfig"]["OriginSSLProtocols"] == ["TLSv1.2"]
    (header,) = origin["OriginCustomHeaders"]
    assert header["HeaderName"] == ORIGIN_VERIFY_HEADER
    assert "{{resolve:secretsmanager:" in json.dumps(header["HeaderValue"])  # not in the template
    for behaviour in _api_behaviours(template):
        assert behaviour["TargetOriginId"] == origin["Id"]
        assert behaviour["Compress"] is True
        expected = "redirect-to-https" if behaviour["PathPattern"] == "/s/*" else "https-only"
        assert behaviour["ViewerProtocolPolicy"] == expected


def test_public_gets_are_cached_on_exactly_their_declared_query_strings(
    template: dict[str, Any], public_gets: dict[str, list[str]]
) -> None:
    served: dict[str, list[str]] = {}
    for path in public_gets:
        behaviour = _first_behaviour(template, sample_path(path))
        policy = _policy(template, behaviour)
        if path in NOT_CACHED_AT_THE_EDGE:
            assert policy is None, path
            continue
        assert policy is not None, f"{path}: a public GET the edge does not cache"
        served.setdefault(behaviour["PathPattern"], []).append(path)
    for pattern, paths in served.items():
        behaviour = next(b for b in _api_behaviours(template) if b["PathPattern"] == pattern)
        policy = _policy(template, behaviour)
        assert policy is not None
        key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
        declared = sorted({name for path in paths for name in public_gets[path]})
        if declared:
            assert key["QueryStringsConfig"] == {"QueryStringBehavior": "whitelist", "QueryStrings": declared}, pattern
        else:
            assert key["QueryStringsConfig"] == {"QueryStringBehavior": "none"}, pattern
        assert len(declared) <= 10  # CloudFront's limit per cache policy
        assert key["CookiesConfig"] == {"CookieBehavior": "none"}
        assert key["EnableAcceptEncodingGzip"] is True and key["EnableAcceptEncodingBrotli"] is True
        # The API's Cache-Control rules: nothing kept that it did not allow, stale-if-error honoured.
        assert (policy["MinTTL"], policy["DefaultTTL"]) == (0, 0) and policy["MaxTTL"] >= 86400
        assert set(behaviour["CachedMethods"]) == {"GET", "HEAD"}
    # the election-day reads are among them, each on its own query strings
    assert {"/v1/lookup", "/v1/proposals/*", "/v1/ballots/*", "/s/*"} <= set(served)
    lookup = _policy(template, _first_behaviour(template, "/v1/lookup"))
    assert lookup is not None
    assert lookup["ParametersInCacheKeyAndForwardedToOrigin"]["QueryStringsConfig"]["QueryStrings"] == sorted(
        public_gets["/v1/lookup"]
    )
    # the printable sheet is binary: API Gateway needs the Accept header, so it is part of that key
    ballots = _policy(template, _first_behaviour(template, "/v1/ballots/x1/sheet.pdf"))
    assert ballots is not None
    assert ballots["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"] == ["Accept"]


def test_nothing_signed_in_or_written_is_served_from_the_cache(
    template: dict[str, Any], public_gets: dict[str, list[str]]
) -> None:
    """Every route that is not a public GET lands on an uncached behaviour that forwards every viewer header
    but Host (Authorization included), or, for a write on the exact path of a public GET (POST
    /v1/proposals), on a behaviour whose cache key holds Authorization: no one is answered from another
    person's entry."""
    checked = 0
    for method, path in _routes(template):
        if method == "GET" and path in public_gets:
            continue
        behaviour = _first_behaviour(template, sample_path(path))
        policy = _policy(template, behaviour)
        assert set(behaviour["AllowedMethods"]) >= {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"}, (method, path)
        if policy is None:
            assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST, (method, path)
        else:
            assert method in WRITES and behaviour["PathPattern"] == path, f"{method} {path} would be cached"
            headers = policy["ParametersInCacheKeyAndForwardedToOrigin"]["HeadersConfig"]["Headers"]
            assert {"Authorization", "Content-Type", "Idempotency-Key"} <= set(headers), path
        checked += 1
    assert checked > 50  # the whole signed-in API, not a sample
    assert _first_behaviour(template, "/v1/me")["PathPattern"] == "/v1/*"
    # the catch-all is the last behaviour of the API, uncached
    last = _api_behaviours(template)[-1]
    assert last["PathPattern"] == "/v1/*" and last["CachePolicyId"] == CACHING_DISABLED


def test_authorization_is_never_forwarded_without_being_in_the_key(template: dict[str, Any]) -> None:
    """A cached behaviour forwards, besides its key, only the viewer's address (its own origin request
    policy): never Authorization, never all viewer headers."""
    for behaviour in _api_behaviours(template):
        if behaviour["CachePolicyId"] == CACHING_DISABLED:
            continue
        policy_id = behaviour["OriginRequestPolicyId"]
        assert isinstance(policy_id, dict), behaviour["PathPattern"]  # not a managed all-viewer policy
        policy = template["Resources"][policy_id["Ref"]]["Properties"]["OriginRequestPolicyConfig"]
        assert policy["HeadersConfig"] == {"HeaderBehavior": "whitelist", "Headers": [VIEWER_ADDRESS_HEADER]}
        assert policy["QueryStringsConfig"] == {"QueryStringBehavior": "none"}
        assert policy["CookiesConfig"] == {"CookieBehavior": "none"}


def test_only_the_distribution_reaches_the_api_and_the_waf_keys_on_the_viewer(template: dict[str, Any]) -> None:
    _, acl = one(template, "AWS::WAFv2::WebACL")
    rules = sorted(acl["Properties"]["Rules"], key=lambda r: r["Priority"])
    gate = rules[0]
    assert gate["Name"] == "OnlyThroughTheWebDistribution" and gate["Action"] == {"Block": {}}
    match = gate["Statement"]["NotStatement"]["Statement"]["ByteMatchStatement"]
    assert match["FieldToMatch"] == {"SingleHeader": {"Name": ORIGIN_VERIFY_HEADER}}
    assert match["PositionalConstraint"] == "EXACTLY"
    secret = [
        i for i, r in resources(template, "AWS::SecretsManager::Secret").items() if "origin-verify" in json.dumps(r)
    ]
    assert len(secret) == 1 and secret[0] in json.dumps(match["SearchString"])
    # The viewer's address: set by a viewer-request function on every API behaviour (it overwrites what a
    # viewer sends); the app reads the same header for its per-client counters.
    (function_id, function), *_ = resources(template, "AWS::CloudFront::Function").items()
    code = function["Properties"]["FunctionCode"]
    assert f'request.headers["{VIEWER_ADDRESS_HEADER}"] = {{ value: event.viewer.ip }}' in code
    assert code == VIEWER_ADDRESS_FUNCTION
    assert routing.VIEWER_ADDRESS_HEADER == VIEWER_ADDRESS_HEADER
    for behaviour in _api_behaviours(template):
        associations = behaviour["FunctionAssociations"]
        assert [a["EventType"] for a in associations] == ["viewer-request"], behaviour["PathPattern"]
        assert associations[0]["FunctionARN"] == {"Fn::GetAtt": [function_id, "FunctionARN"]}


def test_the_api_function_reads_the_web_address_from_a_parameter_without_a_cycle(template: dict[str, Any]) -> None:
    """Without a custom domain the distribution's name is known only once it exists, and the distribution
    depends on the REST API, which invokes the API's function: that function names a parameter instead
    (written after the distribution) and may read exactly that one. The other functions are outside the
    REST API's dependencies and get the address itself. (cfn-lint's cycle check passes on the template.)"""
    distribution_id, _ = _distribution(template)
    _, parameter = one(template, "AWS::SSM::Parameter")
    name = parameter["Properties"]["Name"]
    assert re.fullmatch(r"/decide-(dev|prod)/web-base-url", name)
    assert distribution_id in json.dumps(parameter["Properties"]["Value"])
    for handler, (_, fn) in functions(template).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        if handler == "api_handler":
            assert variables["WEB_BASE_URL_PARAMETER"] == name
            assert "WEB_BASE_URL" not in variables and "PHOTOS_BASE_URL" not in variables
            assert distribution_id not in json.dumps(fn)  # nothing of the function refers to the distribution
            role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
            statements = [s for s in policy_statements(template, role) if "ssm:GetParameter" in actions_of([s])]
            assert len(statements) == 1 and statements[0]["Action"] == "ssm:GetParameter"
            resource = json.dumps(statements[0]["Resource"])
            assert f':parameter{name}"' in resource and "WebBaseUrl" not in resource
        else:
            assert distribution_id in json.dumps(variables["WEB_BASE_URL"]), handler
            assert "WEB_BASE_URL_PARAMETER" not in variables, handler


def test_with_a_custom_domain_every_function_gets_the_address_itself(wired: dict[str, Any]) -> None:
    assert not resources(wired, "AWS::SSM::Parameter")
    for handler, (_, fn) in functions(wired).items():
        variables = fn["Properties"]["Environment"]["Variables"]
        assert variables["WEB_BASE_URL"] == f"https://{FIXTURE_WEB_DOMAIN}", handler
        assert "WEB_BASE_URL_PARAMETER" not in variables
        role = fn["Properties"]["Role"]["Fn::GetAtt"][0]
        assert not {a for a in actions_of(policy_statements(wired, role)) if a.startswith("ssm:")}, handler
    # the fixture app declares no OpenAPI document: the API still goes through the distribution, uncached
    (behaviour,) = _api_behaviours(wired)[-1:]
    assert behaviour["PathPattern"] == "/v1/*" and behaviour["CachePolicyId"] == CACHING_DISABLED


def test_the_front_calls_the_api_on_its_own_origin(template: dict[str, Any]) -> None:
    _, policy = one(template, "AWS::CloudFront::ResponseHeadersPolicy")
    csp = json.dumps(policy["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"])
    connect = re.search(r"connect-src ([^;]*)", csp)
    assert connect is not None and connect.group(1).startswith("'self' ")
    assert "execute-api" not in csp


# -- the plan, on routes made up for the purpose ----------------------------------------------------------


def test_a_write_under_a_cached_pattern_fails_synthesis() -> None:
    edge = (EdgePath("/v1/things/*"),)
    with pytest.raises(ValueError, match=r"POST /v1/things/\{id\}/votes"):
        plan_api_behaviours(
            [("GET", "/v1/things/{id}"), ("POST", "/v1/things/{id}/votes")], {"/v1/things/{id}": []}, edge
        )
    with pytest.raises(ValueError, match="GET /v1/things/mine"):  # a signed-in GET
        plan_api_behaviours([("GET", "/v1/things/{id}"), ("GET", "/v1/things/mine")], {"/v1/things/{id}": []}, edge)
    carved = (EdgePath("/v1/things/*/*", cached=False), *edge)
    plan = plan_api_behaviours(
        [("GET", "/v1/things/{id}"), ("POST", "/v1/things/{id}/votes")], {"/v1/things/{id}": []}, carved
    )
    assert [(b.pattern, b.cached, b.allow_writes) for b in plan] == [
        ("/v1/things/*/*", False, True),
        ("/v1/things/*", True, False),
        ("/v1/*", False, True),
    ]


def test_a_write_on_the_path_of_a_public_get_keys_on_authorization() -> None:
    (shared, _) = plan_api_behaviours(
        [("GET", "/v1/things"), ("POST", "/v1/things")], {"/v1/things": ["page", "kind"]}, (EdgePath("/v1/things"),)
    )
    assert shared.query_strings == ("kind", "page")
    assert shared.headers == ("Authorization", "Content-Type", "Idempotency-Key") and shared.allow_writes


def test_a_group_past_ten_query_strings_fails_synthesis() -> None:
    names = [f"q{i}" for i in range(11)]
    with pytest.raises(ValueError, match="11 query strings"):
        plan_api_behaviours([("GET", "/v1/things")], {"/v1/things": names}, (EdgePath("/v1/things"),))


def test_the_edge_table_fits_the_distribution() -> None:
    assert len(API_EDGE_PATHS) + 1 + 2 <= 24  # + /v1/* + /photos/* and /open-data/*, under CloudFront's 25
