"""Protection orders and their 60-day reports, child protection measures, placements, and
multidisciplinary meetings."""

from __future__ import annotations

import pytest

from desktop.core.casework.errors import MeasureNotActive, MissingValue, UnknownCode
from desktop.core.casework.measures import (
    add_child_protection_measure,
    end_measure,
    measures_of_case,
    place_child,
    record_monitoring_report,
    record_protection_order,
)
from desktop.core.casework.meetings import (
    add_task,
    complete_task,
    meetings_of_case,
    open_tasks,
    record_meeting,
)
from desktop.core.store import Store

from .conftest import new_case


def test_protection_order_reports_every_60_days(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    order = record_protection_order(store, case.id, kind="immediate", issued_on="2026-01-01",
                                    end_date="2026-12-31", court="Gjykata Shkodër",
                                    decision_number="123/2026")
    f = order.fields
    assert f["measure_type"] == "protection_order_immediate" and f["order_kind"] == "immediate"
    assert f["next_report_due"] == "2026-03-02" and f["report_every_days"] == 60
    report = record_monitoring_report(store, order.id, reported_on="2026-03-05",
                                      situation="No breach.", risk="low")
    f = report.fields
    assert f["next_report_due"] == "2026-05-04" and f["last_report_on"] == "2026-03-05"
    assert f["reports"] == [{"number": 1, "date": "2026-03-05", "period_from": "2026-01-01",
                             "period_to": "2026-03-05", "by": "arta",
                             "due_on": "2026-03-02", "situation": "No breach.", "risk": "low"}]
    second = record_monitoring_report(store, order.id, reported_on="2026-05-01")
    assert second.fields["reports"][1]["period_from"] == "2026-03-05"


def test_the_last_report_is_due_at_the_end_of_the_order(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    order = record_protection_order(store, case.id, kind="ordinary", issued_on="2026-01-01",
                                    end_date="2026-02-15")
    assert order.fields["next_report_due"] == "2026-02-15"
    done = record_monitoring_report(store, order.id, reported_on="2026-02-15")
    assert "next_report_due" not in done.fields
    ended = end_measure(store, order.id, on="2026-02-16")
    assert ended.fields["status"] == "ended"
    with pytest.raises(MeasureNotActive):
        record_monitoring_report(store, order.id)
    assert measures_of_case(store, case.id, active_only=True) == []


def test_child_protection_measures_and_placements(store: Store) -> None:
    case = new_case(store, "child_protection")
    measure = add_child_protection_measure(store, case.id, "school_reintegration",
                                           issued_on="2026-01-10", issued_by="GTN")
    assert measure.fields["protection_measure"] == "school_reintegration"
    assert measure.fields["next_report_due"] == "2026-04-10"  # 90 days
    with pytest.raises(UnknownCode):
        add_child_protection_measure(store, case.id, "boarding_school")
    foster = place_child(store, case.id, "foster", carer_name="Familja Marku",
                         issued_on="2026-02-01")
    assert foster.fields["measure_type"] == "foster_placement"
    guardian = place_child(store, case.id, "guardianship", carer_name="Gjon Çela")
    assert "next_report_due" not in guardian.fields  # guardianship has no periodic report
    with pytest.raises(MissingValue):
        place_child(store, case.id, "kinship", carer_name=" ")
    revoked = end_measure(store, foster.id, revoked=True, reason="Returned to the family")
    assert revoked.fields["status"] == "revoked"
    assert len(measures_of_case(store, case.id, active_only=True)) == 2


def test_a_meeting_with_attendees_decisions_and_tasks(store: Store) -> None:
    ordinary = new_case(store)
    sensitive = new_case(store, "child_protection")
    meeting = record_meeting(
        store, meeting_date="2026-02-10", group="gtn",
        attendees=[{"name": "Arta Hoxha", "institution": "social_services"},
                   {"name": "Inspektor Leka", "institution": "police"},
                   {"name": "Psikologia", "institution": "school", "role": "psychologist"}],
        case_ids=[ordinary.id, sensitive.id], decisions="Emergency placement with relatives.",
        tasks=[{"description": "Visit the family", "owner": "Arta Hoxha",
                "case_id": sensitive.id, "due": "2026-02-17"},
               {"description": "Inform the court", "owner": "Inspektor Leka"}])
    f = meeting.fields
    assert f["case_id"] == sensitive.id  # the meeting inherits the sensitive case's wall
    with store.reading() as conn:
        flag = conn.exec_driver_sql("SELECT sensitive FROM records WHERE id = ?",
                                    (meeting.id,)).scalar_one()
    assert flag == 1
    assert [m.id for m in meetings_of_case(store, ordinary.id)] == [meeting.id]
    assert [t["description"] for _, _, t in open_tasks(store)] == ["Visit the family",
                                                                   "Inform the court"]
    complete_task(store, meeting.id, 0, done_on="2026-02-15")
    add_task(store, meeting.id, description="Report to ASHMDF", owner="Arta Hoxha",
             due="2026-03-01")
    assert [t["description"] for _, _, t in open_tasks(store, owner="Arta Hoxha")] == [
        "Report to ASHMDF"]
    with pytest.raises(UnknownCode):
        record_meeting(store, group="gtn", attendees=[{"name": "X", "institution": "circus"}],
                       case_ids=[ordinary.id])
    with pytest.raises(MissingValue):
        record_meeting(store, group="gtn", attendees=[], case_ids=[ordinary.id])
