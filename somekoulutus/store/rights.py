"""SQL for rights to accounts, the audit's set-based checks and the certificate-holder search."""

from __future__ import annotations

import sqlite3
from typing import Any

from somekoulutus.status import STATUS_SQL
from somekoulutus.store import audit
from somekoulutus.store.db import Conn, Row

# A certificate's state from its timestamps alone (no signature check), for lists and filters.
_STATUS = STATUS_SQL


def active_right(conn: Conn, login: str, channel_id: str, role: str) -> Row | None:
    """The person's active right of this role on this account, or None."""
    return conn.execute(
        """SELECT * FROM rights WHERE login = ? AND channel_id = ? AND role = ?
             AND withdrawn_at IS NULL""",
        (login, channel_id, role),
    ).fetchone()


def insert_right(
    conn: sqlite3.Connection,
    login: str,
    channel_id: str,
    role: str,
    certificate_id: str,
    at: str,
    by: str,
) -> int:
    """Record a granted right; call inside a transaction. Returns its id."""
    cur = conn.execute(
        """INSERT INTO rights (login, channel_id, role, certificate_id, granted_at, granted_by)
           VALUES (?, ?, ?, ?, ?, ?)""",
        (login, channel_id, role, certificate_id, at, by),
    )
    assert cur.lastrowid is not None  # an INSERT on a rowid table always sets it
    return cur.lastrowid


def active_rights_of(conn: Conn, login: str, channel_id: str, role: str | None = None) -> list[Row]:
    """The person's active rights on an account (of one role, or all)."""
    sql = "SELECT * FROM rights WHERE login = ? AND channel_id = ? AND withdrawn_at IS NULL"
    args: tuple[str, ...] = (login, channel_id)
    if role:
        sql += " AND role = ?"
        args += (role,)
    return conn.execute(sql + " ORDER BY id", args).fetchall()


def withdraw_logged(conn: Conn, actor: str, right: Row, at: str, reason: str) -> None:
    """Withdraw one active right and record it in the audit log; call inside a transaction."""
    conn.execute(
        """UPDATE rights SET withdrawn_at = ?, withdrawn_by = ?, withdraw_reason = ?
           WHERE id = ? AND withdrawn_at IS NULL""",
        (at, actor, reason, right["id"]),
    )
    audit.append(
        conn,
        actor,
        "right.withdraw",
        right["login"],
        channel=right["channel_id"],
        role=right["role"],
        certificate=right["certificate_id"],
        reason=reason,
    )


def list_rights(
    conn: Conn,
    now: str,
    horizon: str,
    channel_id: str | None = None,
    include_withdrawn: bool = False,
) -> list[Row]:
    """Rights with the holder's name and unit and their certificate's state."""
    where = []
    if not include_withdrawn:
        where.append("r.withdrawn_at IS NULL")
    if channel_id:
        where.append("r.channel_id = :channel")
    sql = f"""SELECT r.id, r.login, p.name, p.unit, r.channel_id, r.role, r.certificate_id,
                     c.expires_at, {_STATUS} AS status, r.granted_at, r.granted_by,
                     r.withdrawn_at, r.withdrawn_by, r.withdraw_reason
              FROM rights r JOIN certificates c ON c.id = r.certificate_id
              LEFT JOIN people p ON p.login = r.login
              {"WHERE " + " AND ".join(where) if where else ""}
              ORDER BY r.channel_id, r.role DESC, p.name, r.login, r.id"""
    return conn.execute(sql, {"now": now, "horizon": horizon, "channel": channel_id}).fetchall()


# Active rights whose certificate is revoked, superseded or expires by the horizon. One pass
# over the active rights, each joined to its certificate by primary key: the cost follows the
# number of rights, not the number of certificates in the registry.
TROUBLE_SQL = """SELECT r.login, p.name, r.channel_id, r.role, r.certificate_id, c.expires_at,
                        c.revoked_at, c.revoke_reason, c.superseded_by
                 FROM rights r JOIN certificates c ON c.id = r.certificate_id
                 LEFT JOIN people p ON p.login = r.login
                 WHERE r.withdrawn_at IS NULL
                   AND (c.revoked_at IS NOT NULL OR c.superseded_by IS NOT NULL
                        OR c.expires_at <= ?)
                 ORDER BY r.channel_id, r.login, r.role"""


def rights_in_trouble(conn: Conn, horizon: str) -> list[Row]:
    """Active rights whose certificate is revoked, superseded or expires by `horizon`."""
    return conn.execute(TROUBLE_SQL, (horizon,)).fetchall()


