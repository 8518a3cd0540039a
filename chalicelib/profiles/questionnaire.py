"""The curricular questionnaire of INE's "Candidatas y Candidatos, Conóceles" rules, as versioned data.

Each process names the questionnaire version its profiles are captured with
(`ElectoralProcess.questionnaire_version`); every stored profile carries the version it was
captured under, so a later election can change the questionnaire without breaking earlier
records. Records saved before versions existed read as version 1.

- Version 1: the platform's first profile (free-text education, up to 3 proposals).
- Version 2: Conóceles' curricular questionnaire for owner and substitute alike: public contact
  (email, phone, office address), age or date of birth, sex, education level and status as
  controlled values, at most 2 principal proposals plus the gender proposal.

The controlled vocabularies are codes; the front shows their Spanish labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from chalicelib.errors import field_problem
from chalicelib.messages import text


class Sex(StrEnum):
    """Conóceles: mujer, hombre, no binaria."""

    WOMAN = "woman"
    MAN = "man"
    NON_BINARY = "non_binary"


class EducationLevel(StrEnum):
    """Conóceles' "grado máximo de estudios", lowest first."""

    NONE = "none"
    PRIMARY = "primary"
    SECONDARY = "secondary"
    UPPER_SECONDARY = "upper_secondary"
    TECHNICAL = "technical"
    BACHELOR = "bachelor"
    SPECIALTY = "specialty"
    MASTER = "master"
    DOCTORATE = "doctorate"


class EducationStatus(StrEnum):
    """Conóceles' "estatus" of the highest level: concluido, en curso, trunco."""

    COMPLETED = "completed"
    IN_PROGRESS = "in_progress"
    INCOMPLETE = "incomplete"


class AffirmativeAction(StrEnum):
    """The group a candidacy was registered under as an affirmative action (declared by the party,
    checked by the institute's review)."""

    INDIGENOUS = "indigenous"
    DISABILITY = "disability"
    AFRO_MEXICAN = "afro_mexican"
    LGBTTTIQ = "lgbtttiq"
    MIGRANT = "migrant"
    YOUTH = "youth"
    OLDER_ADULT = "older_adult"


class AgeRange(StrEnum):
    """Ranges the statistics and the search use; 60 and over is "persona adulta mayor" in Mexican law."""

    FROM_18_TO_29 = "18-29"
    FROM_30_TO_44 = "30-44"
    FROM_45_TO_59 = "45-59"
    FROM_60 = "60+"


MIN_AGE = 18
MAX_AGE = 110


def age_range_of(age: int | None) -> AgeRange | None:
    if age is None:
        return None
    if age < 30:
        return AgeRange.FROM_18_TO_29
    if age < 45:
        return AgeRange.FROM_30_TO_44
    if age < 60:
        return AgeRange.FROM_45_TO_59
    return AgeRange.FROM_60


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


# What people type when they mean "nothing": stored as null, shown as «No proporcionó» by the front.
SENTINELS = frozenset(
    {"", "-", "--", "—", "–", "n/a", "na", "no aplica", "no proporcionó", "no proporciono", "ninguno"}
)


