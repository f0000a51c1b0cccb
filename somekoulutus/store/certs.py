"""The certificate registry's SQL: issued certificates, revocation and supersession.

Callers run the writing functions inside `store.transaction(conn)` together with the audit entry.
Times are ISO 8601 UTC strings with seconds and '+00:00' (as `db.iso`), so they compare as text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from somekoulutus.status import STATUS_SQL
from somekoulutus.store.db import Conn, Row

COLUMNS = (
    "id",
    "login",
    "definition_id",
    "payload",
    "signature",
    "key_id",
    "issued_at",
    "expires_at",
    "pdf_path",
    "issued_by",
    "manual_reason",
    "attempt_ids",
)


def insert(conn: Conn, row: dict[str, Any]) -> None:
    """Add a certificate; sqlite3.IntegrityError if the id is taken."""
    values = [row[c] for c in COLUMNS]
    values[COLUMNS.index("attempt_ids")] = json.dumps(sorted(row["attempt_ids"]))
    conn.execute(
        f"INSERT INTO certificates ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
        values,
    )


def exists(conn: Conn, cert_id: str) -> bool:
    """True when a certificate with this id is in the registry."""
    return (
        conn.execute("SELECT 1 FROM certificates WHERE id = ?", (cert_id,)).fetchone() is not None
    )


def get(conn: Conn, cert_id: str) -> Row | None:
    """One certificate row, or None."""
    return conn.execute("SELECT * FROM certificates WHERE id = ?", (cert_id,)).fetchone()


def uses_key(conn: Conn, key_id: str) -> bool:
    """True when this registry holds certificates signed with the key."""
    row = conn.execute("SELECT 1 FROM certificates WHERE key_id = ? LIMIT 1", (key_id,))
    return row.fetchone() is not None


def of_login(conn: Conn, login: str) -> list[Row]:
    """A person's certificates, newest first, including revoked and superseded ones."""
    return conn.execute(
        "SELECT * FROM certificates WHERE login = ? ORDER BY issued_at DESC, rowid DESC", (login,)
    ).fetchall()


def current(conn: Conn, login: str, definition_id: str) -> Row | None:
    """The person's newest certificate of a definition that is neither revoked nor superseded."""
    return conn.execute(
        """SELECT * FROM certificates
           WHERE login = ? AND definition_id = ? AND revoked_at IS NULL AND superseded_by IS NULL
           ORDER BY issued_at DESC, rowid DESC LIMIT 1""",
        (login, definition_id),
    ).fetchone()


def attempt_sets(conn: Conn, login: str, definition_id: str) -> list[list[int]]:
    """For each certificate of the person and definition, the attempt ids it rests on."""
    rows = conn.execute(
        "SELECT attempt_ids FROM certificates WHERE login = ? AND definition_id = ?",
        (login, definition_id),
    )
    return [sorted(json.loads(r[0])) for r in rows]


def attempt_ids_of(conn: Conn, cert_id: str) -> list[int]:
    """The attempts a certificate rests on."""
    row = conn.execute("SELECT attempt_ids FROM certificates WHERE id = ?", (cert_id,)).fetchone()
    return sorted(json.loads(row[0])) if row else []


def mark_superseded(conn: Conn, old_id: str, new_id: str) -> None:
    """Point an older certificate at the one that renews it."""
    conn.execute("UPDATE certificates SET superseded_by = ? WHERE id = ?", (new_id, old_id))


def mark_revoked(conn: Conn, cert_id: str, at: str, by: str, reason: str) -> None:
    """Record a revocation."""
    conn.execute(
        "UPDATE certificates SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ?",
        (at, by, reason, cert_id),
    )


#: What `listing` gives, in this order (callers may read the rows by position), then the
#: certificate's state as `status`.
LISTING_COLUMNS = (
    "c.id",
    "c.login",
    "c.definition_id",
    "c.issued_at",
    "c.expires_at",
    "c.pdf_path",
    "c.issued_by",
    "c.revoked_at",
    "c.revoke_reason",
    "c.superseded_by",
    "p.name",
    "p.email",
    "p.unit",
)


def listing(
    conn: Conn,
    *,
    now: str,
    horizon: str | None = None,
    definition_id: str | None = None,
    status: str = "all",
    expires_before: str | None = None,
) -> Iterable[Row]:
    """Registry rows joined with the holder's name, email and unit, newest first, with each
    certificate's state at `now` (status.STATUS_SQL; `horizon`, now plus the warning
    window, defaults to `now`) as the last column.

    status: 'valid' (not revoked, not superseded, not expired), 'expired' (not revoked, not
    superseded, expired), 'revoked' or 'all'. expires_before narrows to those expiring before it.
    """
    where = []
    args = {"now": now, "horizon": horizon or now}
    if definition_id:
        where.append("c.definition_id = :definition")
        args["definition"] = definition_id
    if status == "valid":
        where.append("c.revoked_at IS NULL AND c.superseded_by IS NULL AND c.expires_at > :now")
    elif status == "expired":
        where.append("c.revoked_at IS NULL AND c.superseded_by IS NULL AND c.expires_at <= :now")
    elif status == "revoked":
        where.append("c.revoked_at IS NOT NULL")
    elif status != "all":
        raise ValueError(status)
    if expires_before:
        where.append("c.expires_at <= :before")
        args["before"] = expires_before
    sql = f"""SELECT {", ".join(LISTING_COLUMNS)}, {STATUS_SQL} AS status
              FROM certificates c LEFT JOIN people p ON p.login = c.login"""
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY c.issued_at DESC, c.rowid DESC"
    return conn.execute(sql, args)


def active_holds(conn: Conn, login: str | None = None) -> list[Row]:
    """Holds not yet lifted (of one person, or everyone's), oldest first."""
    sql = "SELECT * FROM holds WHERE lifted_at IS NULL"
    args: tuple[str, ...] = ()
    if login is not None:
        sql += " AND login = ?"
        args = (login,)
    return conn.execute(sql + " ORDER BY placed_at, id", args).fetchall()


def place_hold(
    conn: Conn, login: str, definition_id: str, certificate_id: str, at: str, by: str, reason: str
) -> None:
    """Hold a definition for a person (kept as is when one is already active)."""
    conn.execute(
        """INSERT INTO holds (login, definition_id, certificate_id, placed_at, placed_by, reason)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
        (login, definition_id, certificate_id, at, by, reason),
    )


def lift_hold(
    conn: sqlite3.Connection, login: str, definition_id: str, at: str, by: str, reason: str
) -> int:
    """Lift the active hold; how many were lifted (0 or 1)."""
    cur = conn.execute(
        """UPDATE holds SET lifted_at = ?, lifted_by = ?, lift_reason = ?
           WHERE login = ? AND definition_id = ? AND lifted_at IS NULL""",
        (at, by, reason, login, definition_id),
    )
    return cur.rowcount
