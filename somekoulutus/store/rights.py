"""SQL for rights to accounts, the audit's set-based checks and the certificate-holder search."""

from __future__ import annotations

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
    conn: Conn,
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
    return int(cur.lastrowid)


def active_rights_of(conn: Conn, login: str, channel_id: str, role: str | None = None) -> list[Row]:
    """The person's active rights on an account (of one role, or all)."""
    sql = "SELECT * FROM rights WHERE login = ? AND channel_id = ? AND withdrawn_at IS NULL"
    args: tuple = (login, channel_id)
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


def _holder_filter(
    search: str | None, unit: str | None, definition: str | None, status: str | None
) -> tuple[str, dict]:
    where, args = [], {}
    if search:
        # casefold() handles ä/ö/å and other scripts, which SQLite's lower() does not; it runs
        # once per person (not per certificate), ids and logins are plain ASCII.
        where.append(
            """(h.login IN (SELECT login FROM people WHERE instr(casefold(name), :search))
                OR instr(lower(h.login), :search) OR instr(lower(h.id), :search))"""
        )
        args["search"] = search.casefold()
    if unit:
        where.append("h.unit = :unit")
        args["unit"] = unit
    if definition:
        where.append("h.definition_id = :definition")
        args["definition"] = definition
    if status:
        where.append("h.status = :status")
        args["status"] = status
    return ("WHERE " + " AND ".join(where)) if where else "", args


def holders(
    conn: Conn,
    now: str,
    horizon: str,
    search: str | None = None,
    unit: str | None = None,
    definition: str | None = None,
    status: str | None = None,
    limit: int = 500,
) -> tuple[list[Row], int]:
    """Certificates with their holders, filtered; returns (first `limit` rows, total count)."""
    if hasattr(conn, "create_function"):  # SQLite; PostgreSQL has casefold() in its schema
        conn.create_function("casefold", 1, _casefold, deterministic=True)
    where, args = _holder_filter(search, unit, definition, status)
    args |= {"now": now, "horizon": horizon, "limit": limit}
    rows = conn.execute(
        f"""SELECT *, COUNT(*) OVER () AS total FROM (
              SELECT c.id, c.login, p.name, p.unit, c.definition_id, c.issued_at,
                     c.expires_at, c.revoked_at, {_STATUS} AS status
              FROM certificates c LEFT JOIN people p ON p.login = c.login) AS h
            {where} ORDER BY h.name, h.login, h.issued_at DESC LIMIT :limit""",
        args,
    ).fetchall()
    total = rows[0]["total"] if rows else 0
    return rows, total


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
