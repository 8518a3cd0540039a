"""The drill ships fictional statements and positions, published before the seed day, so it can be tried at once."""

from __future__ import annotations

from datetime import date, datetime

from chalicelib.advice.matching import CitizenAnswer, ContenderStances, match
from chalicelib.advice.models import MAX_JUSTIFICATION, MAX_STATEMENTS, MIN_STATEMENTS
from chalicelib.advice.service import is_published
from chalicelib.elections.models import MEXICO_CITY, ContenderKind
from chalicelib.elections.phases import phase_at
from decide import advice_seed
from decide.seed import drill

TODAY = date(2026, 11, 26)
MUNICIPALITIES = {f"{n:03d}": f"Municipio {n}" for n in range(1, 11)}


def drill_advice() -> tuple[advice_seed.AdviceSetup, list[advice_seed.ContenderPositions], list[advice_seed.Contender]]:
    process, contenders, _ballots = drill(TODAY, MUNICIPALITIES, [1, 2])
    setup = advice_seed.drill_setup(process, TODAY)
    return setup, advice_seed.drill_positions(setup, contenders), contenders


def test_the_drill_has_at_least_20_fictional_statements_published_before_today_and_before_the_veda() -> None:
    process, _contenders, _ballots = drill(TODAY, MUNICIPALITIES, [1, 2])
    setup, _positions, _all = drill_advice()
    assert MIN_STATEMENTS <= len(setup.statements) <= MAX_STATEMENTS
    assert setup.fictional
    assert setup.positions_open_at < setup.positions_close_at <= setup.publish_at < process.calendar.veda_start
    noon = datetime(2026, 11, 26, 12, tzinfo=MEXICO_CITY)
    assert is_published(setup, noon) and phase_at(process.calendar, noon).phase.value == "campaign"
    assert len({s.text for s in setup.statements}) == len(setup.statements)


def test_every_party_and_the_coalition_answer_everything_and_one_independent_did_not_answer() -> None:
    setup, positions, contenders = drill_advice()
    by_id = {p.contender_id: p for p in positions}
    for contender in contenders:
        if contender.kind != ContenderKind.INDEPENDENT:
            assert len(by_id[contender.id].positions) == len(setup.statements), contender.id
    independents = [c.id for c in contenders if c.kind == ContenderKind.INDEPENDENT]
    assert independents[-1] not in by_id and all(i in by_id for i in independents[:-1])
    for stored in positions:
        assert stored.fictional
        assert all(p.justification.startswith("Postura ficticia") for p in stored.positions)
        assert all(len(p.justification) <= MAX_JUSTIFICATION for p in stored.positions)


def test_an_example_citizen_gets_a_ranking_with_ties_in_ballot_order() -> None:
    setup, positions, contenders = drill_advice()
    by_id = {p.contender_id: {x.statement: x.stance.value for x in p.positions} for p in positions}
    ordered = sorted(contenders, key=lambda c: (c.ballot_order, c.id))
    stances = [ContenderStances(c.id, by_id.get(c.id, {})) for c in ordered]
    # agrees with everything, marks the first two (water) as important, skips the last four
    answers = [CitizenAnswer(s.number, None if s.number > 20 else "agree", s.number <= 2) for s in setup.statements]
    results = match(answers, stances)
    assert {r.counted for r in results} == {20}
    top = [(r.contender_id, r.percent) for r in results[:3]]
    assert top == [("pfa", 84), ("pfv", 84), ("pfr-pfm", 82)]  # pfa and pfv tie: ballot order (1st, 4th)
    assert results[-1].percent is None  # the independent that did not answer, last