def nullable_text(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = value.strip()
        return None if cleaned.lower() in SENTINELS else cleaned
    return value


EMAIL = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{6,22}[0-9]$")


def _email(value: str | None) -> str | None:
    if value is not None and not EMAIL.fullmatch(value):
        raise ValueError(text("questionnaire.email"))
    return value


def _phone(value: str | None) -> str | None:
    if value is not None and (not PHONE.fullmatch(value) or not 8 <= sum(c.isdigit() for c in value) <= 15):
        raise ValueError(text("questionnaire.phone"))
    return value


# The length limit applies to the text, not to the null a sentinel becomes (else a TypeError: a 500).
ShortText = Annotated[Annotated[str, Field(max_length=1000)] | None, BeforeValidator(nullable_text)]
LongText = Annotated[Annotated[str, Field(max_length=2000)] | None, BeforeValidator(nullable_text)]
AddressText = Annotated[Annotated[str, Field(max_length=300)] | None, BeforeValidator(nullable_text)]
PublicEmail = Annotated[
    Annotated[str, Field(max_length=254)] | None, BeforeValidator(nullable_text), AfterValidator(_email)
]
PublicPhone = Annotated[
    Annotated[str, Field(max_length=24)] | None, BeforeValidator(nullable_text), AfterValidator(_phone)
]


def _empty_to_none(value: Any) -> Any:
    return nullable_text(value) if isinstance(value, str) else value


class PublicContact(BaseModel):
    """The candidate's public contact (Conóceles "medios de contacto"), never the party's private one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    email: PublicEmail = None
    phone: PublicPhone = None
    office_address: AddressText = Field(default=None, description="Campaign office address")


class PersonQuestionnaire(BaseModel):
    """The curricular answers of one person of the slate (owner or substitute); null is "No proporcionó"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    contact: PublicContact = Field(default_factory=PublicContact)
    birth_date: Annotated[date | None, BeforeValidator(_empty_to_none)] = None
    age: Annotated[Annotated[int, Field(ge=MIN_AGE, le=MAX_AGE)] | None, BeforeValidator(_empty_to_none)] = None
    sex: Annotated[Sex | None, BeforeValidator(_empty_to_none)] = None
    education_level: Annotated[EducationLevel | None, BeforeValidator(_empty_to_none)] = None
    education_status: Annotated[EducationStatus | None, BeforeValidator(_empty_to_none)] = None
    short_bio: ShortText = None
    education: ShortText = Field(default=None, description="Other studies (v2) or free-text education (v1)")
    work_history: LongText = None
    political_history: LongText = None


@dataclass(frozen=True)
class QuestionnaireVersion:
    version: int
    max_proposals: int
    # Fields a record of this version may not use (e.g. v1 had no substitute record).
    unused_fields: frozenset[str]


QUESTIONNAIRES: dict[int, QuestionnaireVersion] = {
    1: QuestionnaireVersion(
        1,
        max_proposals=3,
        unused_fields=frozenset(
            {
                "substitute",
                "contact",
                "birth_date",
                "age",
                "sex",
                "education_level",
                "education_status",
                "affirmative_action",
            }
        ),
    ),
    2: QuestionnaireVersion(2, max_proposals=2, unused_fields=frozenset()),
}
CURRENT_QUESTIONNAIRE = 2
MAX_PROPOSALS_ANY_VERSION = max(q.max_proposals for q in QUESTIONNAIRES.values())


def person_problems(person: PersonQuestionnaire, election_day: date | None, prefix: str) -> list[dict[str, str]]:
    """Rules across fields of one person: a status needs a level; age and date of birth agree."""
    problems = []
    if person.education_status is not None and person.education_level is None:
        problems.append(
            field_problem(f"{prefix}education_status", "needs_level", text("questionnaire.status_needs_level"))
        )
    if person.birth_date is not None and election_day is not None:
        age = age_on(person.birth_date, election_day)
        if not MIN_AGE <= age <= MAX_AGE:
            problems.append(field_problem(f"{prefix}birth_date", "age_out_of_range", text("questionnaire.birth_date")))
        elif person.age is not None and person.age != age:
            problems.append(
                field_problem(f"{prefix}age", "age_mismatch", text("questionnaire.age_mismatch", age=str(age)))
            )
    return problems


def person_age(person: PersonQuestionnaire, election_day: date | None) -> int | None:
    """The age on election day: from the date of birth when given, else the stated age."""
    if person.birth_date is not None and election_day is not None:
        return age_on(person.birth_date, election_day)
    return person.age


def version_problems(version: int, answers: dict[str, Any], proposals: int) -> list[dict[str, str]]:
    """What a record of `version` may not contain (used on writes; reads accept what was stored)."""
    questionnaire = QUESTIONNAIRES[version]
    problems = []
    if proposals > questionnaire.max_proposals:
        problems.append(
            field_problem(
                "proposals", "too_many", text("questionnaire.max_proposals", limit=str(questionnaire.max_proposals))
            )
        )
    for name in sorted(questionnaire.unused_fields):
        if answers.get(name) not in (None, {}, PersonQuestionnaire().model_dump(), PublicContact().model_dump()):
            problems.append(field_problem(name, "not_in_version", text("questionnaire.not_in_version")))
    return problems
