"""``kujdes --self-test``: check that this installation works, without opening a window.

Everything happens in a temporary folder with synthetic demo data: a vault is created,
filled, locked and opened again; every built-in form is filled with its defaults and
validated; every document kind is rendered from demo records; a sync runs against a server
embedded on 127.0.0.1 (when this version has the sync pieces). Then everything is removed.

One line per check is printed (``ok`` or ``FAILED`` and a reason); no personal data, only
counts and names of things. The exit code is 0 only when every check passed. Support uses it
on a user's laptop; the build uses it to check a bundle. The user's own vaults, settings and
data directory are never touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import importlib.util
import logging
import os
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from sync.records import Record

log = logging.getLogger("kujdes.selftest")

USER = "selftest"
MUNICIPALITY = "Pukë"
DEMO_PERSONS = 24


def resource_folders() -> dict[str, Path]:
    """Where the code finds its data: each module's own ``Path(__file__)``-relative folder
    (in a bundle too, which keeps ``resources/`` beside the code)."""
    from desktop.core.demo import PLACES_DIR
    from desktop.core.documents.fonts import FONT_DIR
    from desktop.core.forms import FORMS_DIR
    from desktop.core.i18n import LOCALE_DIR
    from sync.profile import PROFILES_DIR

    icons = Path(__file__).resolve().parents[2] / "resources" / "icons"  # as desktop/ui/style
    return {"profiles": PROFILES_DIR, "forms": FORMS_DIR, "locale": LOCALE_DIR,
            "fonts": FONT_DIR, "icons": icons, "places": PLACES_DIR}


class CheckFailed(Exception):
    """A check did not pass; the message says why (never with personal data)."""


@dataclass
class Outcome:
    name: str
    ok: bool
    detail: str
    seconds: float = 0.0


@dataclass
class SelfTest:
    """The state shared by the checks of one run."""

    root: Path
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    vault: Any = None
    server: Any = None
    demo_values: list[str] = field(default_factory=list)

    @property
    def data_dir(self) -> Path:
        return self.root / "data"


# -- the checks ----------------------------------------------------------------------------

def check_resources(_run: SelfTest) -> str:
    from sync.profile import load_profile

    folders = resource_folders()
    counts = {name: sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0
              for name, folder in folders.items()}
    missing = [name for name, count in counts.items() if count == 0]
    if missing:
        raise CheckFailed(f"missing or empty resource folder(s): {', '.join(missing)}")
    profiles = [load_profile(code) for code in ("AL", "XK")]
    return f"{len(profiles)} country profiles, " + ", ".join(
        f"{n} {name}" for name, n in counts.items() if name != "profiles") + " files"


def check_qt(_run: SelfTest) -> str:
    """The Qt widgets module and a platform plugin are present (looked up, not imported)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise CheckFailed("PySide6 is missing")
    package = Path(next(iter(spec.submodule_search_locations)))
    widgets = [p for p in package.glob("QtWidgets*") if p.suffix in (".so", ".pyd")]
    if not widgets:
        raise CheckFailed("the QtWidgets module is missing")
    plugins = sorted({p.stem.removeprefix("libq").removeprefix("q")
                      for p in package.glob("**/plugins/platforms/*")
                      if p.suffix in (".so", ".dll", ".dylib")})
    if not plugins:
        raise CheckFailed("no Qt platform plugin found")
    return f"PySide6 widgets present, platform plugins: {', '.join(plugins)}"


def check_vault(run: SelfTest) -> str:
    from desktop.core.demo import add_demo_data
    from desktop.core.vault import create_vault, open_vault

    vault = create_vault(run.data_dir, USER, run.password)
    with vault:
        summary = add_demo_data(vault.store, DEMO_PERSONS, seed=7, workers=(USER,),
                                municipalities=(MUNICIPALITY,))
        run.demo_values = _demo_values(vault.store)
    run.vault = vault = open_vault(run.data_dir, USER, run.password)
    persons = vault.store.count("person")
    if persons != summary.persons:
        raise CheckFailed(f"wrote {summary.persons} persons, read back {persons}")
    audit = vault.store.verify_audit()
    if not getattr(audit, "ok", True):
        raise CheckFailed("the audit chain does not verify")
    _check_nothing_readable(run)
    return (f"created, {summary.persons} persons, {summary.households} households and "
            f"{summary.cases} cases written, locked, opened again; nothing readable on disk")


