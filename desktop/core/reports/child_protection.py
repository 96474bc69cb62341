"""The quarterly child protection report: the child protection unit's report to the state agency
for child rights (Albania: the NjMF to the ASHMDF; Kosovo: the QPS to the ministry's department).

For a quarter (optionally one administrative unit), from the cases of the profile's child
protection case types (those a child protection worker manages):

1. children with a case open in the quarter, by age band and sex;
2. the same children by administrative unit and sex;
3. measures taken in the quarter for them, by type and the child's sex;
4. their placements in force in the quarter (foster, kinship, residential: the profile's
   ``placement_kinds``), new in the quarter or continuing;
5. their referrals sent in the quarter, by service and outcome;
6. child protection cases closed in the quarter, by closure reason and sex.

A child is under 18 on the quarter's last day (a birth date not recorded counts, under "Not
recorded"); tables 3 to 5 count the cases of the children of tables 1 and 2, so their totals
agree. Each child counts once in tables 1 and 2, however many cases they have. The public
edition hides small counts as every published report does (:func:`publish`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from desktop.core.documents.letterhead import Letterhead
from desktop.core.i18n import N_, ptr
from desktop.core.reports.dimensions import DIMENSIONS
from desktop.core.reports.model import Report, Table
from desktop.core.reports.periods import Period
from desktop.core.reports.settings import ReportSettings
from desktop.core.reports.suppression import publish
from desktop.core.reports.yearly import report_terms
from desktop.core.store import Store
from sync.profile import Profile

KEY = "child-protection"   # how the Reports screen and the command line name this report
CHILD_BANDS = ("0-5", "6-15", "16-17")
CHILD_WORKER = "child_protection_worker"
SIGNERS = (CHILD_WORKER, "director")
COLUMNS_NEW = ("new", "continuing")
_QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[QT]\s*([1-4])\s*$", re.IGNORECASE)
Counts = Counter[tuple[str | None, str | None]]


@dataclass(frozen=True)
class QuarterlyReport(Report):
    """The report, with who sends it to whom, and the letterhead it is printed on."""

    sender: str = ""
    recipient: str = ""
    letterhead: Letterhead | None = None
    country: str = "AL"
    signers: tuple[str, ...] = ()  # who signs the printed report, as the profile names them

    def legend(self) -> list[str]:
        lang = self.language
        lines = [ptr("report", "From: {sender} · To: {recipient}", lang, sender=self.sender,
                     recipient=self.recipient)]
        return lines + super().legend()


def parse_quarter(text: str) -> Period:
    """``2026Q3``, ``2026-Q3`` or ``2026-T3`` (Albanian "tremujori"); ValueError otherwise."""
    match = _QUARTER.match(text or "")
    if not match:
        raise ValueError(f"not a quarter: {text!r}")
    return Period.quarter(int(match.group(1)), int(match.group(2)))


def child_case_types(profile: Profile) -> list[str]:
    """The case types a child protection worker manages (the profile's ``manager_role``)."""
    return [t["code"] for t in profile.items("case_types") if t.get("manager_role") == CHILD_WORKER]


def age_on(birth: str | None, day: dt.date) -> int | None:
    if not birth:
        return None
    try:
        born = dt.date.fromisoformat(birth[:10])
    except ValueError:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def child_band(age: int | None) -> str | None:
    if age is None:
        return None
    return "0-5" if age <= 5 else "6-15" if age <= 15 else "16-17"


@dataclass(frozen=True)
class ChildCase:
    case_id: str
    person_id: str
    unit: str | None
    opened: str
    ended: str | None
    closure_reason: str | None
    sex: str | None
    age: int | None          # on the quarter's last day
    municipality: str | None


# -- reading the vault ----------------------------------------------------------------------------

_CASES = """
    SELECT c.id, c.person_id, c.admin_unit, c.main_date,
        COALESCE(json_extract(c.fields, '$.closed_on'), json_extract(c.fields, '$.transferred_on')),
        json_extract(c.fields, '$.closure_reason'), p.main_date, json_extract(p.fields, '$.sex'),
        json_extract(c.fields, '$.municipality')
    FROM records c
    LEFT JOIN records p ON p.id = c.person_id AND p.type = 'person' AND p.deleted = 0
    WHERE c.type = 'case' AND c.deleted = 0 AND c.main_date <= :end AND c.subtype IN ({types})"""
_MEASURES = """
    SELECT case_id, subtype, json_extract(fields, '$.protection_measure'), main_date,
        COALESCE(json_extract(fields, '$.ended_on'), json_extract(fields, '$.end_date'))
    FROM records WHERE type = 'measure' AND deleted = 0 AND main_date <= :end"""
_REFERRALS = """
    SELECT case_id, subtype, status FROM records
    WHERE type = 'referral' AND deleted = 0 AND main_date BETWEEN :start AND :end"""


def read_cases(store: Store, period: Period, unit: str | None) -> list[ChildCase]:
    """The child protection cases that were open at some time in ``period``."""
    types = child_case_types(store.profile)
    if not types:
        return []
    start, end = period.iso()
    marks = ", ".join(f":t{i}" for i in range(len(types)))
    params = {"end": end, **{f"t{i}": t for i, t in enumerate(types)}}
    with store.reading() as conn:
        rows = conn.exec_driver_sql(_CASES.format(types=marks), params).fetchall()
    out = []
    for case_id, person_id, case_unit, opened, ended, reason, birth, sex, municipality in rows:
        if (ended and ended[:10] < start) or (unit and case_unit != unit):
            continue
        out.append(ChildCase(case_id, person_id or case_id, case_unit, opened[:10],
                             ended[:10] if ended else None, reason, sex,
                             age_on(birth, period.end), municipality))
    return out


# -- the tables ---------------------------------------------------------------------------------

def _sexes(found: set[str | None]) -> list[str | None]:
    return ["F", "M", *([None] if found - {"F", "M"} else [])]


def _sex(code: str | None) -> str | None:
    return code if code in ("F", "M") else None


def _table(key: str, title: str, language: str, counts: Counts,
           rows: list[str | None], row_labels: list[str], row_heading: str,
           columns: list[str | None], column_labels: list[str], column_heading: str,
           source: str = "", row_dim: str = "", column_dim: str = "") -> Table:
    cells = [[counts.get((r, c), 0) for c in columns] for r in rows]
    return Table.from_counts(ptr("report", title, language), row_labels, column_labels, cells,
                             key=key, row_heading=row_heading, column_heading=column_heading,
                             row_keys=tuple(rows), column_keys=tuple(columns), source=source,
                             row_dim=row_dim, column_dim=column_dim)


def _by_sex(key: str, title: str, profile: Profile, language: str, counts: Counts,
            rows: list[str | None], row_labels: list[str], row_heading: str,
            source: str = "", row_dim: str = "") -> Table:
    sexes = _sexes({c for _, c in counts})
    sex = DIMENSIONS["sex"]
    return _table(key, title, language, counts, rows, row_labels, row_heading, sexes,
                  [sex.label(profile, s, language) for s in sexes], sex.heading(language),
                  source, row_dim, "sex")


def _not_recorded(rows: list[str | None], found: set[str | None]) -> list[str | None]:
    return rows + [None] if None in found else rows


def _label(profile: Profile, section: str, code: str | None, language: str) -> str:
    if code is None:
        return ptr("report", "Not recorded", language)
    return profile.label(section, code, language)


def children_tables(profile: Profile, language: str, children: dict[str, ChildCase]
                    ) -> list[Table]:
    by_age: Counts = Counter((child_band(c.age), _sex(c.sex)) for c in children.values())
    by_unit: Counts = Counter((c.unit, _sex(c.sex)) for c in children.values())
    bands = _not_recorded(list(CHILD_BANDS), {r for r, _ in by_age})
    unit = DIMENSIONS["unit"]
    units = unit.order(profile, {r for r, _ in by_unit})
    unit_heading = profile.term("administrative_unit", language)
    if unit_heading == "administrative_unit":
        unit_heading = unit.heading(language)
    age_labels = [b.replace("-", "–") if b else ptr("report", "Not recorded", language)
                  for b in bands]
    # the same children in both: a number hidden in one is hidden in the other (``source``)
    return [
        _by_sex("cp_children_age", N_("Children with open cases by age and sex"), profile,
                language, by_age, bands, age_labels, DIMENSIONS["age_band"].heading(language),
                "cp_children", "age_band"),
        _by_sex("cp_children_unit", N_("Children with open cases by administrative unit and sex"),
                profile, language, by_unit, units,
                [unit.label(profile, u, language) for u in units], unit_heading,
                "cp_children", "unit"),
    ]


def measure_rows(profile: Profile) -> list[tuple[str, str]]:
    """(section, code) of each kind of measure: the child protection measures, then the other
    measure types (one row for a code both lists have)."""
    protective = profile.codes("child_protection_measures")
    rows = [("child_protection_measures", c) for c in protective]
    rows += [("measure_types", c) for c in profile.codes("measure_types")
             if c not in protective and c != "child_protection_measure"]
    return rows


def _kind_of_measure(measure_type: str, protective: str | None) -> str:
    return protective if measure_type == "child_protection_measure" and protective \
        else measure_type


def measure_tables(profile: Profile, language: str, period: Period,
                   cases: dict[str, ChildCase], measures: list[tuple]) -> list[Table]:
    start, _ = period.iso()
    taken: Counts = Counter()
    placed: Counts = Counter()
    kinds = profile.items("placement_kinds")
    for case_id, measure_type, protective, issued, ended in measures:
        case = cases.get(case_id)
        if case is None or not issued or (ended and ended[:10] < start):
            continue
        new = issued[:10] >= start
        if new:
            taken[(_kind_of_measure(measure_type, protective), _sex(case.sex))] += 1
        for kind in kinds:
            if measure_type in (kind.get("measure_types") or []) or (
                    measure_type == "child_protection_measure"
                    and protective in (kind.get("protection_measures") or [])):
                placed[(kind["code"], "new" if new else "continuing")] += 1
                break
    listed = measure_rows(profile)
    sections = dict((code, section) for section, code in listed)
    rows: list[str | None] = [code for _, code in listed]
    rows += sorted({r for r, _ in taken if r not in sections})
    labels = [_label(profile, sections.get(r, "measure_types"), r, language) for r in rows]
    column_labels = [ptr("report", "New in the quarter", language),
                     ptr("report", "Continuing from before", language)]
    placement_rows: list[str | None] = [k["code"] for k in kinds]
    return [
        _by_sex("cp_measures", N_("Protection measures taken in the quarter"), profile, language,
                taken, rows, labels, ptr("report", "Measure", language)),
        _table("cp_placements", N_("Placements in the quarter (foster, kinship, residential)"),
               language, placed, placement_rows,
               [_label(profile, "placement_kinds", k, language) for k in placement_rows],
               ptr("report", "Placement", language), list(COLUMNS_NEW), column_labels,
               ptr("report", "In the quarter", language)),
    ]


def referral_table(profile: Profile, language: str, cases: dict[str, ChildCase],
                   referrals: list[tuple]) -> Table:
    counts: Counts = Counter((service, status) for case_id, service, status in referrals
                             if case_id in cases)
    service, outcome = DIMENSIONS["service"], DIMENSIONS["referral_status"]
    rows = service.order(profile, {r for r, _ in counts})
    columns = outcome.order(profile, {c for _, c in counts})
    return _table("cp_referrals", N_("Referrals of the children by service and outcome"),
                  language, counts, rows, [service.label(profile, r, language) for r in rows],
                  service.heading(language), columns,
                  [outcome.label(profile, c, language) for c in columns],
                  outcome.heading(language))


def closed_table(profile: Profile, language: str, period: Period,
                 cases: list[ChildCase]) -> Table:
    start, end = period.iso()
    counts: Counts = Counter((c.closure_reason, _sex(c.sex)) for c in cases
                             if c.ended and start <= c.ended <= end)
    rows = _not_recorded(list(profile.codes("closure_reasons")), {r for r, _ in counts})
    rows += sorted({r for r, _ in counts if r is not None and r not in rows})
    return _by_sex("cp_closed", N_("Cases closed in the quarter by closure reason"), profile,
                   language, counts, rows,
                   [_label(profile, "closure_reasons", r, language) for r in rows],
                   DIMENSIONS["closure_reason"].heading(language))


# -- the report ---------------------------------------------------------------------------------

def build_child_protection_report(store: Store, period: Period, *, unit: str | None = None,
                                  language: str = "sq", public: bool = False,
                                  settings: ReportSettings | None = None,
                                  letterhead: Letterhead | None = None,
                                  as_of: dt.date | None = None) -> QuarterlyReport:
    """The quarterly child protection report for ``period`` (true counts, or the public
    edition); the letterhead is the configured one, else the municipality's plain one."""
    settings = settings or ReportSettings.load()
    profile = store.profile
    all_cases = read_cases(store, period, unit)
    open_cases = [c for c in all_cases if c.age is None or c.age < 18]
    children = {c.person_id: c for c in sorted(open_cases, key=lambda c: c.opened)}
    by_id = {c.case_id: c for c in open_cases}
    start, end = period.iso()
    with store.reading() as conn:
        measures = conn.exec_driver_sql(_MEASURES, {"end": end}).fetchall()
        referrals = conn.exec_driver_sql(_REFERRALS, {"start": start, "end": end}).fetchall()
    tables = with_notes(language, [
        *children_tables(profile, language, children),
        *measure_tables(profile, language, period, by_id, measures),
        referral_table(profile, language, by_id, referrals),
        closed_table(profile, language, period, all_cases)])
    municipality = settings.municipality or _municipality(all_cases)
    report = QuarterlyReport(
        title=ptr("report", "Quarterly child protection report", language), period=period,
        language=language, tables=tuple(tables), unit=unit, municipality=municipality,
        generated_on=as_of or dt.date.today(), cases_managed=len(open_cases),
        persons=len(children), terms=report_terms(profile, language),
        sender=_term(profile, "child_protection_unit", language),
        recipient=_term(profile, "child_agency_full", language),
        letterhead=letterhead or _letterhead(municipality, profile.country),
        country=profile.country,
        signers=tuple(profile.label("roles", r, language)
                      for r in profile.data.get("child_protection_report_signers") or SIGNERS
                      if profile.item("roles", r)))
    if public:
        report = publish(report, settings.small_cell_threshold)
    # ``source`` only ties the two tables of children together while publishing: no table
    # of this report lists the cases behind its numbers
    return report.with_(tables=tuple(t.with_(source="") for t in report.tables))


def with_notes(language: str, tables: list[Table]) -> list[Table]:
    """Each table says whom it counts (on the screen, printed and exported)."""
    children = ptr("report", "Children: under 18 on the last day of the quarter; each child "
                   "counts once.", language)
    theirs = ptr("report", "Of the children of tables 1 and 2.", language)
    closed = ptr("report", "Child protection cases closed in the quarter, also those of "
                 "children who turned 18.", language)
    notes = [children, children, theirs, theirs, theirs, closed]
    return [t.with_(notes=(*t.notes, n)) for t, n in zip(tables, notes, strict=True)]


def _term(profile: Profile, name: str, language: str) -> str:
    word = profile.term(name, language)
    return "" if word == name else word


def _municipality(cases: list[ChildCase]) -> str | None:
    found = Counter(c.municipality for c in cases if c.municipality)
    return found.most_common(1)[0][0] if found else None


def _letterhead(municipality: str | None, country: str) -> Letterhead | None:
    from desktop.core.views.printing import configured_letterhead

    configured = configured_letterhead()
    if configured is not None:
        return configured
    return Letterhead.default(municipality, country) if municipality else None
