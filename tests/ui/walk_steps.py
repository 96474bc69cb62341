"""The steps of the case process, walked by keyboard only (see :mod:`tests.ui.walk`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from tests.ui.walk import CTRL, WalkBlocked, Walker

KEY = Qt.Key


def dialog_of(window: Any, kind: type) -> Any:
    found = window.session.dialogs.dialog() if window.session is not None else None
    return found if isinstance(found, kind) else None


def wait_dialog(w: Walker, window: Any, kind: type) -> Any:
    w.wait(lambda: dialog_of(window, kind) is not None, 10_000, kind.__name__)
    return dialog_of(window, kind)


def unlock(w: Walker, window: Any, password: str) -> None:
    w.wait(lambda: QApplication.focusWidget() is window.unlock_screen.password, 5_000,
           "the password field")
    w.type(password)
    w.key(KEY.Key_Return)
    w.wait(lambda: window.workspace is not None, 20_000, "the workspace")
    w.step_done("unlock")


def go_to(w: Walker, window: Any, key: str) -> Any:
    """From anywhere in the workspace: to the navigation list, then arrows to the screen."""
    from desktop.ui.workspace import NAV
    nav = window.workspace.nav
    w.tab_to(nav)
    w.key(KEY.Key_Home)   # some screens are not shown to every role: Down until it is there
    for _ in range(len(NAV)):
        w.wait(lambda: nav.currentItem() is not None, 5_000, "the navigation")
        if window.workspace.current_key() == key:
            break
        w.key(KEY.Key_Down)
    w.wait(lambda: window.workspace.current_key() == key, 5_000, key)
    return window.workspace.screen(key)


def register_person(w: Walker, window: Any, person: dict[str, str]) -> Any:
    from desktop.ui.dialogs import RegisterPersonDialog
    screen = go_to(w, window, "people")
    w.tab_to(screen.register_button)
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, RegisterPersonDialog)
    w.wait(lambda: QApplication.focusWidget() is dialog.edits["first_name"], 5_000,
           "the first name")
    for name in ("first_name", "last_name", "birth_date", "administrative_unit", "village"):
        target = dialog.birth_date.focus_widgets()[0] if name == "birth_date" \
            else dialog.edits[name]
        w.tab_to(target)
        w.type(person[name])
    w.wait(lambda: not dialog._check_timer.isActive(), 5_000, "the look for similar people")
    w.key(KEY.Key_S, CTRL)
    w.wait(lambda: dialog_of(window, RegisterPersonDialog) is None, 10_000, "the registration")
    w.wait(lambda: w.focus() is screen.open_case_button, 10_000,
           "Open a case, focused")
    w.step_done("register a person")
    return screen


def open_case(w: Walker, window: Any, screen: Any, case: dict[str, str]) -> Any:
    """From the person just registered ("Open a case" focused) to the new case's screen."""
    from desktop.ui.dialogs.open_case import OpenCaseDialog
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, OpenCaseDialog)
    w.wait(lambda: dialog.choices is not None, 5_000, "the case types")
    for name, combo in (("case_type", dialog.case_type), ("referral_source", dialog.source),
                        ("risk_level", dialog.risk), ("urgency", dialog.urgency)):
        w.tab_to(combo)
        w.choose(combo, lambda code, n=name: code == case[n])
    w.tab_to(dialog.notes)
    w.type(case["notes"])
    w.key(KEY.Key_S, CTRL)
    w.wait(lambda: window.workspace.current_key() == "case", 10_000, "the case screen")
    view = window.workspace.case_view
    w.wait(lambda: view.data is not None, 10_000, "the case")
    w.step_done("open a case")
    return view


def to_case_tab(w: Walker, view: Any, tab: str) -> None:
    """Ctrl+Tab until the case tab ``tab`` shows."""
    from desktop.ui.case_view import TABS
    wanted = TABS.index(tab)
    for _ in range(len(TABS)):
        if view.current_tab() == wanted:
            return
        w.key(KEY.Key_Tab, CTRL)
    raise WalkBlocked(f"the case tab {tab} not reached by Ctrl+Tab")