def _demo_values(store: Any) -> list[str]:
    """Names and personal numbers of a few demo persons, to look for on disk."""
    values: list[str] = []
    for person in store.query("person", limit=5):
        values += [str(person.get(k)) for k in ("last_name", "personal_id") if person.get(k)]
    return values


def _check_nothing_readable(run: SelfTest) -> None:
    for path in run.data_dir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data.startswith(b"SQLite format 3\x00"):
            raise CheckFailed(f"{path.name} is not encrypted")
        if any(v.encode("utf-8") in data for v in run.demo_values):
            raise CheckFailed(f"demo data readable in {path.name}")


def check_forms(_run: SelfTest) -> str:
    from desktop.core.forms import FormState, list_forms

    forms = list_forms()
    if not forms:
        raise CheckFailed("no built-in forms found")
    fields = 0
    for definition in forms:
        state = FormState(definition)
        fields += len(state.visible_fields())
        _ = state.computed
        errors = state.errors()
        if not isinstance(errors, dict):
            raise CheckFailed(f"form {definition.id}: validation gave no result")
        state.submission()
    return f"{len(forms)} forms filled with defaults and validated ({fields} visible fields)"


def check_documents(run: SelfTest) -> str:
    """Every kind of document, from demo records in the vault, as the application prints."""
    from desktop.core.documents import KINDS
    from desktop.core.documents.from_store import document_for_case

    if run.vault is None:
        raise CheckFailed("needs the vault, which failed")
    store = run.vault.store
    case = _open_case(store)
    _write_document_records(store, case)
    size = 0
    for kind in KINDS:
        pdf = document_for_case(store, case.get("case_number"), kind, printed_by="Punonjës Testi")
        if not pdf.startswith(b"%PDF-"):
            raise CheckFailed(f"{kind}: the result is not a PDF")
        size += len(pdf)
    return f"{len(KINDS)} kinds rendered in memory ({size // 1024} KiB of PDF)"


def check_sync(run: SelfTest) -> str:
    if importlib.util.find_spec("sync.server.embedded") is None:
        return "skipped: this version has no embedded server"
    _start_server(run)
    if importlib.util.find_spec("desktop.core.sync_local") is None:
        return _client_round_trip(run)
    return _laptop_round_trip(run)


def _start_server(run: SelfTest) -> None:
    """A fresh server database with one user, served on 127.0.0.1."""
    from sync.server import admin
    from sync.server.embedded import start_embedded_server

    db_url = f"sqlite:///{run.root / 'server.db'}"
    admin.init(db_url, MUNICIPALITY)
    admin.add_user(db_url, USER, "Punonjës Testi", "director", [], run.password)
    run.server = start_embedded_server(db_url)


def _client_round_trip(run: SelfTest) -> str:
    """Push the vault's outbox to the server and pull it back, with the sync client."""
    from desktop.core.vault import device_id
    from sync.client import SyncClient

    if run.vault is None:
        raise CheckFailed("needs the vault, which failed")
    client = SyncClient(run.server.url, device_id(run.data_dir))
    client.hello()
    client.login(USER, run.password, "self-test")
    changes = run.vault.store.pending_changes(limit=100)
    results = client.push([change.to_json() for change in changes])
    refused = [r for r in results if r.get("status") == "rejected"]
    if len(results) != len(changes) or refused:
        raise CheckFailed(f"pushed {len(changes)} changes: {len(results)} answered, "
                          f"{len(refused)} refused")
    pulled = {record.get("id") for record in client.pull(0, 1000)["records"]}
    missing = {change.record_id for change in changes} - pulled
    if missing:
        raise CheckFailed(f"{len(missing)} pushed records did not come back")
    return (f"embedded server on 127.0.0.1: sign-in, {len(changes)} changes pushed and "
            f"pulled back")


