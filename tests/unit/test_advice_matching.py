"""The matching method's reference implementation against the shared hand-computed vectors.

The browser implementation runs the same file (tests/browser/test_advice.py): one source of truth.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from chalicelib.advice.matching import CitizenAnswer, ContenderStances, match, statement_points

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "advice_matching.json"
CASES: list[dict[str, Any]] = json.loads(VECTORS.read_text(encoding="utf-8"))["cases"]


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    answers = [CitizenAnswer(a["statement"], a["stance"], a["important"]) for a in case["answers"]]
    contenders = [ContenderStances(c["id"], {int(n): s for n, s in c["stances"].items()}) for c in case["contenders"]]
    results = match(answers, contenders)
    counted = {r.counted for r in results}
    max_points = {r.max_points for r in results}
    assert len(counted) == 1 and len(max_points) == 1, "every contender is measured on the same statements"
    return {
        "counted": counted.pop(),
        "max_points": max_points.pop(),
        "results": [{"contender_id": r.contender_id, "points": r.points, "percent": r.percent} for r in results],
    }


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_gives_the_hand_computed_result(case: dict[str, Any]) -> None:
    assert run_case(case) == case["expected"], case["description"]


def test_the_vectors_cover_what_the_method_promises() -> None:
    names = {c["name"] for c in CASES}
    assert {
        "skipped_statements_are_ignored",
        "important_statements_count_double",
        "neutral_proximity_is_half",
        "all_contenders_equal",
        "contender_with_no_answers",
        "ties_keep_ballot_order",
    } <= names


def test_points_per_statement() -> None:
    assert [statement_points("agree", s) for s in ("agree", "neutral", "disagree", None)] == [2, 1, 0, 0]
    assert [statement_points("neutral", s) for s in ("agree", "neutral", "disagree")] == [1, 2, 1]
