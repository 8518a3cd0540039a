"""The CDK app synthesizes offline, passes cdk-nag (AwsSolutions) and cfn-lint."""

from __future__ import annotations

import collections
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.infrastructure.infra_helpers import STAGES, Synthesis

CFN_LINT = Path(sys.executable).parent / "cfn-lint"


def test_every_stage_synthesizes_without_credentials(real: Synthesis, fixture_synth: Synthesis) -> None:
    assert real.returncode == 0, real.log[-6000:]
    assert fixture_synth.returncode == 0, fixture_synth.log[-6000:]
    assert sorted(real.templates) == sorted(STAGES)
    for stage in STAGES:
        template = real.template(stage)
        kinds = collections.Counter(r["Type"] for r in template["Resources"].values())
        print(f"{stage}: {len(template['Resources'])} resources, synthesized in {real.seconds:.0f}s: {dict(kinds)}")


def test_cdk_nag_has_no_unacknowledged_findings(real: Synthesis, fixture_synth: Synthesis) -> None:
    """cdk-nag v3 runs as a policy-validation plugin: any unacknowledged error fails synthesis and is
    listed in validation-report.json."""
    for synthesis in (real, fixture_synth):
        assert synthesis.returncode == 0, synthesis.log[-6000:]
        for report in synthesis.validation_report()["pluginReports"]:
            errors = [v for v in report["violations"] if v.get("severity") == "error"]
            assert report["conclusion"] == "success" and not errors, json.dumps(report, indent=1)[:4000]


def _acknowledgments(template: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for resource in template["Resources"].values():
        found += resource.get("Metadata", {}).get("cdk_nag", {}).get("rules_to_suppress", [])
    return found


def test_cdk_nag_ran_and_every_acknowledgment_is_justified(template: dict[str, Any]) -> None:
    acknowledged = _acknowledgments(template)
    # The pack did run: these rules are acknowledged on resources they apply to.
    ids = {a["id"] for a in acknowledged}
    assert {"AwsSolutions-COG1", "AwsSolutions-CFR1", "AwsSolutions-SQS3"} <= {i.split("[")[0] for i in ids}
    for ack in acknowledged:
        assert len(ack.get("reason", "")) >= 40, f"acknowledgment without a real reason: {ack}"


def test_no_wildcard_action_is_acknowledged(template: dict[str, Any]) -> None:
    """Least privilege: acknowledgments of IAM5 may cover scoped resources, never `service:*` actions."""
    for ack in _acknowledgments(template):
        assert not (ack["id"].startswith("AwsSolutions-IAM5[Action::") and ack["id"].endswith(":*]")), ack


def test_cfn_lint_is_clean(real: Synthesis, fixture_synth: Synthesis) -> None:
    paths = [real.outdir / f"{stage}.template.json" for stage in STAGES]
    paths.append(fixture_synth.outdir / "dev.template.json")
    result = subprocess.run([str(CFN_LINT), *map(str, paths)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