def _laptop_round_trip(run: SelfTest) -> str:
    """A first login makes a vault; records written in it are pushed, and a second
    laptop's login pulls them."""
    from desktop.core import sync_local
    from desktop.core.keys import FAST_KDF  # the vault check has used the real parameters

    url, password = run.server.url, run.password
    with sync_local.login(url, run.root / "laptop-1", USER, password, kdf=FAST_KDF) as laptop:
        _write_case(laptop.store)
        sent = laptop.store.count("case")
        result = sync_local.sync_now(laptop)
        waiting = laptop.store.pending_count()
    with sync_local.login(url, run.root / "laptop-2", USER, password, kdf=FAST_KDF) as other:
        sync_local.sync_now(other)
        arrived = other.store.count("case")
    if waiting or result.rejected:
        raise CheckFailed(f"after the sync: {waiting} changes waiting, "
                          f"{len(result.rejected)} refused by the server")
    if arrived != sent:
        raise CheckFailed(f"{sent} cases sent from one laptop, {arrived} arrived on the other")
    return (f"embedded server on 127.0.0.1: sign-in on two laptops, {result.pushed} changes pushed, "
            f"{arrived} cases pulled")


def _write_case(store: Any) -> None:
    from desktop.core.demo import add_demo_data

    add_demo_data(store, 2, seed=11, workers=(USER,), municipalities=(MUNICIPALITY,))


def check_cleanup(run: SelfTest) -> str:
    cleanup(run)
    if run.root.exists():
        raise CheckFailed("the temporary folder could not be removed")
    return "temporary vault, server and folder removed"


CHECKS: tuple[tuple[str, Callable[[SelfTest], str]], ...] = (
    ("resources", check_resources),
    ("qt", check_qt),
    ("vault", check_vault),
    ("forms", check_forms),
    ("documents", check_documents),
    ("sync", check_sync),
    ("cleanup", check_cleanup),
)


# -- demo records for the documents --------------------------------------------------------

def _open_case(store: Any) -> Record:
    cases = store.query("case", status="open", limit=1) or store.query("case", limit=1)
    if not cases:
        raise CheckFailed("the demo data has no case")
    return cases[0]


def _write_document_records(store: Any, case: Record) -> None:
    """A plan of every type, an order and a placement with a report, a consent, a referral, a
    visit, an assessment."""
    today = dt.date.today()
    for plan_type in ("care_plan", "protection_plan", "employment_plan", "home_service_plan"):
        plan = _create(store, "plan", case_id=case.id, plan_type=plan_type, version=1,
                       status="active", created_on=today.isoformat(), review_date=_iso(today, 90),
                       goals=[{"goal": "Objektiv prove", "due": _iso(today, 60)}])
        _create(store, "plan_action", plan_id=plan.id, case_id=case.id,
                description="Veprim prove", service="counselling", status="planned",
                start_date=today.isoformat(), end_date=_iso(today, 30))
    _create(store, "measure", case_id=case.id, measure_type="protection_order",
            issued_on=_iso(today, -70), status="active", reports=[
                {"date": today.isoformat(), "period_from": _iso(today, -60),
                 "period_to": today.isoformat(), "situation": "Raport prove"}])
    _placement(store, case, today)
    _consent(store, case, today)
    _create(store, "referral", case_id=case.id, person_id=case.get("person_id"),
            service="counselling", status="sent", sent_on=today.isoformat(),
            reason="Referim prove")
    _create(store, "visit", case_id=case.id, visit_date=today.isoformat(), protocol="routine",
            observations="Vizitë prove")
    _assessment(store, case)


