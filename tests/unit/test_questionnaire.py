"""The Conóceles curricular questionnaire as data: vocabularies, limits, nulls, versions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from chalicelib.profiles.models import ProfileContent, ProfileInput, PublicProfile, ReviewStatus, StoredProfile
from chalicelib.profiles.questionnaire import (
    CURRENT_QUESTIONNAIRE,
    AgeRange,
    EducationLevel,
    PersonQuestionnaire,
    Sex,
    age_range_of,
    person_age,
    person_problems,
    version_problems,
)

ELECTION_DAY = date(2026, 12, 6)


def fields(error: ValidationError) -> set[str]:
    return {".".join(str(p) for p in e["loc"]) for e in error.errors()}


def test_vocabularies_are_the_conoceles_codes_and_nothing_else() -> None:
    assert {s.value for s in Sex} == {"woman", "man", "non_binary"}
    assert [e.value for e in EducationLevel][:3] == ["none", "primary", "secondary"]
    person = PersonQuestionnaire.model_validate(
        {"sex": "non_binary", "education_level": "master", "education_status": "in_progress"}
    )
    assert person.sex == Sex.NON_BINARY and person.education_level == EducationLevel.MASTER
    for name, value in [("sex", "mujer"), ("education_level", "posdoctorado"), ("education_status", "casi")]:
        with pytest.raises(ValidationError) as failure:
            PersonQuestionnaire.model_validate({name: value})
        assert fields(failure.value) == {name}


def test_not_provided_is_null_never_sentinel_text() -> None:
    person = PersonQuestionnaire.model_validate(
        {
            "sex": "",
            "education_level": "",
            "age": "",
            "short_bio": "No proporcionó",
            "contact": {"email": " ", "phone": "—", "office_address": "n/a"},
        }
    )
    assert person.model_dump(mode="json") == PersonQuestionnaire().model_dump(mode="json")
    assert person.contact.email is None and person.sex is None and person.age is None


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"contact": {"email": "sin-arroba.mx"}}, "contact.email"),
        ({"contact": {"phone": "55-12"}}, "contact.phone"),
        ({"contact": {"phone": "llámame al 5512345678"}}, "contact.phone"),
        ({"contact": {"office_address": "x" * 301}}, "contact.office_address"),
        ({"age": 17}, "age"),
        ({"age": 111}, "age"),
        ({"short_bio": "x" * 1001}, "short_bio"),
        ({"work_history": "x" * 2001}, "work_history"),
        ({"birth_date": "1990-02-30"}, "birth_date"),
        ({"contact": {"fax": "55 1234 5678"}}, "contact.fax"),
    ],
)
def test_limits_name_the_field(answers: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as failure:
        PersonQuestionnaire.model_validate(answers)
    assert fields(failure.value) == {field}


def test_public_contact_accepts_ordinary_mexican_forms() -> None:
    contact = PersonQuestionnaire.model_validate(
        {
            "contact": {
                "email": "casa.campana@ejemplo.mx",
                "phone": "+52 (722) 123-4567",
                "office_address": "Av. Juárez 1",
            }
        }
    ).contact
    assert contact.phone == "+52 (722) 123-4567"


def test_cross_field_rules_status_needs_level_and_age_agrees_with_birth_date() -> None:
    orphan = PersonQuestionnaire.model_validate({"education_status": "completed"})
    assert [p["field"] for p in person_problems(orphan, ELECTION_DAY, "substitute.")] == ["substitute.education_status"]
    wrong = PersonQuestionnaire(birth_date=date(1980, 12, 7), age=46)
    problems = person_problems(wrong, ELECTION_DAY, "")
    assert [p["code"] for p in problems] == ["age_mismatch"] and "45" in problems[0]["message"]
    right = PersonQuestionnaire(birth_date=date(1980, 12, 6), age=46)
    assert person_problems(right, ELECTION_DAY, "") == []
    assert person_age(PersonQuestionnaire(birth_date=date(1966, 12, 7)), ELECTION_DAY) == 59
    too_young = PersonQuestionnaire(birth_date=date(2010, 1, 1))
    assert [p["code"] for p in person_problems(too_young, ELECTION_DAY, "")] == ["age_out_of_range"]


def test_age_ranges_put_60_and_over_as_older_adults() -> None:
    assert [age_range_of(a) for a in (18, 29, 30, 44, 45, 59, 60, None)] == [
        AgeRange.FROM_18_TO_29,
        AgeRange.FROM_18_TO_29,
        AgeRange.FROM_30_TO_44,
        AgeRange.FROM_30_TO_44,
        AgeRange.FROM_45_TO_59,
        AgeRange.FROM_45_TO_59,
        AgeRange.FROM_60,
        None,
    ]


def test_version_2_allows_two_principal_proposals_and_version_1_three() -> None:
    assert CURRENT_QUESTIONNAIRE == 2
    assert [p["field"] for p in version_problems(2, {}, 3)] == ["proposals"]
    assert version_problems(2, {}, 2) == []
    assert version_problems(1, {}, 3) == []
    # fields version 1 did not have are refused on a version-1 write
    assert [p["field"] for p in version_problems(1, {"sex": "woman"}, 0)] == ["sex"]
    with pytest.raises(ValidationError) as failure:
        ProfileInput.model_validate({"proposals": ["a", "b", "c", "d"]})
    assert fields(failure.value) == {"proposals"}


def test_a_record_saved_before_versions_and_review_still_reads() -> None:
    """A profile stored by the first release: no version, no status, free-text education, 3 proposals."""
    old = {
        "candidacy_id": "2021-ord.ayun.001.pfa",
        "process_id": "2021-ord",
        "contender_id": "pfa",
        "version": 3,
        "content": {
            "photo_url": None,
            "short_bio": "Texto",
            "education": "Licenciatura en Derecho",
            "work_history": None,
            "political_history": None,
            "why_running": None,
            "proposals": ["uno", "dos", "tres"],
            "gender_agenda_proposal": None,
            "links": {"website": None, "facebook": None, "x": None, "instagram": None, "tiktok": None, "youtube": None},
        },
        "identity": {
            "consent": True,
            "answers": {"indigenous": True, "youth": None},
            "recorded_at": "2021-05-01T12:00:00+00:00",
            "recorded_by": "sub-1",
        },
        "updated_at": "2021-05-01T12:00:00+00:00",
        "updated_by": "sub-1",
    }
    stored = StoredProfile.model_validate_json(json.dumps(old))
    assert stored.content.questionnaire_version == 1
    assert stored.content.proposals == ["uno", "dos", "tres"]
    assert stored.content.education == "Licenciatura en Derecho" and stored.content.education_level is None
    assert stored.content.substitute == PersonQuestionnaire()
    assert stored.status == ReviewStatus.PUBLISHED  # it was public when saved
    public = PublicProfile.of(stored)
    assert public.published_at == stored.updated_at
    assert public.identity is not None and public.identity.answers.older_adult is None
    # and it round-trips under the current model unchanged
    assert StoredProfile.model_validate_json(stored.model_dump_json()) == stored


def test_unknown_questionnaire_versions_are_refused() -> None:
    with pytest.raises(ValidationError) as failure:
        ProfileContent.model_validate({"questionnaire_version": 9})
    assert fields(failure.value) == {"questionnaire_version"}
