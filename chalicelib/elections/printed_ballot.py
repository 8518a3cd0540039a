"""The ballot as printed: one box per party in registration order, then independents.

LGIPE art. 266 and LGPP art. 87.12: each party keeps its own box, in the order of its
registration; a coalition's (or common) candidacy is printed in the box of every member party;
independent candidacies follow the parties. One candidacy, one profile, one set of answers:
the boxes only say where it is printed. Every list of contenders (ballot, answers, platforms,
comparisons, open data) follows the order given here; nothing is ranked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from chalicelib.elections.models import BallotBox, Candidacy, Contender, ContenderKind

JOINT_KINDS = frozenset({ContenderKind.COALITION, ContenderKind.COMMON_CANDIDACY})


class BallotPrintError(ValueError):
    """A ballot that cannot be printed: a party in two candidacies of one ballot."""


def party_positions(contenders: Iterable[Contender]) -> dict[str, int]:
    """The process's one party order: registration order (`ballot_order` of its parties)."""
    parties = sorted((c for c in contenders if c.kind == ContenderKind.PARTY), key=lambda c: (c.ballot_order, c.id))
    return {c.id: n for n, c in enumerate(parties, start=1)}


def order_key(contender: Contender, positions: Mapping[str, int]) -> tuple[int, int, int, str]:
    """Parties by registration; a coalition just after its first member; independents last."""
    if contender.kind == ContenderKind.PARTY:
        return (0, positions.get(contender.id, contender.ballot_order), 0, contender.id)
    if contender.kind in JOINT_KINDS:
        first = min((positions[m] for m in contender.members if m in positions), default=len(positions) + 1)
        return (0, first, 1, contender.id)
    return (1, contender.ballot_order, 0, contender.id)


def in_printed_order(contenders: Iterable[Contender]) -> list[Contender]:
    """A process's contenders in the one order every list uses."""
    every = list(contenders)
    positions = party_positions(every)
    return sorted(every, key=lambda c: order_key(c, positions))


def print_ballot(
    candidacies: Iterable[Candidacy], contenders: Mapping[str, Contender]
) -> tuple[list[Candidacy], list[BallotBox]]:
    """Candidacies in printed order (each numbered by its first box) and the ballot's boxes.

    `contenders` are the process's contenders by id (parties for the order, coalitions for their
    members). A joint candidacy whose members are unknown gets a box of its own after the parties.
    """
    positions = party_positions(contenders.values())
    names = {c.id: c.short_name for c in contenders.values()}
    party_boxes: dict[str, Candidacy] = {}
    own_boxes: list[Candidacy] = []
    independents: list[Candidacy] = []
    members_of: dict[str, list[str]] = {}
    for candidacy in candidacies:
        contender = contenders.get(candidacy.contender_id)
        if candidacy.contender_kind == ContenderKind.INDEPENDENT:
            independents.append(candidacy)
            continue
        if candidacy.contender_kind == ContenderKind.PARTY:
            members = [candidacy.contender_id]
        else:
            members = [m for m in (contender.members if contender else candidacy.members) if m in positions]
            members_of[candidacy.id] = contender.members if contender else candidacy.members
        if not members:
            own_boxes.append(candidacy)
        for party in members:
            if party in party_boxes:
                raise BallotPrintError(
                    f"{candidacy.ballot_id}: party {party} is in {party_boxes[party].contender_id} "
                    f"and {candidacy.contender_id}"
                )
            party_boxes[party] = candidacy
    boxes: list[BallotBox] = []
    first_box: dict[str, int] = {}

    def add(contender_id: str, name: str, candidacy: Candidacy) -> None:
        position = len(boxes) + 1
        boxes.append(
            BallotBox(position=position, contender_id=contender_id, contender_name=name, candidacy_id=candidacy.id)
        )
        first_box.setdefault(candidacy.id, position)

    for party in sorted(party_boxes, key=lambda p: positions[p]):
        add(party, names.get(party, party), party_boxes[party])
    for candidacy in sorted(own_boxes, key=lambda c: c.contender_id):
        add(candidacy.contender_id, names.get(candidacy.contender_id, candidacy.contender_name), candidacy)
    for candidacy in sorted(independents, key=lambda c: (c.ballot_order, c.contender_id)):
        add(candidacy.contender_id, candidacy.contender_name, candidacy)
    by_id = {c.id: c for c in [*party_boxes.values(), *own_boxes, *independents]}
    printed = [
        by_id[cid].model_copy(update={"ballot_order": position, "members": members_of.get(cid, [])})
        for cid, position in sorted(first_box.items(), key=lambda item: item[1])
    ]
    return printed, boxes
