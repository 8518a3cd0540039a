"""The published matching method (the Wahl-O-Mat calculation model): the reference implementation.

The match is computed in the citizen's browser (`web/src/js/advice-matching.js`); the server never
sees the citizen's answers. This module is the same method in Python, and both are tested against
the same hand-computed vectors (`tests/vectors/advice_matching.json`): one source of truth.

For every statement the citizen answered (skipped ones are ignored):
- 2 points when the contender's stance is the citizen's, 1 when exactly one of the two is
  neutral, 0 when they are opposite or the contender did not answer that statement;
- a statement the citizen marked as important counts double (4, 2 or 0 points).
The match is points / the most points possible, as a whole percentage rounded half up (integer
arithmetic, so Python and JavaScript agree), shown with the number of statements counted. A
contender with no stance on any counted statement has no percentage ("no respondió"). Contenders
are listed by points, ties in the order given (ballot order), those without a percentage last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

STANCE_VALUES = {"agree": 1, "neutral": 0, "disagree": -1}


@dataclass(frozen=True)
class CitizenAnswer:
    statement: int
    stance: str | None  # None: skipped
    important: bool = False


@dataclass(frozen=True)
class ContenderStances:
    contender_id: str
    stances: Mapping[int, str]  # statement number → stance; missing: did not answer


@dataclass(frozen=True)
class Match:
    contender_id: str
    points: int
    max_points: int
    percent: int | None
    counted: int


def statement_points(citizen: str, contender: str | None) -> int:
    """0, 1 or 2 points for one statement, before the importance weight."""
    if contender is None:
        return 0
    return 2 - abs(STANCE_VALUES[citizen] - STANCE_VALUES[contender])


def match(answers: Sequence[CitizenAnswer], contenders: Sequence[ContenderStances]) -> list[Match]:
    """Every contender's match, best first; ties and contenders without a percentage keep the given order."""
    counted = [a for a in answers if a.stance is not None]
    max_points = sum(2 * (2 if a.important else 1) for a in counted)
    results = []
    for contender in contenders:
        points = 0
        answered_any = False
        for answer in counted:
            assert answer.stance is not None
            stance = contender.stances.get(answer.statement)
            answered_any = answered_any or stance is not None
            points += statement_points(answer.stance, stance) * (2 if answer.important else 1)
        percent = (200 * points + max_points) // (2 * max_points) if max_points and answered_any else None
        results.append(Match(contender.contender_id, points, max_points, percent, len(counted)))
    order = {c.contender_id: n for n, c in enumerate(contenders)}
    return sorted(results, key=lambda m: (m.percent is None, -m.points, order[m.contender_id]))
