"""The one-off removal of identity answers written before the candidate's own link existed.

Before issue 22 a party ticked the identity consent, and audit entries of `profile.update` kept a
copy of the answers. This job (`decide scrub-identity`) rewrites:

- every audit entry whose `before`/`after` hold identity answers: they keep only that consent was
  recorded and when (the log keeps that a change happened, not the content);
- every profile copy that carries answers a party ticked (no consent text version): the answers
  leave it, and a published copy's answers leave the statistics in the same transaction.

Answers recorded through the candidate's link (with a text version) are kept. It is idempotent:
a second run finds nothing to change. It scans the table (a migration, never a request path).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.elections.models import ballot_id_of_candidacy
from chalicelib.profiles.models import StoredProfile
from chalicelib.profiles.search import consented_answers, counter_deltas, counters_of, entry_of
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.questionnaire_store import QuestionnaireStore


@dataclass
class ScrubReport:
    audit_entries: int = 0
    profile_copies: int = 0
    changed_meanwhile: int = 0  # rewritten by someone between our read and write: run again


def _without_answers(view: Any) -> tuple[Any, bool]:
    if not isinstance(view, dict) or not isinstance(view.get("identity"), dict):
        return view, False
    identity = view["identity"]
    if "answers" not in identity:
        return view, False
    kept = {"consent": identity.get("consent"), "recorded_at": identity.get("recorded_at")}
    return {**view, "identity": kept}, True


def scrub_identity(elections: ElectionStore, consents: ConsentStore) -> ScrubReport:
    report = ScrubReport()
    for item in consents.audit_entries_with_answers():
        entry = json.loads(item.doc)
        entry["before"], before_changed = _without_answers(entry.get("before"))
        entry["after"], after_changed = _without_answers(entry.get("after"))
        if not (before_changed or after_changed):
            continue
        if consents.replace_doc(item, json.dumps(entry, ensure_ascii=False, separators=(",", ":"))):
            report.audit_entries += 1
        else:
            report.changed_meanwhile += 1
    questionnaires = QuestionnaireStore(consents.table)
    for item in consents.profiles_with_identity():
        profile = StoredProfile.model_validate_json(item.doc)
        if profile.identity is None or profile.identity.text_version is not None:
            continue  # no answers, or the candidate's own consent
        cleared = profile.model_copy(update={"identity": None})
        extra = []
        if item.entity == "PublishedCandidacyProfile" and profile.indexed:
            extra = _counters(elections, questionnaires, profile, cleared)
        if consents.replace_doc(item, cleared.model_dump_json(), extra):
            report.profile_copies += 1
        else:
            report.changed_meanwhile += 1
    return report


def _counters(
    elections: ElectionStore, questionnaires: QuestionnaireStore, before: StoredProfile, after: StoredProfile
) -> list[dict[str, Any]]:
    ballot = elections.get_ballot(ballot_id_of_candidacy(before.candidacy_id))
    candidacy = next((c for c in ballot.candidacies if c.id == before.candidacy_id), None) if ballot else None
    process = elections.get_process(before.process_id)
    if ballot is None or candidacy is None or process is None:
        return []
    contender = elections.get_contender(process.id, candidacy.contender_id)
    entry = entry_of(before, process, ballot, candidacy, contender)
    deltas = counter_deltas(counters_of(entry, consented_answers(before)), counters_of(entry, consented_answers(after)))
    operation = questionnaires.counters_operation(process.id, deltas)
    return [operation] if operation is not None else []
