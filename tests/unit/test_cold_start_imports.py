"""Cold start (issue 11): `import app` runs only what routing needs; each route's modules run on its
first call. Every Lambda function of the app imports `app`, so a module run here is paid by every cold
start, the lookup's included (docs/performance.md, `python -m bench.cold_start`).

If a test here fails after a merge, a route's module is imported eagerly in app.py. The fix, for a
route written as `from chalicelib.x.models import Y` + `@api.route(..., response=Y, body=Z)`:

- import the module inside app.py's `with lazy_imports():` block (`from chalicelib.x import models as
  x_models`), and write `x_models.Y` where `Y` was used;
- leave `response=`, `body=` and `query=` out of the decorator: the router reads them from the
  handler's annotations (`def route(body: x_models.Z) -> x_models.Y`) on the route's first call;
- a constant the decorator needs (a size limit) goes in chalicelib/limits.py;
- in chalicelib/dependencies.py, import a service inside the property that builds it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# What routing needs: every other chalicelib module runs when a route or an event first uses it.
ALLOWED = {
    "chalicelib.api.bodies",
    "chalicelib.api.error_mapping",
    "chalicelib.api.lazy",
    "chalicelib.api.routing",
    "chalicelib.auth.principal",
    "chalicelib.dependencies",
    "chalicelib.errors",
    "chalicelib.limits",
    "chalicelib.messages",
    "chalicelib.observability",
    "chalicelib.settings",
}
# Never on the public read and write path (the list), nor their libraries.
FORBIDDEN_PREFIXES = (
    "chalicelib.accounts.",
    "chalicelib.admin.",
    "chalicelib.advice.",
    "chalicelib.ballot_sheet.",
    "chalicelib.content.",
    "chalicelib.registry.",
    "markdown_it",
)
# Not at `import app` either: the log (a submission writes its receipt), token checks, the SDK's clients.
NOT_AT_IMPORT = (*FORBIDDEN_PREFIXES, "chalicelib.transparency.", "jwt", "cryptography")

LOADED = """
import json, sys
from chalicelib.api.lazy import is_loaded
{body}
print(json.dumps(sorted(name for name in list(sys.modules) if is_loaded(name))))
"""


def _loaded_after(body: str) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT")}
    env.update({"AWS_DEFAULT_REGION": "us-east-1", "TABLE_NAME": "decide-cold-start-test"})
    out = subprocess.run(
        [sys.executable, "-c", LOADED.format(body=body)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _ours(loaded: set[str]) -> set[str]:
    """chalicelib modules that ran (package __init__ files are docstrings)."""
    return {
        name
        for name in loaded
        if name.startswith("chalicelib.") and not (ROOT / name.replace(".", "/") / "__init__.py").exists()
    }


def test_import_app_runs_only_what_routing_needs() -> None:
    loaded = _loaded_after("import app")
    extra = sorted(_ours(loaded) - ALLOWED)
    assert extra == [], f"`import app` runs {extra}: see this file's docstring for how to make them lazy"
    heavy = sorted(name for name in loaded if name.startswith(NOT_AT_IMPORT))
    assert heavy == [], f"`import app` loads {heavy}"


def test_the_lookup_and_the_submission_run_no_admin_accounts_registry_or_markdown_code() -> None:
    # given the app imported fresh, when the lookup's and the submission's models are resolved and the
    # services they call are built, the caller's check included (what their first request runs)
    loaded = _loaded_after(
        """
import app
from chalicelib import dependencies
operations = {op.operation_id: op for op in app.api.operations}
for name in ("lookup_ballots", "submit_proposal", "get_proposal", "support_proposal"):
    operations[name].response, operations[name].query, operations[name].body
app.elections_lookup.lookup, app.public.get_ballot
deps = dependencies.current()
deps.proposals, deps.in_course, deps.store, deps.callers, deps.public_elections
from chalicelib.auth import tokens
"""
    )
    # then none of the staff, accounts, registry or Markdown code has run
    heavy = sorted(name for name in loaded if name.startswith(FORBIDDEN_PREFIXES))
    assert heavy == [], f"the lookup or the submission loads {heavy}"
    assert "chalicelib.proposals.service" in loaded and "chalicelib.elections.lookup" in loaded


def test_the_rule_sees_an_eager_import() -> None:
    # an app that imports a staff module the usual way is caught
    loaded = _loaded_after("import app\nfrom chalicelib.admin.models import ProcessCreate")
    assert "chalicelib.admin.models" in _ours(loaded) - ALLOWED


def test_every_route_still_resolves_its_models() -> None:
    import app

    for operation in app.api.operations:
        assert operation.response is not None, operation.operation_id
        assert (operation.body is not None) == operation.has_body, operation.operation_id
        assert (operation.query is not None) == operation.has_query, operation.operation_id
