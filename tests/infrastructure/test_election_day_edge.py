"""Election-day edge (issue 11): API compression, the WAF's body-size rule with its one exception
(the registry import), the open-data files behind CloudFront, and the function that builds them."""

from __future__ import annotations

import json
import re
from typing import Any

from decide_infra.api import API_MINIMUM_COMPRESSION_BYTES, REGISTRY_IMPORT_PATH

from tests.infrastructure.infra_helpers import actions_of, functions, one, policy_statements


def test_the_api_compresses_responses_of_a_kilobyte_or_more(template: dict[str, Any]) -> None:
    _, api = one(template, "AWS::Serverless::Api")
    assert api["Properties"]["MinimumCompressionSize"] == API_MINIMUM_COMPRESSION_BYTES == 1024


def test_only_the_registry_import_may_send_a_body_past_the_common_rule_sets_limit(template: dict[str, Any]) -> None:
    _, acl = one(template, "AWS::WAFv2::WebACL")
    rules = {r["Name"]: r for r in acl["Properties"]["Rules"]}
    common = rules["AWSManagedRulesCommonRuleSet"]["Statement"]["ManagedRuleGroupStatement"]
    # the managed size rule only counts (and labels) ...
    assert common["RuleActionOverrides"] == [{"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]
    # ... and our rule blocks on that label, after it, unless it is a POST to the registry import
    size = rules["BodySizeExceptRegistryImport"]
    assert size["Action"] == {"Block": {}}
    assert size["Priority"] > rules["AWSManagedRulesCommonRuleSet"]["Priority"]
    label, exception = size["Statement"]["AndStatement"]["Statements"]
    assert label["LabelMatchStatement"] == {
        "Scope": "LABEL",
        "Key": "awswaf:managed:aws:core-rule-set:SizeRestrictions_Body",
    }
    method, path = exception["NotStatement"]["Statement"]["AndStatement"]["Statements"]
    assert method["ByteMatchStatement"]["SearchString"] == "POST"
    assert path["RegexMatchStatement"]["FieldToMatch"] == {"UriPath": {}}
    regex = re.compile(path["RegexMatchStatement"]["RegexString"])
    assert regex.pattern == REGISTRY_IMPORT_PATH
    for allowed in ("/api/v1/admin/processes/2021-ord/registry", "/v1/admin/processes/simulacro/registry"):
        assert regex.search(allowed), allowed
    for refused in (
        "/api/v1/proposals",
        "/api/v1/admin/processes/simulacro",
        "/api/v1/admin/processes/simulacro/registry/x",
        "/api/v1/admin/processes/simulacro/contenders/pfa",
        "/api/v1/party/candidacies/simulacro.ayun.001.pfa/profile",
    ):
        assert not regex.search(refused), refused


def test_the_open_data_files_are_served_by_cloudfront_keyed_by_their_build(template: dict[str, Any]) -> None:
    _, distribution = one(template, "AWS::CloudFront::Distribution")
    behaviours = {b["PathPattern"]: b for b in distribution["Properties"]["DistributionConfig"]["CacheBehaviors"]}
    files = behaviours["/open-data/*"]
    assert files["Compress"] is True and files["ViewerProtocolPolicy"] == "redirect-to-https"
    assert set(files.get("AllowedMethods", ["GET", "HEAD"])) == {"GET", "HEAD"}  # CloudFront's default
    policy_id = files["CachePolicyId"]["Ref"]
    policy = template["Resources"][policy_id]["Properties"]["CachePolicyConfig"]
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["QueryStringsConfig"] == {"QueryStringBehavior": "whitelist", "QueryStrings": ["v"]}
    assert key["HeadersConfig"]["HeaderBehavior"] == "none"  # no Authorization: nothing personal is cached
    assert key["CookiesConfig"]["CookieBehavior"] == "none"
    assert key["EnableAcceptEncodingGzip"] is True
    # the same origin (the photos bucket) as /photos/*
    assert files["TargetOriginId"] == behaviours["/photos/*"]["TargetOriginId"]


def test_the_open_data_builder_runs_on_a_schedule_and_writes_only_under_open_data(template: dict[str, Any]) -> None:
    found = functions(template)
    if "publish_open_data" not in found:
        raise AssertionError(f"no publish_open_data function among {sorted(found)}")
    _, fn = found["publish_open_data"]
    (event,) = fn["Properties"]["Events"].values()
    assert event["Type"] == "Schedule"
    statements = policy_statements(template, fn["Properties"]["Role"]["Fn::GetAtt"][0])
    actions = actions_of(statements)
    assert {"dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:PutItem", "s3:PutObject"} <= actions
    assert "dynamodb:Scan" not in actions and "ses:SendEmail" not in actions
    s3 = [s for s in statements if "s3:PutObject" in json.dumps(s.get("Action"))]
    assert s3 and all("/open-data/*" in json.dumps(s["Resource"]) for s in s3)
