"""Only chalicelib/storage builds or parses DynamoDB requests (issue 18's storage boundary).

The import contract `dynamodb-types-in-storage` (.importlinter) keeps DynamoDB's SDK types in
storage; this test looks for the request shapes themselves in every other module of chalicelib:
expression parameters, typed attribute values (`{"S": …}`, `image["doc"]["S"]`) and calls of the
table's private helpers. PENDING (known debt) is empty and stays so.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHAPES = re.compile(
    r"\"(?:Condition|Update|KeyCondition|Filter|Projection)Expression\"|\"ExpressionAttribute(?:Names|Values)\""
    r"|(?:Condition|Update|KeyCondition|Filter)Expression=|\"ConditionCheck\"|\{\"(?:S|N|SS|NS|BOOL|M|L)\":|\[\"(?:S|N|M)\"\]|DocumentTable\._|\.table\._"
)
# Modules that still build or parse request shapes, each with where it should go. Empty since the
# admin desk, the audit log and the stream consumers moved their shapes into storage; keep it empty.
PENDING: dict[str, str] = {}


def offenders() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "chalicelib").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name.startswith("chalicelib/storage/"):
            continue
        lines = [
            f"{n}: {line.strip()}" for n, line in enumerate(path.read_text().splitlines(), 1) if SHAPES.search(line)
        ]
        if lines:
            found[name] = lines
    return found


def test_no_module_outside_storage_builds_dynamodb_requests_beyond_the_known_debt() -> None:
    new = {name: lines[:3] for name, lines in offenders().items() if name not in PENDING}
    assert new == {}, f"DynamoDB request shapes outside chalicelib/storage: {new}"


def test_the_pattern_catches_what_it_is_meant_to_catch() -> None:
    for sample in (
        '{"Put": {"Item": item, "ConditionExpression": "attribute_not_exists(pk)"}}',
        'image["doc"]["S"]',
        '{"pk": {"S": key.pk}}',
        "self.table._key(key)",
        "DocumentTable._item(raw)",
    ):
        assert SHAPES.search(sample), sample
    assert not SHAPES.search("keys.key_attributes(keys.ballot(ballot_id))")


def test_the_known_debt_list_is_empty() -> None:
    assert PENDING == {}, "a module outside storage builds DynamoDB requests: move the shapes into a store"
