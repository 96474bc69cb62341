"""The case dialogs against real vaults: assessments, visits, closing a case."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget  # noqa: E402

from desktop.core.casework.assessments import assessments_of_case  # noqa: E402
from desktop.core.casework.persons import register_person  # noqa: E402
from desktop.core.casework.referrals import add_provider, refer  # noqa: E402
from desktop.core.casework.visits import visits_of_case  # noqa: E402
from desktop.core.i18n import current_language  # noqa: E402
from desktop.core.vault import OpenVault  # noqa: E402
from desktop.ui.dialogs import (  # noqa: E402
    AssessmentDialog,
    CloseCaseDialog,
    PlanEditor,
    ReferralDialog,
    RegisterPersonDialog,
    VisitDialog,
)
from desktop.ui.dialogs.assessment import assessment_draft_key  # noqa: E402
from desktop.ui.dialogs.common import select_code  # noqa: E402
from desktop.ui.dialogs.visit import FORM, visit_draft_key  # noqa: E402
from desktop.ui.forms import FormView  # noqa: E402
from desktop.ui.forms.editors import RadioEditor, TextEditor  # noqa: E402
from desktop.ui.language import switch_language  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.test_forms_support import db, make_case, run_job, type_text  # noqa: E402, F401


@pytest.fixture
def case_id(vault: OpenVault) -> str:
    return make_case(vault.store)[1]


def opened(qtbot: Any, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def focus(qtbot: Any, widget: QWidget) -> QWidget:
    """Put the keyboard focus in ``widget`` as a click would; returns the focused widget."""
    widget.window().activateWindow()
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
    return widget


def press_save() -> None:
    """Ctrl+S where the focus is, as the worker saves."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def choose(view: FormView, key: str, name: str) -> None:
    editor = view.editor(key)
    assert isinstance(editor, RadioEditor), key
    editor.buttons[name].click()


def type_answer(view: FormView, key: str, text: str) -> None:
    editor = view.editor(key)
    assert isinstance(editor, TextEditor), key
    editor.edit.setFocus()
    type_text(editor.edit, text)


# -- assessments --------------------------------------------------------------------------------

ELDERLY = {"informant": "family", "lives_alone": "yes", "has_carer": "no",
           "b_feeding": "10", "b_bathing": "0", "b_grooming": "5", "b_dressing": "5",
           "b_bowels": "10", "b_bladder": "5", "b_toilet": "5", "b_transfers": "10",
           "b_mobility": "10", "b_stairs": "0", "l_telephone": "does_not_use",
           "l_shopping": "unable", "l_food": "needs_meals", "l_housekeeping": "none",
           "l_laundry": "by_others", "l_transport": "none", "l_medication": "unable",
           "l_finances": "unable"}


def test_assessment_with_skip_logic_and_an_inline_error(qtbot: Any, db: Operations,
                                                        vault: OpenVault, case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(db, case_id, "home_visit"))
    view = dialog.view
    qtbot.waitUntil(lambda: view.is_loaded)
    choose(view, "protocol", "routine")
    assert not view.is_shown("response_reason")
    choose(view, "protocol", "emergency")
    assert view.is_shown("response_reason")          # the emergency asks why
    choose(view, "protocol", "routine")
    assert not view.is_shown("response_reason")

    dialog.save()                                    # nothing else answered yet
    assert dialog.banner.isVisibleTo(dialog)
    assert view.error_text("present")                # required, shown under the field
    assert dialog.isVisible()
    assert run_job(qtbot, db, lambda s: assessments_of_case(s, case_id)) == []

    fill_home_visit(view)                            # fixed: the message goes
    assert view.error_text("present") == ""
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    saved = run_job(qtbot, db, lambda s: assessments_of_case(s, case_id))
    assert saved[0].fields["form_id"] == "home_visit"
    assert "response_reason" not in saved[0].fields["answers"]


