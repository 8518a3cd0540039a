"""Near-duplicate check: CPU per submission at maximum text lengths (issue 15: ≤ 20 ms).

`python -m bench.near_duplicate --out build/bench/near_duplicate.json`

What `ProposalDesk._refuse_near_duplicate` and the duplicate key cost for one submission against the
20 most recent proposals of its author, every text at its maximum length (title 120, problem and
action 2,000 characters, Spanish words with accents and ñ): the new text's similarity key and
fingerprint and its sketch, then the resemblance against the sketch stored with each of the 20. The DynamoDB side is
one Query and one conditional Put in the submission's transaction, whatever the texts.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from chalicelib.proposals.screening import fingerprint, sketch
from chalicelib.proposals.service import near_copy

WORDS = [
    "agua",
    "pozo",
    "colonia",
    "niño",
    "señora",
    "año",
    "mañana",
    "pequeña",
    "montaña",
    "baño",
    "cañería",
    "vecinos",
    "calle",
    "escuela",
    "drenaje",
    "alumbrado",
    "parque",
    "mercado",
    "basura",
    "camión",
    "ruta",
    "seguridad",
    "policía",
    "clínica",
    "médico",
    "presupuesto",
    "calendario",
    "responsables",
    "público",
    "municipal",
    "cabildo",
    "obra",
    "bacheo",
    "banqueta",
    "semáforo",
]


def text_of(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while len(" ".join(words)) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:length].strip()


def one_check(new: tuple[str, str, str], others: list[list[int]]) -> float:
    started = time.perf_counter()
    mine = sketch(*new)
    fingerprint(*new)
    for other in others:
        near_copy(mine, other)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(15)
    drafts = [(text_of(rng, 120), text_of(rng, 2000), text_of(rng, 2000)) for _ in range(21)]
    copy = drafts[1]  # the worst case for the ratio: the new text is a copy of the oldest one
    cases = {"distinct": drafts[0], "copy_of_the_last": copy}
    stored = [sketch(*d) for d in drafts[1:]]  # written with each proposal, read with the Query
    result: dict[str, object] = {"proposals_compared": 20, "runs": args.runs, "limit_ms": 20}
    for name, new in cases.items():
        times = sorted(one_check(new, stored) for _ in range(args.runs))
        result[name] = {
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "max_ms": round(times[-1], 2),
        }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
