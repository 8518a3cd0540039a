"""Schemathesis against /v1/openapi.json of a running API, as each role.

Every operation the role may call (anonymous: all of them, to see the 401s) gets `max_examples`
generated requests (Hypothesis, derandomized: the same requests every run). Each response is
checked: no 5xx, a documented status, the documented content type, a body matching its schema.
`python -m bench.schema_fuzz --api-url URL --max-examples 50` is the long form; the bounded one
runs in tests/resilience/test_schemathesis.py.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

ROLE_GROUPS = {
    "citizen": "citizen",
    "party_editor": "party_editor",
    "moderator": "ieem_moderator",
    "admin": "ieem_admin",
}


@dataclass
class FuzzReport:
    role: str
    operations: int = 0
    requests: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0


def operations_for(schema: Any, role: str) -> list[Any]:
    """Anonymous: every operation. A role: those whose description names it, or any signed-in user."""
    chosen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        description = operation.definition.raw.get("description", "") or ""
        secured = "security" in operation.definition.raw
        if role == "anonymous" or (
            secured and (ROLE_GROUPS[role] in description or "any signed-in user" in description)
        ):
            chosen.append(operation)
    return chosen


def fuzz_role(
    schema: Any, role: str, token: str | None, max_examples: int, on_case: Callable[[Any], None] | None = None
) -> FuzzReport:
    from schemathesis import checks as st_checks

    checks = [
        st_checks.not_a_server_error,
        st_checks.status_code_conformance,
        st_checks.content_type_conformance,
        st_checks.response_schema_conformance,
    ]
    report = FuzzReport(role=role)
    statuses: Counter[str] = Counter()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.perf_counter()
    for operation in operations_for(schema, role):
        report.operations += 1
        report.failures += _fuzz_operation(operation, role, headers, max_examples, checks, statuses, report, on_case)
    report.statuses = dict(sorted(statuses.items()))
    report.seconds = time.perf_counter() - started
    return report


def _fuzz_operation(
    operation: Any,
    role: str,
    headers: dict[str, str],
    max_examples: int,
    checks: list[Any],
    statuses: Counter[str],
    report: FuzzReport,
    on_case: Callable[[Any], None] | None,
) -> list[str]:
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.core.failures import FailureGroup

    failures: list[str] = []

    @settings(
        max_examples=max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        if on_case is not None:
            on_case(case)
        response = case.call(headers=headers, timeout=30)
        report.requests += 1
        statuses[str(response.status_code)] += 1
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                title = f"{role} {operation.label} → {response.status_code}: {failure.title}"
                if not any(f.startswith(title) for f in failures):
                    failures.append(f"{title} (e.g. {case.as_curl_command(headers=headers)[:400]})")
        except AssertionError as exc:
            failures.append(f"{role} {operation.label} → {response.status_code}: {exc}"[:600])

    run()
    return failures


def load_schema(api_url: str) -> Any:
    import schemathesis

    schema = schemathesis.openapi.from_url(f"{api_url}/v1/openapi.json")
    schema.config.update(base_url=api_url)
    return schema


def fuzz(api_url: str, tokens: dict[str, str | None], max_examples: int) -> list[FuzzReport]:
    schema = load_schema(api_url)
    return [fuzz_role(schema, role, token, max_examples) for role, token in tokens.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--api-url", default="", help="a running API; by default a local stack is started")
    parser.add_argument("--max-examples", type=int, default=50)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.api_url:
        reports = fuzz(args.api_url, {"anonymous": None}, args.max_examples)
    else:
        from decide.config import PROJECT_DIR as ROOT
        from tests.support.stack import local_stack

        with local_stack(ROOT / "build" / "bench" / "schemathesis-stack.log") as stack:
            reports = fuzz(stack.api_url, stack.role_tokens(), args.max_examples)
    text = json.dumps([asdict(r) for r in reports], indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        with open(args.out, "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