def start_assessment(w: Walker, window: Any, view: Any, form_id: str) -> Any:
    from desktop.ui.dialogs import AssessmentDialog
    to_case_tab(w, view, "assessments")
    w.wait(lambda: view.form_choice.count() > 0, 10_000, "the forms offered")
    w.tab_to(view.form_choice)
    w.choose(view.form_choice, lambda code: code == form_id)
    w.tab_to(view.new_assessment)
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, AssessmentDialog)
    w.wait(lambda: dialog.view.is_loaded, 10_000, "the form")
    return dialog


def fill_form(w: Walker, view: Any, answers: dict[str, Any]) -> None:
    """Answer a form in its order: a choice by its position (radio: Space, then arrows;
    drop-down: arrows), several choices by their positions (Space on each), text typed.
    Questions left out keep what they show (a date of today, a first choice)."""
    from desktop.ui.forms.editors.choices import ComboEditor, MultiEditor, RadioEditor
    for key, answer in answers.items():
        w.wait(lambda k=key: view.is_shown(k), 5_000, f"the question {key}")
        editor = view.editor(key)
        stops = editor.focus_widgets()
        if isinstance(editor, MultiEditor):
            for position in answer:
                w.tab_to(stops[position])
                w.key(KEY.Key_Space)
            continue
        w.tab_to(lambda widget, s=stops: widget in s)
        if isinstance(editor, RadioEditor):
            if not w.focus().isChecked():
                w.key(KEY.Key_Space)
            _arrow_to(w, stops, answer)
        elif isinstance(editor, ComboEditor):
            w.key(KEY.Key_Home)
            w.key(KEY.Key_Down, times=answer)
        else:
            w.key(KEY.Key_A, CTRL)
            w.type(str(answer))


def _arrow_to(w: Walker, buttons: list[Any], wanted: int) -> None:
    """Arrow keys from the focused radio button to the one at ``wanted``: Right to the next
    one on the same line, Down to one below (Qt moves by the buttons' places)."""
    while (here := buttons.index(w.focus())) != wanted:
        step = 1 if wanted > here else -1
        beside = buttons[here + step].y() == buttons[here].y()
        keys = (KEY.Key_Right, KEY.Key_Left) if beside else (KEY.Key_Down, KEY.Key_Up)
        w.key(keys[0] if step > 0 else keys[1])
        if w.focus() is buttons[here]:
            raise WalkBlocked(f"the arrow keys do not reach choice {wanted}")


def save_dialog(w: Walker, window: Any, kind: type) -> None:
    """Ctrl+S, and the dialog is gone."""
    w.key(KEY.Key_S, CTRL)
    w.wait(lambda: dialog_of(window, kind) is None, 10_000, f"{kind.__name__} saved")


def in_days(days: int) -> str:
    """A date ``days`` from today as a worker types it (dd.mm.yyyy)."""
    import datetime as dt
    return (dt.date.today() + dt.timedelta(days=days)).strftime("%d.%m.%Y")


def child_risk() -> dict[str, Any]:
    """Answers to the child protection risk form (a review in 90 days)."""
    return {"child_age": "12", "concerns": [3], "immediate_danger": 1,
            "perpetrator_access": 1, "safety_supervision": 1, "safety_environment": 0,
            "harm_severity": 1, "harm_frequency": 1, "child_vulnerability": 1,
            "caregiver_protection": 1, "caregiver_wellbeing": 0, "caregiver_parenting": 1,
            "caregiver_cooperation": 0, "need_basic": 1, "need_health": 0,
            "need_education": 1, "need_emotional": 1, "measure_proposed": 1,
            "review_date": in_days(90)}


def assessment(w: Walker, window: Any, view: Any, form_id: str,
               answers: dict[str, Any]) -> None:
    from desktop.ui.dialogs import AssessmentDialog
    dialog = start_assessment(w, window, view, form_id)
    fill_form(w, dialog.view, answers)
    save_dialog(w, window, AssessmentDialog)
    w.step_done(f"assessment {form_id}")


def open_case_action(w: Walker, window: Any, view: Any, tab: str, kind: type) -> Any:
    """Ctrl+Tab to the case tab, Tab to the action button of ``kind``, Space."""
    to_case_tab(w, view, tab)
    opener = view.action_buttons[kind]
    w.wait(opener.isVisible, 5_000, f"the button for {kind.__name__}")
    w.tab_to(opener)
    w.key(KEY.Key_Space)
    return wait_dialog(w, window, kind)