def test_elderly_assessment_is_saved_with_its_scores(qtbot: Any, db: Operations,
                                                     vault: OpenVault, case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(db, case_id, "elderly_functional"))
    view = dialog.view
    qtbot.waitUntil(lambda: view.is_loaded)
    answers = dict(ELDERLY)
    answers["b_feeding"] = None                      # one item left out
    for key, value in answers.items():
        if value is not None:
            view.set_answer(key, value)
    dialog.save()
    assert view.error_text("b_feeding")
    assert view.row("barthel_total").value.text() == "—"
    choose(view, "b_feeding", "10")
    assert view.error_text("b_feeding") == ""        # fixed: the message goes
    assert view.row("barthel_total").value.text() == "60"

    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = run_job(qtbot, db, lambda s: assessments_of_case(s, case_id))
    assert len(saved) == 1
    assert saved[0].fields["computed"]["barthel_total"] == 60
    assert saved[0].fields["answers"]["b_feeding"] == "10"
    key = assessment_draft_key(case_id, "elderly_functional")
    assert run_job(qtbot, db, lambda s: s.load_draft(key)) is None


def test_assessment_draft_survives_closing_the_dialog(qtbot: Any, db: Operations,
                                                      case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(db, case_id, "elderly_functional"))
    qtbot.waitUntil(lambda: dialog.view.is_loaded)
    dialog.view.set_answer("informant", "carer")
    dialog.reject()                                  # closed at once, no debounce wait
    again = opened(qtbot, AssessmentDialog(db, case_id, "elderly_functional"))
    qtbot.waitUntil(lambda: again.view.is_loaded)
    assert again.view.answers()["informant"] == "carer"
    assert again.view.editor("informant").value() == "carer"


# -- visits -------------------------------------------------------------------------------------