def _placement(store: Any, case: Record, today: dt.date) -> None:
    from desktop.core.casework.measures import place_child, record_monitoring_report

    placement = place_child(store, case.id, "foster", carer_name="Familje prove",
                            carer_address="Rruga prove 1", issued_on=_iso(today, -100))
    record_monitoring_report(store, placement.id, reported_on=_iso(today, -5),
                             checked="Vizitë prove", situation="Raport prove")


def _consent(store: Any, case: Record, today: dt.date) -> None:
    from desktop.core.casework.consent import write_consent

    answers = {"consent_kind": "consent", "decision": "given",
               "consent_date": today.isoformat(), "purposes": ["assessment"]}
    write_consent(store, {"answers": answers}, case.get("person_id"), case.id)


def _assessment(store: Any, case: Record) -> Record:
    from desktop.core.forms import FormState, list_forms

    submission = FormState(list_forms()[0]).submission()
    return _create(store, "assessment", case_id=case.id, person_id=case.get("person_id"),
                   form_id=submission.form_id, form_version=submission.version,
                   answers=submission.answers, computed=submission.computed,
                   submitted_on=dt.date.today().isoformat(), submitted_by=USER)


def _create(store: Any, record_type: str, **fields: Any) -> Record:
    return store.create(record_type, fields)


def _iso(day: dt.date, days: int) -> str:
    return (day + dt.timedelta(days=days)).isoformat()


# -- running -------------------------------------------------------------------------------

@contextlib.contextmanager
def isolated_environment(root: Path) -> Iterator[None]:
    """Point the data and configuration folders at ``root`` while the checks run."""
    names = {"KUJDES_DATA_DIR": root / "data", "KUJDES_CONFIG_DIR": root / "config"}
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: str(path) for name, path in names.items()})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def cleanup(run: SelfTest) -> None:
    """Stop the server, lock and wipe the vault, remove the folder; safe to call twice."""
    if run.server is not None:
        with contextlib.suppress(Exception):
            run.server.stop()
        run.server = None
    if run.vault is not None:
        with contextlib.suppress(Exception):
            run.vault.lock()
        run.vault = None
    if run.data_dir.exists():
        from desktop.core.vault import list_vaults, wipe_vault

        with contextlib.suppress(Exception):
            for info in list_vaults(run.data_dir):
                wipe_vault(run.data_dir, info.user)
    shutil.rmtree(run.root, ignore_errors=True)


def run_check(run: SelfTest, name: str, check: Callable[[SelfTest], str]) -> Outcome:
    started = time.perf_counter()
    try:
        detail = check(run)
        ok = True
    except Exception as error:  # every failure becomes a line of the report
        ok, detail = False, failure_reason(error)
        log.warning("self-test check %s failed: %s", name, type(error).__name__,
                    exc_info=True)
    return Outcome(name, ok, detail, time.perf_counter() - started)


def failure_reason(error: BaseException) -> str:
    """The reason printed for a failed check: the message of a check, else the error's type
    and message (the self-test handles only synthetic data), shortened to one line."""
    if isinstance(error, CheckFailed):
        return str(error)
    text = " ".join(str(error).split())
    reason = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return reason[:300]


def format_outcome(outcome: Outcome) -> str:
    status = "ok" if outcome.ok else "FAILED"
    return f"{status:<7}{outcome.name:<11}{outcome.detail} ({outcome.seconds:.1f} s)"


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check, print one line each and a summary; 0 when all passed."""
    out = out or sys.stdout
    root = Path(tempfile.mkdtemp(prefix="kujdes-selftest-"))
    run = SelfTest(root)
    outcomes: list[Outcome] = []
    try:
        with isolated_environment(root):
            for name, check in CHECKS:
                outcome = run_check(run, name, check)
                outcomes.append(outcome)
                print(format_outcome(outcome), file=out, flush=True)
    finally:
        cleanup(run)
    failed = [o.name for o in outcomes if not o.ok]
    log.info("self-test finished: %d checks, %d failed", len(outcomes), len(failed))
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", file=out)
        return 1
    print(f"self-test passed: {len(outcomes)} checks", file=out)
    return 0
