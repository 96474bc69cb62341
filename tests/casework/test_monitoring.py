"""Protection orders with their details, monitoring reports (due, late, done, sent to the
police), refusals that save nothing, and the abuser's household warning before a visit."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.core.casework.due import visit_route
from desktop.core.casework.errors import DateOrder
from desktop.core.casework.measures import (
    mark_report_sent,
    measures_of_case,
    place_child,
    record_monitoring_report,
    record_protection_order,
)
from desktop.core.casework.monitoring import DONE, DUE, LATE, due_reports, report_schedule
from desktop.core.casework.safety import households_with_warnings
from desktop.core.store import Store
from desktop.core.views.case import visit_context

from .conftest import new_case, new_person


def _order(store: Store, **changes):
    case = new_case(store, "domestic_violence")
    options = {"kind": "ordinary", "issued_on": "2026-01-05", "end_date": "2026-12-31",
               "court": "Gjykata Shkodër", "decision_number": "77/2026",
               "decided_on": "2026-01-04", "conditions": "Larg shtëpisë 200 m",
               "protected_persons": "Drita Çela; fëmijët"} | changes
    return case, record_protection_order(store, case.id, **options)


def test_an_order_keeps_court_decision_conditions_and_protected_persons(store: Store) -> None:
    case, order = _order(store)
    f = measures_of_case(store, case.id)[0].fields
    assert (f["court"], f["decision_number"], f["decided_on"]) == (
        "Gjykata Shkodër", "77/2026", "2026-01-04")
    assert f["conditions"] == "Larg shtëpisë 200 m" and f["protected_persons"].startswith("Drita")
    assert order.fields["next_report_due"] == "2026-03-06"


def test_two_reports_one_late_then_the_next_due_and_late(store: Store) -> None:
    _, order = _order(store)
    record_monitoring_report(store, order.id, reported_on="2026-03-01", checked="Vizitë",
                             situation="E qetë", incidents="Asnjë", police_contact="Po")
    late = record_monitoring_report(store, order.id, reported_on="2026-05-10")
    slots = report_schedule(late, today="2026-05-11")
    assert [(s.number, s.state, s.done_late) for s in slots] == [
        (1, DONE, False), (2, DONE, True), (3, DUE, False)]
    assert slots[1].due_on == "2026-04-30" and slots[2].due_on == "2026-07-09"
    assert report_schedule(late, today="2026-07-10")[2].state == LATE
    sent = mark_report_sent(store, order.id, 1, on="2026-03-02")
    assert report_schedule(sent, today="2026-05-11")[0].sent_to_police_on == "2026-03-02"
    assert sent.fields["reports"][0]["police_contact"] == "Po"


def test_a_report_sent_before_it_was_written_is_refused(store: Store) -> None:
    _, order = _order(store)
    order = record_monitoring_report(store, order.id, reported_on="2026-03-01")
    with pytest.raises(DateOrder):
        mark_report_sent(store, order.id, 1, on="2026-02-20")
    assert "sent_to_police_on" not in store.get(order.id).fields["reports"][0]


def test_an_order_ending_before_it_starts_saves_nothing(store: Store) -> None:
    case = new_case(store, "domestic_violence")
    with pytest.raises(DateOrder) as refused:
        record_protection_order(store, case.id, kind="immediate", issued_on="2026-02-10",
                                end_date="2026-02-01")
    assert "01.02.2026" in str(refused.value) or "2026-02-01" in str(refused.value)
    assert measures_of_case(store, case.id) == []


def test_a_report_dated_before_the_order_saves_nothing(store: Store) -> None:
    _, order = _order(store)
    with pytest.raises(DateOrder):
        record_monitoring_report(store, order.id, reported_on="2026-01-01")
    assert store.get(order.id).fields["reports"] == []


def test_a_placement_keeps_carer_address_and_review(store: Store) -> None:
    case = new_case(store, "child_protection")
    placed = place_child(store, case.id, "kinship", carer_name="Familja Gjoni",
                         carer_address="Rr. e Kalasë, Pukë", issued_on="2026-02-01",
                         review_on="2026-05-01")
    assert placed.fields["carer_address"] == "Rr. e Kalasë, Pukë"
    assert placed.fields["review_on"] == "2026-05-01"
    assert placed.fields["next_report_due"] == "2026-05-02"
    with pytest.raises(DateOrder):
        place_child(store, case.id, "foster", carer_name="X", issued_on="2026-02-01",
                    review_on="2026-01-01")


def test_due_reports_lists_due_and_late_orders(store: Store) -> None:
    case, order = _order(store)
    assert due_reports(store, within_days=0, today="2026-03-01") == []
    soon = due_reports(store, within_days=7, today="2026-03-01")
    assert [(r.case_number, r.measure_type, r.due_on, r.state) for r in soon] == [
        (case.fields["case_number"], "protection_order", "2026-03-06", DUE)]
    assert due_reports(store, within_days=0, today="2026-03-07")[0].state == LATE


def test_the_abusers_household_warns_on_the_route_and_the_visit(store: Store) -> None:
    abuser_case = new_case(store, "social_care", person=new_person(store, first_name="Gjergj",
                                                                   personal_id=None))
    abuser_home = abuser_case.fields["household_id"]
    assert visit_context(store, abuser_case.id).warnings == []
    _order(store, abuser_household_id=abuser_home, end_date=None)
    assert households_with_warnings(store, [abuser_home]) == {abuser_home}
    assert any("abuser's" in w for w in visit_context(store, abuser_case.id).warnings)
    route = visit_route(store, dt.date.today() + dt.timedelta(days=60))
    assert any(abuser_home in stop.warned for stop in route)


def test_the_60_day_report_prints_the_entered_content_and_history(store: Store) -> None:
    from desktop.core.documents.from_store import document_for_case
    from tests.documents.conftest import pdf_text

    case, order = _order(store)
    record_monitoring_report(store, order.id, reported_on="2026-03-01",
                             checked="Vizitë në shtëpi", situation="E qetë")
    mark_report_sent(store, order.id, 1, on="2026-03-03")
    record_monitoring_report(store, order.id, reported_on="2026-05-10",  # late: due 30.04
                             checked="Telefonatë me fëmijët", situation="Përmirësim",
                             incidents="Asnjë shkelje", police_contact="Komisariati, çdo javë")
    text = pdf_text(document_for_case(store, case.fields["case_number"], "dv-60-day",
                                      include_sensitive=True, printed_by="Arta Gjoka"))
    flat = " ".join(text.split())
    assert case.fields["case_number"] in flat
    assert "Raporti nr. 2" in flat and "77/2026" in flat
    assert "Telefonatë me fëmijët" in flat and "Komisariati, çdo javë" in flat
    assert "03.03.2026" in flat  # the first report, sent to the police, in the history


def test_today_lists_reports_coming_due_and_late_and_warns_on_the_abusers_home(
        store: Store) -> None:
    from desktop.core.views.today import kind_text, load_today

    day = dt.date.today()
    late_case, _ = _order(store, issued_on=day - dt.timedelta(days=65), decided_on=None,
                          end_date=None)
    soon_case, _ = _order(store, issued_on=day - dt.timedelta(days=57), decided_on=None,
                          end_date=None)
    abuser_case = new_case(store, "social_care", person=new_person(store, first_name="Gjergj",
                                                                   personal_id=None))
    _order(store, issued_on=day - dt.timedelta(days=1), decided_on=None, end_date=None,
           abuser_household_id=abuser_case.fields["household_id"])
    data = load_today(store, worker=None, today=day, day=day, include_overdue=True)
    reports = {(r.case_id, r.overdue) for r in data.due if r.kind == "report"}
    assert (late_case.id, True) in reports and (soon_case.id, False) in reports
    assert kind_text("report", "protection_order") == "60-day report"
    warned = [row for village in data.route for row in village.stops
              if row.case_id == abuser_case.id]
    assert warned and all(row.warning for row in warned)
