"""Pull replies written directly hold what the response model would write."""

from __future__ import annotations

import json
from typing import Any

from sync.server.replies import RecordJSON, StoredJSON, json_reply, record_json_text
from sync.server.schemas import PullReply

FIELDS = {"case_id": "c1", "observations": "Vizitë: \"familja\" mirë\n", "n": 2.5,
          "tags": ["a", None, True], "nested": {"x": []}}


def _page(fields: Any) -> dict[str, Any]:
    return {"records": [{"id": "r-1", "type": "visit", "rev": 7, "deleted": False,
                         "fields": fields},
                        {"id": "r-\"2", "type": "note", "rev": 9, "deleted": True,
                         "fields": {"text": "ë"}}],
            "cursor": 9, "more": True}


def _model_json(page: dict[str, Any]) -> Any:
    return json.loads(PullReply.model_validate(page).model_dump_json())


def test_stored_fields_are_sent_as_stored_and_read_alike() -> None:
    for text in (json.dumps(FIELDS), json.dumps(FIELDS, ensure_ascii=False,
                                                separators=(",", ":"))):
        stored = StoredJSON(text)
        assert stored == FIELDS and dict(stored) == FIELDS
        body = json_reply(_page(stored), PullReply).body
        assert text.encode() in body  # not decoded and written again
        assert json.loads(body) == _model_json(_page(FIELDS))


def test_a_number_json_cannot_hold_is_written_by_the_model() -> None:
    stored = StoredJSON('{"score": NaN, "text": "x"}')
    body = json.loads(json_reply(_page(stored), PullReply).body)
    assert body["records"][0]["fields"] == {"score": None, "text": "x"}
    assert body["cursor"] == 9 and body["more"] is True


def test_records_read_as_text_are_written_like_the_model() -> None:
    rows = [("r-1", "visit", 7, False, json.dumps(FIELDS)),
            ("r-\"2\\", "nötë", 9, True, json.dumps({"text": "ë"}, ensure_ascii=False))]
    page = {"records": [record_json_text(*row) for row in rows], "cursor": 9, "more": False}
    assert all(isinstance(r, RecordJSON) for r in page["records"])
    expected = {"records": [{"id": rid, "type": rtype, "rev": rev, "deleted": deleted,
                             "fields": json.loads(text)} for rid, rtype, rev, deleted, text
                            in rows], "cursor": 9, "more": False}
    assert json.loads(json_reply(page, PullReply).body) == _model_json(expected)


def test_a_record_read_with_a_number_json_cannot_hold_is_written_by_the_model() -> None:
    odd = record_json_text("r-3", "visit", 11, False, '{"score": NaN}')
    assert not isinstance(odd, RecordJSON)
    plain = record_json_text("r-1", "visit", 7, False, '{"x": 1}')
    page = {"records": [plain, odd], "cursor": 11, "more": True}
    body = json.loads(json_reply(page, PullReply).body)
    assert body["records"] == [
        {"id": "r-1", "type": "visit", "rev": 7, "deleted": False, "fields": {"x": 1}},
        {"id": "r-3", "type": "visit", "rev": 11, "deleted": False, "fields": {"score": None}}]
