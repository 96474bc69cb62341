"""The numbers the report bases code every dimension with (see :mod:`.bases`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection

from desktop.core.reports.settings import ReportSettings

AGE_BANDS = ("0-5", "6-15", "16-18", "19-64", "65+")
FIXED: dict[str, tuple[str, ...]] = {
    "case_status": ("open", "closed", "transferred"),
    "opened_in": ("0", "1"),
    "age_band": AGE_BANDS,
    "origin": ("new", "revised"),
    "review": ("on_time", "late", "overdue", "not_due"),
    "prescribed": ("0", "1"),
    "delivery": ("delivered", "pending", "refused", "not_possible"),
    "measure_status": ("active", "ended", "revoked"),
    "report_outcome": ("on_time", "late", "missing"),
    "pathway": ("assessed_referred", "assessed", "referred", "neither"),
    "provider_place": ("municipality", "outside"),
    "decision": ("granted", "refused"),
}
ALIASES = {"reported_measure": "measure_type"}
SETTINGS_DIMS = ("score",)  # numbered from the report settings, not kept in the vault


def day(column: str) -> str:
    """SQL turning an ISO date column into the integer ``yyyymmdd`` (NULL stays NULL)."""
    return f"CAST(replace(substr({column}, 1, 10), '-', '') AS INTEGER)"


@dataclass
class Codes:
    """Numbers of the codes of each dimension (``n`` is the index plus one; 0 is none).

    Numbers are given once and kept: a code new to the vault gets the next number of its
    dimension, so the rows already in the bases keep their meaning.
    """

    values: dict[str, list[str]] = field(default_factory=dict)
    municipality: str | None = None
    added: list[tuple[str, str, int]] = field(default_factory=list)

    @classmethod
    def fresh(cls, settings: ReportSettings) -> Codes:
        """No codes yet but those the report settings give."""
        low, high = settings.scale
        return cls({"score": [str(v) for v in range(low, high + 1)]})

    @classmethod
    def load(cls, conn: Connection, settings: ReportSettings) -> Codes:
        """The codes of the bases in the vault."""
        codes = cls.fresh(settings)
        for dim, code, _n in conn.exec_driver_sql(
                "SELECT dim, code, n FROM report_codes ORDER BY dim, n"):
            codes.values.setdefault(dim, []).append(code)
        return codes

    def add(self, dim: str, found: set[str]) -> None:
        """Number the codes of ``found`` that ``dim`` does not have yet."""
        known = self.values.setdefault(dim, [])
        for code in sorted(found - set(known)):
            known.append(code)
            self.added.append((dim, code, len(known)))

    def codes(self, dim: str) -> list[str]:
        dim = ALIASES.get(dim, dim)
        return list(FIXED[dim]) if dim in FIXED else list(self.values.get(dim, []))

    def number(self, dim: str, code: str | None) -> int:
        """The number of ``code`` (0 for none, -1 for a code the vault does not have)."""
        if code is None:
            return 0
        codes = self.codes(dim)
        return codes.index(code) + 1 if code in codes else -1

    def code(self, dim: str, n: int) -> str | None:
        return self.codes(dim)[n - 1] if n else None

    def radix(self, dim: str) -> int:
        return len(self.codes(dim)) + 1

    def sql(self, dim: str, value: str) -> str:
        """SQL for the number of the code in ``value`` (0 when it is NULL or unknown)."""
        codes = self.codes(dim)
        if len(codes) > LOOKUP_ABOVE:
            return f"COALESCE((SELECT n FROM rc_codes WHERE dim = '{dim}' AND code = {value}), 0)"
        if not codes:
            return "0"
        whens = " ".join(f"WHEN {_quote(c)} THEN {n}" for n, c in enumerate(codes, start=1))
        return f"(CASE {value} {whens} ELSE 0 END)"




LOOKUP_ABOVE = 24  # dimensions with more codes are looked up in a table, not a CASE


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