def test_record_a_short_visit(qtbot: Any, db: Operations, case_id: str) -> None:
    dialog = opened(qtbot, VisitDialog(db, case_id, db_profile(db, qtbot)))
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "")
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("rapid_response"))
    assert dialog.follow_up.value() is not None      # suggested from the protocol
    type_text(focus(qtbot, dialog.present), "Përfituesja dhe vajza")
    press_save()
    assert dialog.fields["observations"].error_text  # nothing observed yet
    type_text(focus(qtbot, dialog.observations), "Shtëpia e ftohtë; nuk ka dru për dimër.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    visits = run_job(qtbot, db, lambda s: visits_of_case(s, case_id))
    assert len(visits) == 1
    fields = visits[0].fields
    assert fields["protocol"] == "rapid_response"
    assert fields["present"] == "Përfituesja dhe vajza"
    assert "dru" in fields["observations"]
    assert run_job(qtbot, db, lambda s: s.load_draft(visit_draft_key(case_id))) is None


def test_visit_notes_are_kept_as_a_draft(qtbot: Any, db: Operations, case_id: str) -> None:
    profile = db_profile(db, qtbot)
    dialog = opened(qtbot, VisitDialog(db, case_id, profile))
    dialog.observations.setPlainText("Gjysmë e shkruar")
    with qtbot.waitSignal(dialog.drafts.saved, timeout=3000):
        pass
    dialog.reject()
    again = opened(qtbot, VisitDialog(db, case_id, profile))
    qtbot.waitUntil(lambda: again.observations.toPlainText() == "Gjysmë e shkruar")
    assert again.notice.isVisibleTo(again)


def test_record_a_visit_with_the_home_visit_form(qtbot: Any, db: Operations,
                                                 case_id: str) -> None:
    dialog = opened(qtbot, VisitDialog(db, case_id, db_profile(db, qtbot)))
    view = dialog.form_view
    qtbot.waitUntil(lambda: view.is_loaded)
    dialog.tabs.setCurrentIndex(FORM)
    fill_home_visit(view)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    visits = run_job(qtbot, db, lambda s: visits_of_case(s, case_id))
    assert visits[0].fields["answers"]["form_id"] == "home_visit"


def fill_home_visit(view: FormView) -> None:
    view.set_answer("protocol", "routine")
    view.add_instance("present")
    view.set_answer("present[0].present_role", "beneficiary")
    for key, value in (("beneficiary_seen", "yes"), ("housing_condition", "poor"),
                       ("food_available", "yes"), ("wellbeing", "concerning"),
                       ("concerns", ["isolation"]), ("observations", "Jeton vetëm."),
                       ("staff_safety_concern", "no"), ("follow_up_needed", "no")):
        view.set_answer(key, value)


def db_profile(db: Operations, qtbot: Any) -> Any:
    return run_job(qtbot, db, lambda s: s.profile)


# -- closing ------------------------------------------------------------------------------------

def test_close_a_case_with_a_reason(qtbot: Any, db: Operations, case_id: str) -> None:
    dialog = opened(qtbot, CloseCaseDialog(db, case_id, db_profile(db, qtbot)))
    qtbot.waitUntil(lambda: dialog.opened_on is not None)
    focus(qtbot, dialog.note)
    press_save()
    assert dialog.reason_field.error_text            # no reason chosen yet
    dialog.reason_buttons["goals_reached"].click()
    type_text(focus(qtbot, dialog.note), "Objektivat e planit u arritën.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    case = run_job(qtbot, db, lambda s: s.get(case_id))
    assert case.fields["status"] == "closed"
    assert case.fields["closure_reason"] == "goals_reached"
    notes = run_job(qtbot, db, lambda s: s.query("note", case_id=case_id))
    assert notes[0].fields["text"] == "Objektivat e planit u arritën."


def test_closing_before_the_opening_date_is_refused_inline(qtbot: Any, db: Operations,
                                                           case_id: str) -> None:
    dialog = opened(qtbot, CloseCaseDialog(db, case_id, db_profile(db, qtbot)))
    qtbot.waitUntil(lambda: dialog.opened_on is not None)
    dialog.set_reason("lost_contact")
    dialog.date.set_value("2024-12-31")
    dialog.save()
    assert "10.01.2025" in dialog.date_field.error_text
    case = run_job(qtbot, db, lambda s: s.get(case_id))
    assert case.fields["status"] == "open"


# -- registering a person -----------------------------------------------------------------------

def existing_person(vault: OpenVault) -> str:
    person = register_person(vault.store, {
        "first_name": "Engjëll", "last_name": "Çela", "father_name": "Gjon", "sex": "M",
        "birth_date": "1950-03-04", "village": "Qelëz", "administrative_unit": "Qerret"},
        new_household={"size": 2})
    return person.id


def type_new_person(dialog: RegisterPersonDialog) -> None:
    dialog.set_text("first_name", "Engjell")        # typed without ë and ç
    dialog.set_text("last_name", "Cela")
    dialog.birth_date.set_value("1950-11-20")       # same year, another day
    dialog.set_text("village", "Qelez")


def test_duplicate_is_proposed_before_saving(qtbot: Any, db: Operations,
                                             vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(db, vault.profile))
    type_new_person(dialog)
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    assert "Engjëll Çela" in dialog.card_for(existing).findChildren(QLabel)[0].text()

    dialog.save()                                   # not before the match is looked at
    assert dialog.isVisible()
    assert dialog.banner.isVisibleTo(dialog)
    assert run_job(qtbot, db, lambda s: s.count("person")) == 1

    dialog.card_for(existing).other_button.click()  # "it is someone else"
    assert dialog.card_for(existing) is None
    with qtbot.waitSignal(dialog.registered, timeout=5000) as registered:
        dialog.save()
    person = run_job(qtbot, db, lambda s: s.get(registered.args[0]))
    assert person.fields["first_name"] == "Engjell"
    assert person.fields["village"] == "Qelez" or person.fields["village"] == "Qelëz"
    assert person.fields.get("household_id")


def test_use_the_registered_person_instead(qtbot: Any, db: Operations,
                                           vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(db, vault.profile))
    type_new_person(dialog)
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    with qtbot.waitSignal(dialog.chosen) as chosen:
        dialog.card_for(existing).use_button.click()
    assert chosen.args == [existing]
    assert dialog.person_id == existing
    assert run_job(qtbot, db, lambda s: s.count("person")) == 1


def test_the_check_runs_again_when_saving(qtbot: Any, db: Operations,
                                          vault: OpenVault) -> None:
    existing = existing_person(vault)
    dialog = opened(qtbot, RegisterPersonDialog(db, vault.profile))
    type_new_person(dialog)
    dialog._check_timer.stop()                      # Save pressed before the check ran
    dialog.save()
    qtbot.waitUntil(lambda: dialog.card_for(existing) is not None, timeout=3000)
    assert run_job(qtbot, db, lambda s: s.count("person")) == 1


def test_required_names_are_checked_inline(qtbot: Any, db: Operations,
                                           vault: OpenVault) -> None:
    dialog = opened(qtbot, RegisterPersonDialog(db, vault.profile))
    QTest.keyClicks(focus(qtbot, dialog.edits["first_name"]), "Besa")
    press_save()
    assert dialog.fields["last_name"].error_text
    assert dialog.fields["first_name"].error_text == ""


# -- referrals ----------------------------------------------------------------------------------

def add_providers(vault: OpenVault) -> tuple[str, str]:
    day_centre = add_provider(vault.store, "Qendra ditore për të moshuarit Qerret",
                              services=["day_centre", "home_care"],
                              target_groups=["elderly"], administrative_unit="Qerret",
                              phone="068 000 0001", capacity=25, level="local")
    shelter = add_provider(vault.store, "Strehëza kombëtare", services=["protected_housing"],
                           target_groups=["domestic_violence"], level="national")
    return day_centre.id, shelter.id


def test_refer_to_a_provider_from_the_directory(qtbot: Any, db: Operations, vault: OpenVault,
                                                case_id: str) -> None:
    day_centre, _shelter = add_providers(vault)
    dialog = opened(qtbot, ReferralDialog(db, case_id, vault.profile))
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "")
    dialog.save()
    assert dialog.fields["service"].error_text       # no service chosen yet
    dialog.service.setCurrentIndex(dialog.service.findData("day_centre"))
    qtbot.waitUntil(lambda: [p.id for p in dialog.providers] == [day_centre])
    dialog.pick_provider(day_centre)
    assert dialog.provider_name.text().startswith("Qendra ditore")
    dialog.prescribed.setChecked(True)
    dialog.prescribed_by.setText("Komisioni mjekësor")
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        dialog.save()
    referral = run_job(qtbot, db, lambda s: s.get(saved.args[0]))
    assert referral.fields["provider_id"] == day_centre
    assert referral.fields["prescribed"] is True
    assert referral.fields["status"] == "sent"


def test_referral_status_changes_and_not_delivered_stays_visible(
        qtbot: Any, db: Operations, vault: OpenVault, case_id: str) -> None:
    first = refer(vault.store, case_id, "home_care", provider_name="Kryqi i Kuq",
                  prescribed=True, sent_on="2025-02-01")
    dialog = opened(qtbot, ReferralDialog(db, case_id, vault.profile))
    qtbot.waitUntil(lambda: len(dialog.referrals) == 1)
    dialog.tabs.setCurrentIndex(1)
    assert "not delivered" in dialog.statuses.referral_table.item(0, 5).text()
    dialog.statuses.referral_table.selectRow(0)
    select_code(dialog.statuses.new_status, "not_possible")
    dialog.save()
    assert dialog.statuses.status_fields["reason"].error_text  # why not possible?
    select_code(dialog.statuses.not_possible_reason, "distance")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.referrals[0].fields["status"] == "not_possible")
    saved = run_job(qtbot, db, lambda s: s.get(first.id))
    assert saved.fields["not_possible_reason"] == "distance"
    assert "not delivered" in dialog.statuses.referral_table.item(0, 5).text()
    dialog.reject()
    assert dialog.result() == QDialog.DialogCode.Accepted   # the case view refreshes


