"""Every DynamoDB key shape of the single table, in one place.

| entity        | pk                          | sk                 | read by                   |
|---------------|-----------------------------|--------------------|---------------------------|
| process       | PROCESSES                   | PROCESS#<id>       | GetItem / Query (list)    |
| contender     | PROCESS#<id>                | CONTENDER#<id>     | Query (parties of process)|
| ballot        | BALLOT#<ballot id>          | BALLOT             | GetItem / BatchGetItem    |
| municipality  | MUNICIPALITIES              | MUN#<ieem code>    | GetItem / Query (list)    |
| section map   | SECTION_MAPS                | MAP#<map id>       | GetItem                   |
| district      | DISTRICTS#<map id>          | DIST#<nn>          | GetItem / Query (list)    |
| section       | SECTION#<map id>#<number>   | SECTION            | GetItem / BatchGetItem    |
"""

from __future__ import annotations

from typing import NamedTuple


class Key(NamedTuple):
    pk: str
    sk: str


PROCESSES_PK = "PROCESSES"
MUNICIPALITIES_PK = "MUNICIPALITIES"
SECTION_MAPS_PK = "SECTION_MAPS"


def process(process_id: str) -> Key:
    return Key(PROCESSES_PK, f"PROCESS#{process_id}")


def contenders_pk(process_id: str) -> str:
    return f"PROCESS#{process_id}"


CONTENDER_PREFIX = "CONTENDER#"


def contender(process_id: str, contender_id: str) -> Key:
    return Key(contenders_pk(process_id), f"{CONTENDER_PREFIX}{contender_id}")


def ballot(ballot_id: str) -> Key:
    return Key(f"BALLOT#{ballot_id}", "BALLOT")


def municipality(code: str) -> Key:
    return Key(MUNICIPALITIES_PK, f"MUN#{code}")


def section_map(map_id: str) -> Key:
    return Key(SECTION_MAPS_PK, f"MAP#{map_id}")


def districts_pk(map_id: str) -> str:
    return f"DISTRICTS#{map_id}"


def district(map_id: str, number: int) -> Key:
    return Key(districts_pk(map_id), f"DIST#{number:02d}")


def section(map_id: str, number: int) -> Key:
    return Key(f"SECTION#{map_id}#{number}", "SECTION")
