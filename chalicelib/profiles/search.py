"""Search and statistics of published questionnaires, both precomputed by the publish write.

Publishing a profile (`ProfileDesk.decide`) writes, in the same transaction that flips the profile
to published (so exactly once per publication):

- one index entry per filter value of the candidacy (`CANDIDACIES#<process>#<facet>#<value>`):
  a search is one Query of the index of its most selective filter (the smallest count in the
  statistics item, one GetItem), with the other filters as a FilterExpression;
- the deltas of the process's counters (`CANDIDACY_STATS`): published profiles per contender,
  and the distributions by sex, age range, education level, affirmative action and (only with
  the candidate's consent) identity group; a republication subtracts the previous version's
  values and adds the new ones.

Only published profiles are indexed: the search covers candidacies whose questionnaire the
institute has published, as Conóceles does.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.models import Ballot, Candidacy, Contender, ContenderKind, ElectoralProcess, Office
from chalicelib.profiles.models import IdentityAnswers, StoredProfile
from chalicelib.profiles.questionnaire import (
    AffirmativeAction,
    AgeRange,
    EducationLevel,
    Sex,
    age_range_of,
    person_age,
)

# Identity aggregates below this many people are not shown (a smaller group could identify someone).
IDENTITY_THRESHOLD = 10


class Facet(StrEnum):
    ALL = "all"
    OFFICE = "office"
    PARTY = "party"
    SEX = "sex"
    AGE_RANGE = "age_range"
    EDUCATION = "education"
    AFFIRMATIVE_ACTION = "affirmative_action"


class CandidacyEntry(BaseModel):
    """One published candidacy as the search lists it (the owner's answers)."""

    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    ballot_id: str
    ballot_order: int
    place: str
    office: Office
    contender_id: str
    contender_name: str
    parties: list[str] = Field(description="The contender, and a coalition's member parties")
    owner: str | None
    sex: Sex | None
    age_range: AgeRange | None
    education: EducationLevel | None
    affirmative_action: AffirmativeAction | None
    published_at: datetime
    fictional: bool = False

    def facet_values(self) -> dict[Facet, list[str]]:
        values: dict[Facet, list[str]] = {
            Facet.ALL: ["all"],
            Facet.OFFICE: [self.office.value],
            Facet.PARTY: self.parties,
        }
        for facet, value in (
            (Facet.SEX, self.sex),
            (Facet.AGE_RANGE, self.age_range),
            (Facet.EDUCATION, self.education),
            (Facet.AFFIRMATIVE_ACTION, self.affirmative_action),
        ):
            values[facet] = [value.value] if value is not None else []
        return values


def entry_of(
    profile: StoredProfile, process: ElectoralProcess, ballot: Ballot, candidacy: Candidacy, contender: Contender | None
) -> CandidacyEntry:
    content = profile.content
    parties = [candidacy.contender_id]
    if contender is not None and contender.kind == ContenderKind.COALITION:
        parties += [m for m in contender.members if m not in parties]
    return CandidacyEntry(
        candidacy_id=candidacy.id,
        ballot_id=ballot.id,
        ballot_order=candidacy.ballot_order,
        place=ballot.place.name,
        office=ballot.office,
        contender_id=candidacy.contender_id,
        contender_name=contender.name if contender else candidacy.contender_name,
        parties=parties,
        owner=candidacy.owner,
        sex=content.sex,
        age_range=age_range_of(person_age(content, process.calendar.election_day)),
        education=content.education_level,
        affirmative_action=content.affirmative_action,
        published_at=profile.published_at or profile.updated_at,
        fictional=candidacy.fictional,
    )


def counters_of(entry: CandidacyEntry | None, identity: IdentityAnswers | None) -> Counter[str]:
    """The statistics counters one published candidacy adds (owner and substitute counted as people)."""
    counts: Counter[str] = Counter()
    if entry is None:
        return counts
    counts["published"] += 1
    counts[f"contender#{entry.contender_id}"] += 1
    counts[f"sex#{entry.sex.value if entry.sex else 'none'}"] += 1
    counts[f"age_range#{entry.age_range.value if entry.age_range else 'none'}"] += 1
    counts[f"education#{entry.education.value if entry.education else 'none'}"] += 1
    if entry.affirmative_action is not None:
        counts[f"affirmative_action#{entry.affirmative_action.value}"] += 1
    if identity is not None:
        counts["identity#answered"] += 1
        for group, answer in identity.model_dump().items():
            if answer is True:
                counts[f"identity#{group}"] += 1
    return counts


def consented_answers(profile: StoredProfile | None) -> IdentityAnswers | None:
    if profile is None or profile.identity is None or not profile.identity.consent:
        return None
    return profile.identity.answers


def counter_deltas(before: Counter[str], after: Counter[str]) -> dict[str, int]:
    names = set(before) | set(after)
    return {n: after[n] - before[n] for n in sorted(names) if after[n] != before[n]}


class CandidacySearch(BaseModel):
    """`GET /v1/candidacies`: every filter optional but the process."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$", description="Process id")
    office: Office | None = None
    party: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,60}$", description="Party or coalition id")
    sex: Sex | None = None
    age_range: AgeRange | None = None
    education: EducationLevel | None = None
    affirmative_action: AffirmativeAction | None = None
    limit: int = Field(default=20, ge=1, le=50)
    cursor: str | None = Field(default=None, max_length=2000)

    def filters(self) -> dict[Facet, str]:
        chosen = {
            Facet.OFFICE: self.office,
            Facet.PARTY: self.party,
            Facet.SEX: self.sex,
            Facet.AGE_RANGE: self.age_range,
            Facet.EDUCATION: self.education,
            Facet.AFFIRMATIVE_ACTION: self.affirmative_action,
        }
        return {facet: str(value) for facet, value in chosen.items() if value is not None}


def stats_name(facet: Facet, value: str) -> str:
    """The statistics counter that tells how many entries an index partition holds."""
    if facet == Facet.PARTY:
        return f"party#{value}"
    if facet == Facet.OFFICE:
        return f"office#{value}"
    return f"{facet.value}#{value}"


def most_selective(filters: dict[Facet, str], counters: dict[str, int]) -> tuple[Facet, str]:
    """The filter whose index partition is smallest (unknown sizes last); none: the whole process."""
    if not filters:
        return Facet.ALL, "all"
    order = list(Facet)
    return min(
        filters.items(),
        key=lambda item: (counters.get(stats_name(*item), 1 << 30), order.index(item[0])),
    )


def index_counters(entry: CandidacyEntry | None) -> Counter[str]:
    """Sizes of the index partitions (office and party), kept beside the distributions."""
    counts: Counter[str] = Counter()
    if entry is None:
        return counts
    counts[f"office#{entry.office.value}"] += 1
    for party in entry.parties:
        counts[f"party#{party}"] += 1
    return counts


class CandidacySearchPage(BaseModel):
    process_id: str
    filters: dict[str, str]
    items: list[CandidacyEntry]
    next_cursor: str | None = Field(description="Pages with several filters may hold fewer items; follow the cursor")


# statistics --------------------------------------------------------------------------------
class Share(BaseModel):
    code: str
    count: int


class ContenderCoverage(BaseModel):
    contender_id: str
    contender_name: str
    ballot_order: int
    candidacies: int
    published: int


class IdentityGroup(BaseModel):
    group: str
    count: int | None = Field(description="null when fewer than the threshold: not shown")
    shown: bool


class CandidacyStatistics(BaseModel):
    process_id: str
    published: int
    candidacies: int
    coverage: list[ContenderCoverage] = Field(description="In ballot order, never ranked")
    sex: list[Share]
    age_range: list[Share]
    education: list[Share]
    affirmative_action: list[Share]
    identity_threshold: int
    identity_answered: int | None = Field(description="Published profiles with consented identity answers")
    identity: list[IdentityGroup]


def statistics_of(
    process: ElectoralProcess, contenders: list[Contender], ballots: list[Ballot], counters: dict[str, int]
) -> CandidacyStatistics:
    registered: Counter[str] = Counter(c.contender_id for b in ballots for c in b.candidacies)
    names = {c.id: c for c in contenders}
    coverage = [
        ContenderCoverage(
            contender_id=cid,
            contender_name=names[cid].name if cid in names else cid,
            ballot_order=names[cid].ballot_order if cid in names else 99,
            candidacies=registered[cid],
            published=counters.get(f"contender#{cid}", 0),
        )
        for cid in registered
    ]
    coverage.sort(key=lambda c: (c.ballot_order, c.contender_id))

    def shares(prefix: str, codes: list[str]) -> list[Share]:
        return [Share(code=code, count=counters.get(f"{prefix}#{code}", 0)) for code in codes]

    answered = counters.get("identity#answered", 0)
    groups = list(IdentityAnswers.model_fields)
    identity = []
    for group in groups:
        count = counters.get(f"identity#{group}", 0)
        shown = count >= IDENTITY_THRESHOLD
        identity.append(IdentityGroup(group=group, count=count if shown else None, shown=shown))
    return CandidacyStatistics(
        process_id=process.id,
        published=counters.get("published", 0),
        candidacies=sum(registered.values()),
        coverage=coverage,
        sex=shares("sex", [s.value for s in Sex] + ["none"]),
        age_range=shares("age_range", [a.value for a in AgeRange] + ["none"]),
        education=shares("education", [e.value for e in EducationLevel] + ["none"]),
        affirmative_action=shares("affirmative_action", [a.value for a in AffirmativeAction]),
        identity_threshold=IDENTITY_THRESHOLD,
        identity_answered=answered if answered >= IDENTITY_THRESHOLD else None,
        identity=identity,
    )