# -- the plan -----------------------------------------------------------------------------------

def open_plan(qtbot: Any, db: Operations, vault: OpenVault, case_id: str) -> PlanEditor:
    editor = opened(qtbot, PlanEditor(db, case_id, vault.profile))
    qtbot.waitUntil(lambda: editor.subtitle.text() != "")
    return editor


def test_add_a_plan_action(qtbot: Any, db: Operations, vault: OpenVault, case_id: str) -> None:
    editor = open_plan(qtbot, db, vault, case_id)
    assert editor.plan is None
    assert editor.plan_type.currentData() == "home_service_plan"   # from the case type
    editor.goals.setPlainText("Ngrohje për dimër\nKujdes në shtëpi dy herë në javë")
    editor.add_action()
    action = editor.action_dialog
    assert action is not None
    action.save()
    assert action.fields["description"].error_text        # the action must say what
    action.set_values({"goal": "Ngrohje për dimër", "description": "Dru për dimër",
                       "service": "emergency_fund", "responsible": "Arta (punonjëse sociale)",
                       "start_date": "2025-10-01", "end_date": "2025-10-15",
                       "frequency": "Once", "status": "planned"})
    with qtbot.waitSignal(editor.saved, timeout=5000):
        action.save()
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    assert editor.actions_panel.table.item(0, 1).text() == "Dru për dimër"
    saved = run_job(qtbot, db, lambda s: s.query("plan_action", case_id=case_id))
    assert len(saved) == 1
    assert saved[0].fields["service"] == "emergency_fund"
    assert saved[0].fields["plan_id"] == editor.plan.id
    assert editor.plan.fields["goals"][0]["text"] == "Ngrohje për dimër"


