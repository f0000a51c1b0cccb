"""The append-only audit log (UPDATE and DELETE are refused by triggers)."""

from __future__ import annotations

import json
from typing import Any

from somekoulutus.store.db import Conn, Row, iso


def append(conn: Conn, actor: str, action: str, target: str, **details: Any) -> None:
    """Record an action; call inside the transaction that performs it."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
        (iso(), actor, action, target, json.dumps(details, ensure_ascii=False, sort_keys=True)),
    )


def entries(
    conn: Conn,
    since: str | None = None,
    before_id: int | None = None,
    limit: int | None = None,
    newest_first: bool = False,
) -> list[Row]:
    """Audit log rows from an ISO date or time on, a page at a time (keyset on id)."""
    where: list[str] = []
    args: list[str | int] = []
    if since:
        where.append("at >= ?")
        args.append(since)
    if before_id is not None:
        where.append("id < ?" if newest_first else "id > ?")
        args.append(before_id)
    sql = "SELECT * FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC" if newest_first else " ORDER BY id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return conn.execute(sql, args).fetchall()
