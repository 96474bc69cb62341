"""The case dialogs against real vaults: assessments, visits, closing a case."""
# ruff: noqa: F811  (fixtures imported from the support module are redefined as arguments)

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtWidgets import QDialog  # noqa: E402

from desktop.core.casework.assessments import assessments_of_case  # noqa: E402
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
from desktop.ui.dialogs.visit import FORM, visit_draft_key  # noqa: E402
from desktop.ui.forms import FormView  # noqa: E402
from desktop.ui.forms.editors import RadioEditor, TextEditor  # noqa: E402
from desktop.ui.language import switch_language  # noqa: E402
from desktop.ui.ops import Operations  # noqa: E402
from tests.ui.dialog_support import case_id, focus, opened, press_save  # noqa: E402, F401
from tests.ui.test_forms_support import ops, run_job, type_text  # noqa: E402, F401


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


def test_assessment_with_skip_logic_and_an_inline_error(qtbot: Any, ops: Operations,
                                                        vault: OpenVault, case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(ops, case_id, "home_visit"))
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
    assert run_job(qtbot, ops, lambda s: assessments_of_case(s, case_id)) == []

    fill_home_visit(view)                            # fixed: the message goes
    assert view.error_text("present") == ""
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    saved = run_job(qtbot, ops, lambda s: assessments_of_case(s, case_id))
    assert saved[0].fields["form_id"] == "home_visit"
    assert "response_reason" not in saved[0].fields["answers"]


def test_elderly_assessment_is_saved_with_its_scores(qtbot: Any, ops: Operations,
                                                     vault: OpenVault, case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(ops, case_id, "elderly_functional"))
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
    saved = run_job(qtbot, ops, lambda s: assessments_of_case(s, case_id))
    assert len(saved) == 1
    assert saved[0].fields["computed"]["barthel_total"] == 60
    assert saved[0].fields["answers"]["b_feeding"] == "10"
    key = assessment_draft_key(case_id, "elderly_functional")
    assert run_job(qtbot, ops, lambda s: s.load_draft(key)) is None


def test_assessment_draft_survives_closing_the_dialog(qtbot: Any, ops: Operations,
                                                      case_id: str) -> None:
    dialog = opened(qtbot, AssessmentDialog(ops, case_id, "elderly_functional"))
    qtbot.waitUntil(lambda: dialog.view.is_loaded)
    dialog.view.set_answer("informant", "carer")
    dialog.reject()                                  # closed at once, no debounce wait
    again = opened(qtbot, AssessmentDialog(ops, case_id, "elderly_functional"))
    qtbot.waitUntil(lambda: again.view.is_loaded)
    assert again.view.answers()["informant"] == "carer"
    assert again.view.editor("informant").value() == "carer"


# -- visits -------------------------------------------------------------------------------------

def test_record_a_short_visit(qtbot: Any, ops: Operations, case_id: str) -> None:
    dialog = opened(qtbot, VisitDialog(ops, case_id, db_profile(ops, qtbot)))
    qtbot.waitUntil(lambda: dialog.subtitle.text() != "")
    dialog.protocol.setCurrentIndex(dialog.protocol.findData("rapid_response"))
    assert dialog.follow_up.value() is not None      # suggested from the protocol
    type_text(focus(qtbot, dialog.present), "Përfituesja dhe vajza")
    press_save()
    assert dialog.fields["observations"].error_text  # nothing observed yet
    type_text(focus(qtbot, dialog.observations), "Shtëpia e ftohtë; nuk ka dru për dimër.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    visits = run_job(qtbot, ops, lambda s: visits_of_case(s, case_id))
    assert len(visits) == 1
    fields = visits[0].fields
    assert fields["protocol"] == "rapid_response"
    assert fields["present"] == "Përfituesja dhe vajza"
    assert "dru" in fields["observations"]
    assert run_job(qtbot, ops, lambda s: s.load_draft(visit_draft_key(case_id))) is None


def test_visit_notes_are_kept_as_a_draft(qtbot: Any, ops: Operations, case_id: str) -> None:
    profile = db_profile(ops, qtbot)
    dialog = opened(qtbot, VisitDialog(ops, case_id, profile))
    dialog.observations.setPlainText("Gjysmë e shkruar")
    with qtbot.waitSignal(dialog.drafts.saved, timeout=3000):
        pass
    dialog.reject()
    again = opened(qtbot, VisitDialog(ops, case_id, profile))
    qtbot.waitUntil(lambda: again.observations.toPlainText() == "Gjysmë e shkruar")
    assert again.notice.isVisibleTo(again)


def test_record_a_visit_with_the_home_visit_form(qtbot: Any, ops: Operations,
                                                 case_id: str) -> None:
    dialog = opened(qtbot, VisitDialog(ops, case_id, db_profile(ops, qtbot)))
    view = dialog.form_view
    qtbot.waitUntil(lambda: view.is_loaded)
    dialog.tabs.setCurrentIndex(FORM)
    fill_home_visit(view)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    visits = run_job(qtbot, ops, lambda s: visits_of_case(s, case_id))
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


def db_profile(ops: Operations, qtbot: Any) -> Any:
    return run_job(qtbot, ops, lambda s: s.profile)


# -- closing ------------------------------------------------------------------------------------

def test_close_a_case_with_a_reason(qtbot: Any, ops: Operations, case_id: str) -> None:
    dialog = opened(qtbot, CloseCaseDialog(ops, case_id, db_profile(ops, qtbot)))
    qtbot.waitUntil(lambda: dialog.opened_on is not None)
    focus(qtbot, dialog.note)
    press_save()
    assert dialog.reason_field.error_text            # no reason chosen yet
    dialog.reason_buttons["goals_reached"].click()
    type_text(focus(qtbot, dialog.note), "Objektivat e planit u arritën.")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        press_save()
    case = run_job(qtbot, ops, lambda s: s.get(case_id))
    assert case.fields["status"] == "closed"
    assert case.fields["closure_reason"] == "goals_reached"
    notes = run_job(qtbot, ops, lambda s: s.query("note", case_id=case_id))
    assert notes[0].fields["text"] == "Objektivat e planit u arritën."


def test_closing_before_the_opening_date_is_refused_inline(qtbot: Any, ops: Operations,
                                                           case_id: str) -> None:
    dialog = opened(qtbot, CloseCaseDialog(ops, case_id, db_profile(ops, qtbot)))
    qtbot.waitUntil(lambda: dialog.opened_on is not None)
    dialog.set_reason("lost_contact")
    dialog.date.set_value("2024-12-31")
    dialog.save()
    assert "10.01.2025" in dialog.date_field.error_text
    case = run_job(qtbot, ops, lambda s: s.get(case_id))
    assert case.fields["status"] == "open"


# -- language ------------------------------------------------------------------------------------

def test_dialogs_follow_a_change_of_language(qtbot: Any, ops: Operations, vault: OpenVault,
                                             case_id: str) -> None:
    profile = vault.profile
    made = [opened(qtbot, make) for make in (
        AssessmentDialog(ops, case_id, "elderly_functional"), PlanEditor(ops, case_id, profile),
        ReferralDialog(ops, case_id, profile), VisitDialog(ops, case_id, profile),
        RegisterPersonDialog(ops, profile), CloseCaseDialog(ops, case_id, profile))]
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
