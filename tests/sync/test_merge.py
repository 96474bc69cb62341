"""The field-level three-way merge, without a server."""

from __future__ import annotations

import pytest

from sync.merge import DELETED, MergeRefused, MergeState, merge_change, rebase_view
from sync.records import Change


def change(fields: dict, base: int, device: str, hlc: str, *, deleted: bool = False,
           cid: str = "c") -> Change:
    return Change(cid, "r1", "case", base, fields, hlc, f"user-{device}", device,
                  deleted=deleted)


def stamp(ms: int) -> str:
    return f"{ms:013d}-0000-node"


def created() -> MergeState:
    return merge_change(None, change({"a": 1, "b": 1, "c": 1}, 0, "D0", stamp(1)), 1).state


def test_a_field_only_one_side_changed_is_taken() -> None:
    state = merge_change(created(), change({"a": 2}, 1, "D1", stamp(2), cid="x"), 2).state
    out = merge_change(state, change({"b": 3}, 1, "D2", stamp(3), cid="y"), 3)
    assert out.state.fields == {"a": 2, "b": 3, "c": 1}
    assert out.conflicts == []


def test_both_sides_changing_a_field_keeps_both_values_and_shows_the_later_stamp() -> None:
    state = merge_change(created(), change({"a": 2}, 1, "D1", stamp(5), cid="x"), 2).state
    out = merge_change(state, change({"a": 3}, 1, "D2", stamp(4), cid="y"), 3)
    [conflict] = out.conflicts
    assert conflict.field == "a"
    assert {(v.value, v.device, v.change_id) for v in conflict.values} == {
        (2, "D1", "x"), (3, "D2", "y")}
    assert conflict.shown == 2 and out.state.fields["a"] == 2  # D1's stamp is later


def test_the_display_rule_does_not_depend_on_arrival_order() -> None:
    one = change({"a": 2}, 1, "D1", stamp(5), cid="x")
    two = change({"a": 3}, 1, "D2", stamp(4), cid="y")
    first = merge_change(merge_change(created(), one, 2).state, two, 3).state
    second = merge_change(merge_change(created(), two, 2).state, one, 3).state
    assert first.fields == second.fields


def test_same_value_on_both_sides_is_not_a_conflict() -> None:
    state = merge_change(created(), change({"a": 2}, 1, "D1", stamp(2)), 2).state
    assert merge_change(state, change({"a": 2}, 1, "D2", stamp(3)), 3).conflicts == []


def test_a_devices_later_edit_replaces_its_own_earlier_one() -> None:
    state = merge_change(created(), change({"a": 2}, 1, "D1", stamp(2)), 2).state
    out = merge_change(state, change({"a": 5}, 1, "D1", stamp(3)), 3)
    assert out.conflicts == [] and out.state.fields["a"] == 5


def test_delete_against_edit_is_a_conflict() -> None:
    state = merge_change(created(), change({"a": 2}, 1, "D1", stamp(5), cid="x"), 2).state
    out = merge_change(state, change({}, 1, "D2", stamp(4), deleted=True, cid="y"), 3)
    assert [c.field for c in out.conflicts] == [DELETED]
    assert out.state.deleted is False  # the edit has the later stamp


def test_append_only_records_never_conflict_and_others_cannot_change_them() -> None:
    note = merge_change(None, change({"text": "x"}, 0, "D1", stamp(1)), 1).state
    with pytest.raises(MergeRefused):
        merge_change(note, change({"text": "y"}, 1, "D2", stamp(2)), 2, append_only=True,
                     creator_device="D1")
    out = merge_change(note, change({"text": "z"}, 0, "D1", stamp(2)), 2, append_only=True,
                       creator_device="D1")
    assert out.conflicts == [] and out.state.fields["text"] == "z"


def test_pending_local_edits_stay_visible_over_pulled_state() -> None:
    fields, deleted = rebase_view({"a": 1, "b": 1}, False,
                                  [change({"a": 9}, 1, "D1", stamp(1))])
    assert fields == {"a": 9, "b": 1} and deleted is False
