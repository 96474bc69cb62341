"""Screenshots of the main screens at 1366 × 768, offscreen, for review.

    .venv/bin/python bench/screenshots.py [--language sq|en|sr|sr-Cyrl] [--scale 1.0] [--quick]
                                         [--out DIR]

Writes PNGs to ``bench/out/screenshots/`` (unlock, today, case list, case view, a form and
the plan editor). The demo vault is built once in a temporary folder with synthetic people.
``--quick`` takes the same screenshots of a smaller caseload into a temporary folder: a check
that every screen still opens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QElapsedTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

OUT = ROOT / "bench" / "out" / "screenshots"
USER, PASSWORD = "arta.gjoka", "screenshot-pass"


def wait_until(condition: Callable[[], bool], timeout_ms: int = 20_000) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not condition():
        if timer.elapsed() > timeout_ms:
            raise TimeoutError("the screen did not become ready")
        QCoreApplication.processEvents()
        QApplication.instance().thread().msleep(5)
    for _ in range(5):
        QCoreApplication.processEvents()


def build_vault(data_dir: Path, persons: int = 3_650) -> str:
    """A vault with synthetic data; returns the id of a case made to show every tab."""
    from desktop.core.demo import add_demo_data
    from desktop.core.keys import FAST_KDF
    from desktop.core.vault import create_vault

    vault = create_vault(data_dir, USER, PASSWORD, kdf=FAST_KDF)
    store = vault.store
    add_demo_data(store, persons, seed=7, municipalities=("Pukë",), workers=(USER, USER, "besnik"))
    case_id = showcase_case(store)
    vault.lock()
    return case_id


def showcase_case(store) -> str:  # noqa: ANN001 (a Store)
    """A domestic violence case with an order, a plan, visits and referrals."""
    today = dt.date.today()
    case = store.query("case", subtype="domestic_violence", status="open", limit=1)[0]
    household_id = case.fields.get("household_id")
    if household_id:
        store.update(household_id, {"abuser_present": True})
    store.create("measure", {"case_id": case.id, "measure_type": "protection_order",
                             "issued_on": (today - dt.timedelta(days=40)).isoformat(),
                             "issued_by": "Gjykata e Rrethit Shkodër",
                             "end_date": (today + dt.timedelta(days=320)).isoformat(),
                             "status": "active",
                             "next_report_due": (today + dt.timedelta(days=20)).isoformat()})
    plan = store.create("plan", {"case_id": case.id, "plan_type": "care_plan", "version": 1,
                                 "status": "active", "created_on": today.isoformat(),
                                 "review_date": (today + dt.timedelta(days=90)).isoformat(),
                                 "goals": [{"text": "Siguria e përfitueses"}]})
    for goal, action, service in (
            ("Siguria e përfitueses", "Strehim i përkohshëm në qendrën e mbrojtur",
             "protected_housing"),
            ("Mbështetje psikologjike", "Seanca këshillimi çdo javë", "counselling"),
            ("Pavarësi ekonomike", "Regjistrim në zyrën e punësimit", "employment_office")):
        store.create("plan_action", {"plan_id": plan.id, "case_id": case.id, "goal": goal,
                                     "description": action, "service": service,
                                     "responsible": USER, "status": "in_progress",
                                     "start_date": today.isoformat()})
    for days, text in ((30, "Përfituesja ishte e qetë; fëmijët në shkollë."),
                       (9, "Kushtet e banimit janë përmirësuar; nevojitet ndjekje.")):
        store.create("visit", {"case_id": case.id, "household_id": household_id,
                               "visit_date": (today - dt.timedelta(days=days)).isoformat(),
                               "protocol": "routine", "observations": text,
                               "visited_by": USER, "village": case.fields.get("village"),
                               "administrative_unit": case.fields.get("administrative_unit"),
                               "follow_up_date": (today + dt.timedelta(days=5)).isoformat()})
    store.create("referral", {"case_id": case.id, "service": "counselling",
                              "provider_name": "Qendra “Hapa të Lehtë”", "status": "sent",
                              "sent_on": (today - dt.timedelta(days=20)).isoformat(),
                              "response_due": (today - dt.timedelta(days=5)).isoformat()})
    return case.id


def settle(seconds: float) -> None:
    timer = QElapsedTimer()
    timer.start()
    while timer.elapsed() < seconds * 1000:
        QCoreApplication.processEvents()
        QApplication.instance().thread().msleep(5)


def save(widget: QWidget, name: str) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    for _ in range(10):
        QCoreApplication.processEvents()
    widget.grab().save(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def main() -> int:
    global OUT
    parser = argparse.ArgumentParser(description=__doc__)
    from desktop.core.i18n import LANGUAGES

    parser.add_argument("--language", choices=LANGUAGES, default="sq")
    parser.add_argument("--out", type=Path, default=None, help="folder for the pictures")
    parser.add_argument("--scale", default="1")
    parser.add_argument("--quick", action="store_true",
                        help="a smaller caseload, pictures into a temporary folder (smoke run)")
    args = parser.parse_args()
    OUT = args.out or OUT
    if args.quick and not args.out:
        with tempfile.TemporaryDirectory() as pictures:
            OUT = Path(pictures)
            return take(args.language, args.scale, persons=800, strict=True)
    if args.quick:
        return take(args.language, args.scale, persons=800, strict=True)
    return take(args.language, args.scale, persons=3_650, strict=False)


def take(language: str, scale: str, persons: int, strict: bool) -> int:
    """The screenshots; ``strict``: a dialog that cannot be opened fails the run."""
    args = argparse.Namespace(language=language, scale=scale)
    os.environ["QT_SCALE_FACTOR"] = args.scale
    from desktop.core.i18n import set_language

    set_language(args.language)
    config = tempfile.TemporaryDirectory()
    os.environ["KUJDES_CONFIG_DIR"] = config.name
    from desktop.core.settings import Settings
    from desktop.ui.app import make_application
    from desktop.ui.main_window import MainWindow
    from desktop.ui.ops import wait_for_background

    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        case_id = build_vault(data_dir, persons)
        window = MainWindow(data_dir, Settings(language=args.language),
                            demo_hint=("demo", "kujdes-demo"))
        window.resize(1366, 768)
        window.show()
        try:
            shoot(window, case_id, strict)
        finally:
            window.shutdown()
            window.close()
            wait_for_background()
    del app
    config.cleanup()
    return 0


def shoot(window, case_id: str, strict: bool) -> None:  # noqa: ANN001 (a MainWindow)
    unlock = window.unlock_screen
    unlock.password.setText(PASSWORD)
    save(window, "01-unlock")
    unlock.submit()
    wait_until(lambda: window.workspace is not None)
    today = window.workspace.screen("today")
    wait_until(lambda: today._data is not None and not today.busy.isVisible())
    save(window, "02-today")
    window.workspace.navigate("cases")
    cases = window.workspace.screen("cases")
    wait_until(lambda: cases.model.rowCount() > 0 and cases.model.is_loaded(0))
    wait_until(lambda: not cases.busy.isVisible())
    save(window, "03-case-list")
    view = window.workspace.open_case(case_id)
    wait_until(lambda: view.data is not None)
    save(window, "04-case-view")
    view.tabs.setCurrentIndex(3)
    save(window, "05-case-plan-tab")
    shoot_dialogs(window, view, case_id, strict)
    for number, key in enumerate(("people", "visits", "referrals", "reports", "sync", "admin"),
                                 start=8):
        window.workspace.navigate(key)
        screen = window.workspace.screen(key)
        model = getattr(screen, "model", None)
        if model is not None and hasattr(model, "loading"):
            wait_until(lambda m=model: not m.loading and (m.rowCount() == 0 or m.is_loaded(0)))
        busy = getattr(screen, "busy", None)
        if busy is not None and hasattr(busy, "isVisible"):
            wait_until(lambda b=busy: not b.isVisible())
        settle(1.5 if key == "reports" else 0.1)
        save(window, f"{number:02d}-{key}")


def shoot_dialogs(window, view, case_id: str, strict: bool) -> None:  # noqa: ANN001, ARG001
    from desktop.ui.dialogs import AssessmentDialog, PlanEditor

    session = window.session
    dialog = session.dialogs.open(AssessmentDialog, (session.ops, case_id, "intake"), view)
    dialog.resize(1000, 700)
    wait_until(lambda: dialog.view.is_loaded and dialog.view.is_built)  # every field shown
    save(dialog, "06-form")
    dialog.reject()
    dialog = session.dialogs.open(PlanEditor, (session.ops, case_id, session.profile), view)
    dialog.resize(1100, 720)
    for _ in range(50):
        QCoreApplication.processEvents()
    wait_until(lambda: True)
    save(dialog, "07-plan-editor")
    dialog.reject()


if __name__ == "__main__":
    sys.exit(main())
