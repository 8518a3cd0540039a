"""Stream records the log does not record must not stop the appender (the stream retries from a failure)."""

from __future__ import annotations

from chalicelib.transparency.entries import entries_from_change


def test_an_item_of_another_entity_with_a_non_json_doc_gives_no_entry() -> None:
    # e.g. a key item whose `doc` is a bare hash: parsing it first used to raise and stall the log
    image = {"pk": {"S": "X#1"}, "sk": {"S": "X"}, "entity": {"S": "SimilarityKey"}, "doc": {"S": "1f3a9c"}}
    assert entries_from_change(None, image, lambda proposal_id: "") == []
