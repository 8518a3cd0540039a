"""CDK app: `python main.py` synthesizes without the CDK CLI and without AWS credentials.

    AWS_DEFAULT_REGION=us-east-1 ../.venv/bin/python main.py                # dev, into cdk.out/
    ../.venv/bin/python main.py -c stage=prod                                  # prod
    ../.venv/bin/python main.py -c stage=all -o /tmp/out                       # every stage
    ../.venv/bin/python main.py -c prod.ses_max_send_rate=50 -c stage=prod     # override a setting

(Not named app.py: Chalice imports the module `app` from the repository root, and a second `app`
module on sys.path would shadow it.)

The CDK CLI (`npx cdk deploy`, see docs/deploy.md) runs this same file through cdk.json.
cdk-nag's AwsSolutions pack runs on every synthesis; its findings are annotations (errors fail
`make synth`, see synth.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
for path in (str(HERE), str(REPO_ROOT)):
    if path not in sys.path:
        sys.path.insert(0, path)

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")

import aws_cdk as cdk  # noqa: E402
from cdk_nag import AwsSolutionsChecks  # noqa: E402
from decide_infra.api import CompiledChalice  # noqa: E402
from decide_infra.config import selected_stages, stage_config  # noqa: E402
from decide_infra.stack import DecideStack  # noqa: E402


def build(app: cdk.App) -> list[DecideStack]:
    region = (
        app.node.try_get_context("region")
        or os.environ.get("CDK_DEFAULT_REGION")
        or os.environ.get("AWS_DEFAULT_REGION")
    )
    if not region:
        raise SystemExit("Set AWS_DEFAULT_REGION (or -c region=...): the stack is region-specific (SES, WAF).")
    account = app.node.try_get_context("account") or os.environ.get("CDK_DEFAULT_ACCOUNT")
    env = cdk.Environment(account=account, region=region)
    # Tests may point the stack at another copy of the Chalice app (the repository's by default).
    source_dir = app.node.try_get_context("chalice_source_dir")
    stacks = [
        DecideStack(
            app,
            stage_config(stage, app.node.try_get_context),
            env=env,
            source_dir=Path(source_dir) if source_dir else None,
        )
        for stage in selected_stages(app.node.try_get_context)
    ]
    cdk.Validations.of(app).add_plugins(
        AwsSolutionsChecks(app, verbose=True, write_suppressions_to_cloud_formation=True)
    )
    return stacks


def parse_args(argv: list[str]) -> tuple[dict[str, str], str | None]:
    """`-c key=value` (repeatable) and `-o DIR`, like the CDK CLI's, for running this file directly."""
    parser = argparse.ArgumentParser(description="Synthesize the DecideIEEM stacks")
    parser.add_argument("-c", "--context", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("-o", "--output", default=None, metavar="DIR")
    args = parser.parse_args(argv)
    context: dict[str, str] = {}
    for item in args.context:
        key, sep, value = item.partition("=")
        if not sep:
            parser.error(f"context must be KEY=VALUE, got {item!r}")
        context[key] = value
    return context, args.output


def main(argv: list[str] | None = None) -> None:
    context, outdir = parse_args(sys.argv[1:] if argv is None else argv)
    if outdir:
        outdir = str(Path(outdir).resolve())
    # Under the CDK CLI, context and the output directory arrive through the environment instead.
    from_cli = "CDK_OUTDIR" in os.environ
    if not from_cli:
        defaults = json.loads((HERE / "cdk.json").read_text()).get("context", {})
        context = {**defaults, **context}
    # Chalice's construct writes its packages to ./chalice.out: keep them next to this file.
    os.chdir(HERE)
    app = cdk.App(context=context or None, outdir=outdir) if not from_cli else cdk.App()
    build(app)
    try:
        app.synth()
    finally:
        # The packages are copied into the cloud assembly as assets; the staging copies are not needed.
        # Only this run's: another synthesis may be packaging into chalice.out at the same time.
        for package_dir in CompiledChalice.package_dirs:
            shutil.rmtree(package_dir, ignore_errors=True)
            package_dir.with_name(f"{package_dir.name}.sam_with_assets.json").unlink(missing_ok=True)
        with contextlib.suppress(OSError):
            (HERE / "chalice.out").rmdir()  # when empty


if __name__ == "__main__":
    main()
