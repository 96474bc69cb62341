"""Case-level export and the national register's upload file, on a real vault."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest

from desktop.core.casework.case_export import ExportRefused, ExportRequest, export_records
from desktop.core.casework.cases import close_case
from desktop.core.casework.register_export import export_register, load_template
from desktop.core.store import Store
from desktop.core.sync_local import META_USER
from sync.yamlfile import DataFileError

from .conftest import new_case, new_person


def caseload(store: Store) -> None:
    drita = new_person(store, first_name="Drita", last_name="Kola", personal_id="J04512123K",
                       ethnicity="rom")
    new_case(store, "social_care", person=drita)
    mira = new_person(store, first_name="Mira", last_name="Lika", personal_id=None)
    new_case(store, "domestic_violence", person=mira)


def sign_in_as(store: Store, role: str) -> None:
    store.meta_set(META_USER, json.dumps({"role": role, "units": [], "municipality": "Pukë"}))


def rows_of_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def audit_details(store: Store) -> list[dict]:
    with store.reading() as conn:
        return [json.loads(d) for (d,) in conn.exec_driver_sql(
            "SELECT detail FROM audit WHERE action = 'export' ORDER BY seq")]


def test_sensitive_fields_and_case_types_stay_out_unless_chosen(store: Store) -> None:
    caseload(store)
    persons = rows_of_csv(export_records(store, ExportRequest("persons", "csv",
                                                              language="sq")).data)
    assert persons[0][1:3] == ["Emri", "Mbiemri"]
    assert "Përkatësia etnike" not in persons[0]
    assert [r[1] for r in persons[1:]] == ["Drita"], "Mira has only a DV case"
    cases = export_records(store, ExportRequest("cases", "csv", language="en"))
    table = rows_of_csv(cases.data)
    assert len(table) == 2 and cases.left_out == 1
    assert table[1][table[0].index("Case type")] == "Social care and support"
    with pytest.raises(ExportRefused, match="sensitive"):
        export_records(store, ExportRequest("persons", "csv", ["Emri", "ethnicity"]))
    with pytest.raises(ExportRefused, match="role known from the municipal server"):
        export_records(store, ExportRequest("cases", "csv", include_sensitive=True))
    assert [d["rows"] for d in audit_details(store)] == [1, 1]


def test_a_role_exports_the_sensitive_types_it_may_see(store: Store) -> None:
    caseload(store)
    sign_in_as(store, "social_worker")  # may see trafficking, not domestic violence
    result = export_records(store, ExportRequest("cases", "csv", include_sensitive=True))
    assert (result.rows, result.left_out) == (1, 1)
    sign_in_as(store, "dv_coordinator")
    result = export_records(store, ExportRequest("persons", "csv", ["first_name", "ethnicity"],
                                                 include_sensitive=True, language="en"))
    assert rows_of_csv(result.data) == [["First name", "Ethnicity"], ["Drita", "rom"],
                                        ["Mira", ""]]
    sign_in_as(store, "inspector")
    with pytest.raises(ExportRefused):
        export_records(store, ExportRequest("cases", "csv", include_sensitive=True))


def test_never_in_the_publication_edition_and_unknown_columns_named(store: Store) -> None:
    with pytest.raises(ExportRefused, match="publication"):
        export_records(store, ExportRequest("cases", "xlsx", public=True))
    with pytest.raises(ExportRefused, match="no column colour"):
        export_records(store, ExportRequest("cases", "xlsx", ["colour"]))


def test_xlsx_has_dates_as_dates_and_child_records_their_case_number(
        store: Store, tmp_path: Path) -> None:
    caseload(store)
    case = store.query("case", subtype="social_care")[0]
    store.create("referral", {"case_id": case.id, "service": "day_centre", "status": "sent",
                              "sent_on": "2026-02-01"})
    out = tmp_path / "referimet.xlsx"
    export_records(store, ExportRequest("referrals", "xlsx", language="sq"), out)
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("ID e regjistrimit", "Numri i rastit")
    assert rows[1][1] == case.fields["case_number"]
    assert rows[1][rows[0].index("Dërguar më")].date().isoformat() == "2026-02-01"


def test_register_sends_only_new_or_changed_and_lists_what_lacks(store: Store,
                                                               tmp_path: Path) -> None:
    caseload(store)
    lacking = new_person(store, first_name="Arben", last_name="Doda", personal_id=None)
    new_case(store, "elderly_care", person=lacking)
    out = tmp_path / "regjistri.xlsx"
    first = export_register(store, out)
    assert (first.written, first.left_out) == (1, 1)
    assert [m.headers for m in first.missing] == [["Numri personal"]]
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr. i rastit", "Numri personal", "Emri")
    assert rows[1][1:4] == ("J04512123K", "Drita", "Kola")
    assert rows[1][rows[0].index("Gjinia")] == "Mashkull"
    again = export_register(store, tmp_path / "again.csv")
    assert (again.written, again.unchanged) == (0, 1)
    case = store.query("case", subtype="social_care")[0]
    close_case(store, case.id, "goals_reached", "2026-03-01")
    changed = export_register(store, tmp_path / "changed.csv")
    table = rows_of_csv((tmp_path / "changed.csv").read_bytes())
    assert changed.written == 1 and table[1][table[0].index("Data e mbylljes")] == "01.03.2026"


def test_a_wrong_mapping_names_file_and_line(store: Store, tmp_path: Path) -> None:
    mapping = tmp_path / "template.yaml"
    mapping.write_text("columns:\n  - {header: Emri, from: person.first_name}\n"
                       "  - {header: Ngjyra, from: person.colour}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="template.yaml:3"):
        load_template(store.profile, mapping)