def active_channel_counts(conn: Conn) -> dict[str, int]:
    """channel id -> number of active rights of any role."""
    rows = conn.execute(
        "SELECT channel_id, COUNT(*) FROM rights WHERE withdrawn_at IS NULL GROUP BY channel_id"
    )
    return {r[0]: r[1] for r in rows}


_ID_CHARS = frozenset("0123456789ABCDEFGHJKMNPQRSTVWXYZ-")


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def holders_query(
    conn: Conn,
    now: str,
    horizon: str,
    search: str | None = None,
    unit: str | None = None,
    definition: str | None = None,
    status: str | None = None,
    limit: int = 500,
) -> tuple[str, dict[str, Any]]:
    """The holder search as (SQL, parameters), fetching up to `limit + 1` rows.

    The search looks up people first (by name and login: a
    trigram/prefix index on PostgreSQL, one pass over people, not certificates, on SQLite)
    and certificate ids by prefix, then reaches certificates through their login index. With
    no search the people are walked in name order, so the first page needs no full sort.
    """
    sqlite = isinstance(conn, sqlite3.Connection)
    if isinstance(conn, sqlite3.Connection):  # PostgreSQL has casefold() in its schema
        conn.create_function("casefold", 1, _casefold, deterministic=True)
    args: dict[str, Any] = {"now": now, "horizon": horizon, "limit": limit + 1}
    person_where, cert_where = [], []
    if unit:
        person_where.append("p.unit = :unit")
        args["unit"] = unit
    if definition:
        cert_where.append("c.definition_id = :definition")
        args["definition"] = definition
    if status:
        cert_where.append(f"({_STATUS}) = :status")
        args["status"] = status
    id_branch = ""
    if search:
        folded = search.casefold()
        if sqlite:
            person_where.append(
                "(instr(casefold(p.name), :search) OR instr(lower(p.login), :search))"
            )
            args["search"] = folded
        else:
            person_where.append(
                "(casefold(p.name) LIKE :pattern OR lower(p.login) LIKE :login_prefix)"
            )
            args["pattern"] = f"%{_like_escape(folded)}%"
            args["login_prefix"] = f"{_like_escape(folded)}%"
        typed = "".join(search.split()).upper()
        if len(typed) >= 2 and set(typed) <= _ID_CHARS:
            # Certificate ids by prefix, through the primary key.
            if sqlite:
                id_cond = "c.id >= :id_low AND c.id < :id_high"
                args |= {"id_low": typed, "id_high": typed + "~"}
            else:
                id_cond = "c.id LIKE :id_prefix"
                args["id_prefix"] = f"{_like_escape(typed)}%"
            id_where = " AND ".join([id_cond, *person_where[:-1], *cert_where])
            id_branch = f"""UNION
                SELECT c.id, c.login, p.name, p.unit, c.definition_id, c.issued_at,
                       c.expires_at, c.revoked_at, {_STATUS} AS status
                FROM certificates c JOIN people p ON p.login = c.login
                WHERE {id_where}"""
    where = " AND ".join(person_where + cert_where)
    sql = f"""SELECT c.id, c.login, p.name, p.unit, c.definition_id, c.issued_at,
                     c.expires_at, c.revoked_at, {_STATUS} AS status
              FROM people p JOIN certificates c ON c.login = p.login
              {"WHERE " + where if where else ""}"""
    if id_branch:
        sql = f"SELECT * FROM ({sql} {id_branch}) AS h"
        order = "ORDER BY h.name, h.login, h.issued_at DESC"
    else:
        order = "ORDER BY p.name, p.login, c.issued_at DESC"
    return f"{sql} {order} LIMIT :limit", args


def holders(
    conn: Conn, now: str, horizon: str, limit: int = 500, **filters: str | None
) -> tuple[list[Row], int]:
    """Certificates with their holders, filtered; returns (first `limit` rows, total).

    The total is exact up to `limit`; when more match it is `limit + 1` ("500+"): nothing
    counts the whole registry. See `holders_query`.
    """
    sql, args = holders_query(conn, now, horizon, limit=limit, **filters)
    rows = conn.execute(sql, args).fetchall()
    return rows[:limit], len(rows)


def units(conn: Conn) -> list[str]:
    """The units people have given, sorted."""
    return [r[0] for r in conn.execute("SELECT DISTINCT unit FROM people ORDER BY unit")]


def _casefold(value: object) -> str:
    return str(value).casefold() if value is not None else ""


def active_on_certificate(conn: Conn, certificate_id: str) -> list[Row]:
    """Active rights resting on a certificate."""
    return conn.execute(
        """SELECT * FROM rights WHERE certificate_id = ? AND withdrawn_at IS NULL
           ORDER BY channel_id, role""",
        (certificate_id,),
    ).fetchall()
