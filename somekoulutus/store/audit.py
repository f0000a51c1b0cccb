"""The append-only audit log (UPDATE and DELETE are refused by triggers)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from somekoulutus.store.db import iso


def append(conn: sqlite3.Connection, actor: str, action: str, target: str, **details: Any) -> None:
    """Record an action; call inside the transaction that performs it."""
    conn.execute(
        "INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
        (iso(), actor, action, target, json.dumps(details, ensure_ascii=False, sort_keys=True)),
    )


def entries(conn: sqlite3.Connection, since: str | None = None) -> list[sqlite3.Row]:
    """Audit log rows, oldest first, optionally from an ISO date or time on."""
    if since:
        return conn.execute(
            "SELECT * FROM audit_log WHERE at >= ? ORDER BY id", (since,)
        ).fetchall()
    return conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