def test_sign_off_and_new_version(qtbot: Any, db: Operations, vault: OpenVault,
                                  case_id: str) -> None:
    editor = open_plan(qtbot, db, vault, case_id)
    editor.goals.setPlainText("Mbështetje me ushqime")
    editor.save_action(None, {"description": "Pako ushqimore çdo muaj",
                              "service": "food_package", "status": "planned"})
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    signatures = editor.signatures
    QTest.mouseClick(signatures.worker_sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(editor.plan.fields.get("signed_worker_on")))
    QTest.mouseClick(signatures.by_guardian, Qt.MouseButton.LeftButton)
    QTest.mouseClick(signatures.beneficiary_sign, Qt.MouseButton.LeftButton)
    assert signatures.error.isVisibleTo(editor)     # the guardian's name is missing
    QTest.keyClicks(focus(qtbot, signatures.guardian_name), "Lule Gjoka")
    QTest.mouseClick(signatures.beneficiary_sign, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.plan.fields.get("status") == "active")
    assert editor.plan.fields["signed_by_guardian"] == "Lule Gjoka"
    assert not editor.actions_panel.add_button.isEnabled() and editor.version_button.isEnabled()

    QTest.mouseClick(editor.version_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.plan.fields["version"] == 2)
    assert editor.plan.fields["status"] == "draft" and len(editor.actions) == 1
    assert editor.actions_panel.add_button.isEnabled()


def test_remove_an_action_and_keep_half_typed_goals(qtbot: Any, db: Operations,
                                                    vault: OpenVault, case_id: str) -> None:
    editor = open_plan(qtbot, db, vault, case_id)
    editor.save_action(None, {"description": "Vizitë mujore", "status": "planned"})
    qtbot.waitUntil(lambda: len(editor.actions) == 1)
    editor.remove(editor.actions[0].id)
    qtbot.waitUntil(lambda: editor.actions == [])
    assert run_job(qtbot, db, lambda s: s.query("plan_action", case_id=case_id)) == []

    editor.goals.setPlainText("Objektiv i pa ruajtur")
    with qtbot.waitSignal(editor.drafts.saved, timeout=3000):
        pass
    editor.reject()
    again = open_plan(qtbot, db, vault, case_id)
    qtbot.waitUntil(lambda: again.goals.toPlainText() == "Objektiv i pa ruajtur")


# -- language ------------------------------------------------------------------------------------

def test_dialogs_follow_a_change_of_language(qtbot: Any, db: Operations, vault: OpenVault,
                                             case_id: str) -> None:
    profile = vault.profile
    made = [opened(qtbot, make) for make in (
        AssessmentDialog(db, case_id, "elderly_functional"), PlanEditor(db, case_id, profile),
        ReferralDialog(db, case_id, profile), VisitDialog(db, case_id, profile),
        RegisterPersonDialog(db, profile), CloseCaseDialog(db, case_id, profile))]
    qtbot.waitUntil(lambda: made[0].view.is_loaded and made[1].subtitle.text() != "")
    before = current_language()
    try:
        switch_language("sq")
        assert made[5].save_button.text() == "Mbyll rastin"
        assert made[1].actions_panel.add_button.text() == "Shto një veprim"
        assert made[0].view.row("informant").title.text().startswith("Burimi")
        switch_language("en")
        assert made[5].save_button.text() == "Close the case"
        assert made[4].fields["first_name"].title.text().startswith("First name")
        assert made[0].view.row("informant").title.text().startswith("Source")
    finally:
        switch_language(before)
