"""Recognising a person an import has seen: the indexed comparison finds what comparing with
every person of the same birth year and initial found."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.core.casework.known_persons import SAME_PERSON, KnownPersons
from desktop.core.casework.persons import SAME_ID, birth_year, match_reason, name_key
from desktop.core.casework.places import place_key

NAMES = ["Arben", "Arbenn", "Albert", "Ardit", "Çela", "Cela", "Çelaj", "Xhela", "Ecla",
         "Hoxha", "Hoxhaj", "Hoxah", "Dedaj", "Deda", "Ana", "Anna", "Ani", "Lul", ""]
VILLAGES = ["", "Fushë-Arrëz", "Fushe Arrez", "Qerret", "Iballë"]
DATES = ["", "1980-01-02", "1980-05-06", "1981-01-02"]
PIDS = ["", "", "", "J00000001A", "j00000001a ", "J00000002B"]

person = st.fixed_dictionaries({
    "first_name": st.sampled_from(NAMES), "last_name": st.sampled_from(NAMES),
    "birth_date": st.sampled_from(DATES), "village": st.sampled_from(VILLAGES),
    "personal_id": st.sampled_from(PIDS)})


def _reference(known: list[tuple[str, dict[str, Any]]], fields: dict[str, Any]
               ) -> tuple[str, str] | None:
    """Every earlier person of the row's birth year and initial, one after the other."""
    from desktop.core.casework.persons import normal_personal_id

    pid = normal_personal_id(fields.get("personal_id"))
    for label, other in known:
        if pid and normal_personal_id(other.get("personal_id")) == pid:
            return SAME_ID, label
    group = birth_year(fields) or "", name_key(fields.get("last_name"))[:1]
    bucket = [(label, other) for label, other in known
              if (birth_year(other) or "", name_key(other.get("last_name"))[:1]) == group]
    for label, other in bucket:
        ids = pid, normal_personal_id(other.get("personal_id"))
        if all(ids) and ids[0] != ids[1]:
            continue
        if fields.get("birth_date") and fields["birth_date"] == other.get("birth_date") and all(
                name_key(fields.get(k)) == name_key(other.get(k))
                for k in ("first_name", "last_name")) and \
                place_key(fields.get("village") or "") == place_key(other.get("village") or ""):
            return SAME_PERSON, label
    for label, other in bucket:
        kind = match_reason(fields, other)
        if kind:
            return kind, label
    return None


@settings(max_examples=120, deadline=None)
@given(st.lists(person, min_size=1, max_size=25))
def test_the_same_person_is_found_as_comparing_with_everyone(rows: list[dict[str, Any]]) -> None:
    known, seen = KnownPersons(), []
    for line, fields in enumerate(rows, start=2):
        clean = {k: v for k, v in fields.items() if v}
        assert known.match(clean) == _reference(seen, clean)
        label = f"line {line}"
        known.add(label, clean)
        seen.append((label, clean))


def test_a_typing_slip_in_the_last_name_is_similar_and_another_name_is_not() -> None:
    known = KnownPersons()
    known.add("Hoxha", {"first_name": "Arben", "last_name": "Hoxha",
                        "birth_date": "1980-01-02", "village": "Qerret"})
    row = {"first_name": "Arben", "birth_date": "1980-03-04", "village": "Qerret"}
    assert known.match({**row, "last_name": "Hoxah"}) == ("similar_name", "Hoxha")
    assert known.match({**row, "last_name": "Hoxhaj"}) == ("similar_name", "Hoxha")
    assert known.match({**row, "last_name": "Hoxa"}) == ("similar_name", "Hoxha")
    assert known.match({**row, "last_name": "Hodaj"}) is None
    assert known.match({**row, "birth_date": "1980-01-02", "last_name": "Hoxha"}) == \
        (SAME_PERSON, "Hoxha")