def write_plan(w: Walker, window: Any, view: Any, plan: dict[str, str]) -> None:
    """Goals, one action, the worker's and the guardian's signatures; Escape closes."""
    from desktop.ui.dialogs import PlanEditor
    editor = open_case_action(w, window, view, "plan", PlanEditor)
    w.wait(lambda: editor._loaded, 10_000, "the plan")
    w.tab_to(editor.goals)
    w.type(plan["goal"])
    w.tab_to(editor.actions_panel.add_button)
    w.key(KEY.Key_Space)
    w.wait(lambda: editor.action_dialog is not None and editor.action_dialog.isVisible(),
           5_000, "the action dialog")
    action = editor.action_dialog
    w.tab_to(action.description)
    w.type(plan["action"])
    w.tab_to(action.service)
    w.choose(action.service, lambda code: code == plan["service"])
    w.key(KEY.Key_S, CTRL)
    w.wait(lambda: len(editor.actions) == 1, 10_000, "the action in the plan")
    signatures = editor.signatures
    w.tab_to(signatures.worker_sign)
    w.key(KEY.Key_Space)
    w.wait(lambda: bool(editor.plan.fields.get("signed_worker_on")), 10_000,
           "the worker's signature")
    if plan.get("guardian"):
        w.tab_to(signatures.by_beneficiary)
        _arrow_to(w, [signatures.by_beneficiary, signatures.by_guardian], 1)
        w.tab_to(signatures.guardian_name)
        w.type(plan["guardian"])
    w.tab_to(signatures.beneficiary_sign)
    w.key(KEY.Key_Space)
    w.wait(lambda: bool(editor.plan.fields.get("signed_beneficiary_on")), 10_000,
           "the beneficiary's signature")
    w.key(KEY.Key_Escape)
    w.wait(lambda: dialog_of(window, PlanEditor) is None, 10_000, "the plan editor closed")
    w.step_done("write a plan")


def approve_plan(w: Walker, window: Any, view: Any) -> None:
    from desktop.ui.dialogs.plan_approval import PlanApprovalDialog
    to_case_tab(w, view, "plan")
    w.wait(view.approve_button.isVisible, 10_000, "the approval button")
    w.tab_to(view.approve_button)
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, PlanApprovalDialog)
    w.wait(lambda: dialog.state is not None, 10_000, "the plan to approve")
    save_dialog(w, window, PlanApprovalDialog)
    w.wait(lambda: view.data is not None and view.data.current_plan is not None
           and bool(view.data.current_plan.fields.get("approved_on")), 10_000, "the approval")
    w.step_done("approve the plan")


def refer(w: Walker, window: Any, view: Any, service: str, reason: str) -> None:
    from desktop.ui.dialogs import ReferralDialog
    dialog = open_case_action(w, window, view, "referrals", ReferralDialog)
    w.tab_to(dialog.service)
    w.choose(dialog.service, lambda code: code == service)
    w.tab_to(dialog.reason)
    w.type(reason)
    save_dialog(w, window, ReferralDialog)
    w.step_done("refer")


def record_visit(w: Walker, window: Any, view: Any, present: str, seen: str) -> None:
    """Date (today) and protocol as offered; who was there and what was seen typed."""
    from desktop.ui.dialogs import VisitDialog
    dialog = open_case_action(w, window, view, "visits", VisitDialog)
    w.tab_to(dialog.present)
    w.type(present)
    w.tab_to(dialog.observations)
    w.type(seen)
    save_dialog(w, window, VisitDialog)
    w.step_done("record a visit")


def review_plan(w: Walker, window: Any, view: Any, note: str) -> None:
    from desktop.ui.dialogs.plan_review import PlanReviewDialog
    to_case_tab(w, view, "plan")
    w.wait(view.review_button.isVisible, 10_000, "the review button")
    w.tab_to(view.review_button)
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, PlanReviewDialog)
    w.wait(lambda: dialog.state is not None, 10_000, "the plan to review")
    w.tab_to(dialog.note)
    w.type(note)
    save_dialog(w, window, PlanReviewDialog)
    w.step_done("review the plan")


