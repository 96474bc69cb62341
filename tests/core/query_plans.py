"""The query plans of what a piece of code asks of a vault: for tests that check reads go
through the indexes that name their rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from desktop.core.vault import OpenVault


def statement_plans(vault: OpenVault, run: Callable[[], Any],
                    kinds: tuple[str, ...] = ("SELECT", "WITH")
                    ) -> list[tuple[str, tuple[Any, ...], str]]:
    """(statement, its parameters, its query plan) of every statement of ``kinds`` that
    ``run`` sends to ``vault``."""
    statements: list[tuple[str, tuple[Any, ...]]] = []

    def seen(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: Any) -> None:
        if sql.lstrip().upper().startswith(kinds):
            statements.append((sql, tuple(params)))

    event.listen(vault.engine, "before_cursor_execute", seen)
    try:
        run()
    finally:
        event.remove(vault.engine, "before_cursor_execute", seen)
    with vault.store.reading() as conn:
        return [(sql, params, "\n".join(row[-1] for row in conn.exec_driver_sql(
            f"EXPLAIN QUERY PLAN {sql}", params))) for sql, params in statements]
