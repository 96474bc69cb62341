"""The extract of the records the report bases are built from (see :mod:`.bases`)."""

from __future__ import annotations

from sqlalchemy import Connection

from desktop.core.reports.bases_own import extract_own
from desktop.core.reports.settings import ReportSettings

# -- the extract of the records --------------------------------------------------------------------

EXTRACT_COLUMNS = """type,
        CASE WHEN type IN ('case', 'person', 'household', 'plan', 'service_provider') THEN id END
            AS id,
        case_id,
        CASE WHEN type = 'case' THEN person_id END AS person_id,
        CASE WHEN type IN ('case', 'person') THEN household_id END AS household_id,
        admin_unit,
        CASE WHEN type IN ('case', 'person', 'household', 'village') THEN village END
            AS village,
        CASE WHEN type IN ('case', 'plan', 'referral', 'measure') THEN status END AS status,
        subtype, main_date,
        CASE WHEN type = 'plan' THEN due END AS due,
        CASE WHEN type IN ('village', 'service_provider') THEN title END AS title,
        CASE type
            WHEN 'case' THEN COALESCE(json_extract(fields, '$.closed_on'),
                                      json_extract(fields, '$.transferred_on'))
            WHEN 'measure' THEN COALESCE(json_extract(fields, '$.ended_on'),
                                         json_extract(fields, '$.end_date'))
        END AS ended_on,
        CASE WHEN type = 'person' THEN json_extract(fields, '$.sex') END AS sex,
        CASE WHEN type IN ('household', 'village') THEN json_extract(fields, '$.area_type') END
            AS area_type,
        CASE WHEN type = 'assessment' AND subtype = :form THEN CAST({score} AS REAL) END
            AS score,
        CASE WHEN type = 'case' THEN json_extract(fields, '$.referral_source') END
            AS referral_source,
        CASE WHEN type IN ('case', 'service_provider') THEN json_extract(fields, '$.municipality')
            END AS municipality,
        CASE WHEN type = 'case' THEN json_extract(fields, '$.closure_reason') END
            AS closure_reason,
        CASE WHEN type = 'person' THEN json_extract(fields, '$.target_groups') END
            AS target_groups,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.prescribed') END AS prescribed,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.not_possible_reason') END
            AS not_possible_reason,
        CASE WHEN type = 'referral' THEN json_extract(fields, '$.provider_id') END AS provider_id,
        CASE type WHEN 'referral' THEN json_extract(fields, '$.provider_name')
                  WHEN 'service_provider' THEN json_extract(fields, '$.level') END AS provider,
        CASE WHEN type = 'measure' THEN json_extract(fields, '$.report_every_days') END
            AS report_every_days,
        CASE WHEN type = 'measure' THEN json_extract(fields, '$.reports') END AS reports,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.previous_plan_id') END
            AS previous_plan_id,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.version') END AS plan_version,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.reviewed_on') END AS reviewed_on,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.superseded_on') END
            AS superseded_on,
        CASE WHEN type = 'plan' THEN json_extract(fields, '$.reviews') END AS reviews"""

# Everything, in one sequential pass (the persons: those with a case).
FULL_EXTRACT = """
    WHERE deleted = 0 AND (
        type IN ('case', 'household', 'village', 'plan', 'measure', 'referral', 'visit',
                 'assessment', 'service_provider')
        OR (type = 'person' AND id IN (SELECT person_id FROM records INDEXED BY records_person
                                       WHERE type = 'case')))"""

# What changed, each part through an index: the cases in ``rd_cases`` and what belongs to
# them, the persons in ``rd_persons``, their households, and the villages (few). A ``+``
# before a column keeps SQLite off the indexes on it, which would read every row of a type.
CASE_PARTS = ("plan", "measure", "referral", "visit", "assessment")
PARTIAL_EXTRACT = (
    "WHERE id IN rd_cases AND +type = 'case' AND +deleted = 0",
    *(f"WHERE type = '{t}' AND case_id IN rd_cases AND +deleted = 0" for t in CASE_PARTS),
    "WHERE id IN rd_persons AND +type = 'person' AND +deleted = 0",
    "WHERE id IN rd_households AND +type = 'household' AND +deleted = 0",
    "WHERE type = 'village' AND deleted = 0",
    "WHERE type = 'service_provider' AND deleted = 0",
)


def extract(conn: Connection, settings: ReportSettings, *, full: bool) -> None:
    """Read the records into ``temp.rf_records``: all of them, or those ``rd_*`` name."""
    keys = settings.score_keys or ("score",)
    paths = {f"k{i}": f"$.computed.{key}" for i, key in enumerate(keys)}
    score = "COALESCE(" + ", ".join(f"json_extract(fields, :{k})" for k in paths) + ", NULL)"
    select = "SELECT " + EXTRACT_COLUMNS.replace("{score}", score)
    params = {**paths, "form": settings.satisfaction_form}
    extract_own(conn, full=full)
    if full:
        conn.exec_driver_sql(f"CREATE TEMP TABLE rf_records AS {select} "
                             f"FROM records NOT INDEXED {FULL_EXTRACT}", params)
        return
    conn.exec_driver_sql(f"CREATE TEMP TABLE rf_records AS {select} FROM records WHERE 0",
                         params)
    for where in PARTIAL_EXTRACT:
        used = {k: v for k, v in params.items() if f":{k}" in where or f":{k}" in select}
        conn.exec_driver_sql(f"INSERT INTO rf_records {select} FROM records {where}", used)