def close_case(w: Walker, window: Any, view: Any, reason: str, note: str) -> None:
    from desktop.ui.dialogs import CloseCaseDialog
    w.tab_to(view.close_button)
    w.key(KEY.Key_Space)
    dialog = wait_dialog(w, window, CloseCaseDialog)
    buttons = list(dialog.reason_buttons.values())
    w.tab_to(lambda widget: widget in buttons)
    w.key(KEY.Key_Space)
    _arrow_to(w, buttons, list(dialog.reason_buttons).index(reason))
    w.tab_to(dialog.note)
    w.type(note)
    save_dialog(w, window, CloseCaseDialog)
    w.wait(lambda: view.data is not None and view.data.case.fields.get("status") == "closed",
           10_000, "the case closed")
    w.step_done("close the case")


def find_case(w: Walker, window: Any, text: str, case_id: str) -> Any:
    """The case list, Ctrl+F, the name typed, Enter opens the only match."""
    screen = go_to(w, window, "cases")
    w.key(KEY.Key_F, CTRL)
    w.wait(lambda: w.focus() is screen.search, 5_000, "the search box")
    w.type(text)
    w.wait(lambda: screen.model.rowCount() == 1 and screen.model.is_loaded(0), 10_000,
           "the one case found")
    w.key(KEY.Key_Return)

    def shown() -> bool:
        view = window.workspace.case_view
        return view is not None and view.data is not None and view.data.case.id == case_id

    w.wait(shown, 10_000, "the case")
    w.step_done("find the case")
    return window.workspace.case_view


def update_plan_action(w: Walker, window: Any, view: Any, status: str) -> None:
    """The plan's first action gets a new status (an action done since the last visit)."""
    from desktop.ui.dialogs import PlanEditor
    editor = open_case_action(w, window, view, "plan", PlanEditor)
    w.wait(lambda: editor._loaded and bool(editor.actions), 10_000, "the plan's actions")
    panel = editor.actions_panel
    w.tab_to(panel.table)
    w.key(KEY.Key_Return)                      # Enter on the (first) action changes it
    w.wait(lambda: editor.action_dialog is not None and editor.action_dialog.isVisible(),
           5_000, "the action dialog")
    action = editor.action_dialog
    w.tab_to(action.status)
    w.choose(action.status, lambda code: code == status)
    w.key(KEY.Key_S, CTRL)
    w.wait(lambda: editor.actions[0].fields.get("status") == status, 10_000,
           "the action's status saved")
    if isinstance(w.focus(), QAbstractItemView):
        w.key(KEY.Key_Escape)                  # Escape first leaves the table (the rule)
    w.key(KEY.Key_Escape)
    w.wait(lambda: dialog_of(window, PlanEditor) is None, 10_000, "the plan editor closed")
    w.step_done("update the plan")


def print_preview(w: Walker, window: Any, view: Any, kind: str) -> None:
    """The Documents tab, the document chosen with the arrows, Print, then Escape."""
    from desktop.ui.printing import PrintPreviewDialog
    # the case is read again after the last change: choose once it is on screen (a person
    # waits for the list before pressing the arrows)
    w.wait(lambda: view.busy._depth == 0 and view.data is not None
           and any(d.kind == kind for d in view.data.documents), 10_000, "the documents")
    to_case_tab(w, view, "documents")
    table = view._tab("documents").table
    w.tab_to(table)
    w.key(KEY.Key_Home, CTRL)
    for _ in range(table.rowCount()):
        chosen = view.selected_document()
        if chosen is not None and chosen.kind == kind:
            break
        w.key(KEY.Key_Down)
    w.tab_to(view.print_button)
    w.key(KEY.Key_Space)
    w.wait(lambda: isinstance(QApplication.activeModalWidget(), PrintPreviewDialog), 10_000,
           "the print preview")
    preview = QApplication.activeModalWidget()
    w.wait(lambda: preview.is_ready, 20_000, "the pages")
    w.key(KEY.Key_Escape)
    w.wait(lambda: not isinstance(QApplication.activeModalWidget(), PrintPreviewDialog),
           5_000, "the preview closed")
    w.step_done("print preview")
