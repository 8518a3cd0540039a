"""cdk-nag (v3) acknowledgments, each with its reason next to the resource it concerns.

cdk-nag v3 runs as a CDK policy-validation plugin and reads CDK's native acknowledgments
(`Validations.of(construct).acknowledge`). An acknowledgment covers the construct and its children;
a rule that reports several findings on one resource (IAM5) is acknowledged finding by finding,
as `AwsSolutions-IAM5[<finding>]`.
"""

from __future__ import annotations

from collections.abc import Sequence

import aws_cdk as cdk
from constructs import IConstruct


def suppress(construct: IConstruct, rule: str, reason: str, findings: Sequence[str] | None = None) -> None:
    """Acknowledge `rule` on `construct` (or only the listed findings of it), with a reason."""
    ids = [f"{rule}[{finding}]" for finding in findings] if findings else [rule]
    cdk.Validations.of(construct).acknowledge(*[cdk.Acknowledgment(id=i, reason=reason) for i in ids])


def logical_id(construct: IConstruct) -> str:
    """The logical id CloudFormation will see for an L2 construct's resource (as cdk-nag reports it)."""
    stack = cdk.Stack.of(construct)
    child = construct.node.default_child
    assert isinstance(child, cdk.CfnElement)
    return str(stack.resolve(stack.get_logical_id(child)))


def ignore_cfn_lint(construct: IConstruct, checks: Sequence[str]) -> None:
    """Tell cfn-lint to skip `checks` on every resource under `construct` (CDK-generated code only)."""
    for node in construct.node.find_all():
        if isinstance(node, cdk.CfnResource):
            node.add_metadata("cfn-lint", {"config": {"ignore_checks": list(checks)}})
