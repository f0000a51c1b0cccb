"""SQL for the accounts: units' own accounts and the contact persons of the city's accounts."""

from __future__ import annotations

from somekoulutus.store.db import Conn, Row


def unit_channels(conn: Conn) -> list[Row]:
    """Units' own accounts, by id."""
    return conn.execute(
        "SELECT id, platform, url, unit, contact_login FROM channels ORDER BY id"
    ).fetchall()


def unit_channel(conn: Conn, channel_id: str) -> Row | None:
    """One unit account, or None."""
    return conn.execute(
        "SELECT id, platform, url, unit, contact_login FROM channels WHERE id = ?", (channel_id,)
    ).fetchone()


def insert_unit_channel(
    conn: Conn,
    channel_id: str,
    platform: str,
    url: str,
    unit: str,
    contact_login: str,
    at: str,
    by: str,
) -> None:
    """Register a unit's account; call inside a transaction."""
    conn.execute(
        """INSERT INTO channels (id, platform, url, unit, contact_login, registered_at,
             registered_by) VALUES (?, ?, ?, ?, ?, ?, ?)""",
        (channel_id, platform, url, unit, contact_login, at, by),
    )


def set_unit_contact(conn: Conn, channel_id: str, login: str) -> None:
    """Change a unit account's contact person; call inside a transaction."""
    conn.execute("UPDATE channels SET contact_login = ? WHERE id = ?", (login, channel_id))


def city_contacts(conn: Conn) -> dict[str, str]:
    """channel id -> contact login, for the city's accounts that have one."""
    rows = conn.execute("SELECT channel_id, contact_login FROM city_channel_contacts")
    return {r[0]: r[1] for r in rows}


def set_city_contact(conn: Conn, channel_id: str, login: str, at: str, by: str) -> None:
    """Set the contact person of a city account; call inside a transaction."""
    conn.execute(
        """INSERT INTO city_channel_contacts (channel_id, contact_login, set_at, set_by)
           VALUES (?, ?, ?, ?)
           ON CONFLICT(channel_id) DO UPDATE SET contact_login = excluded.contact_login,
             set_at = excluded.set_at, set_by = excluded.set_by""",
        (channel_id, login, at, by),
    )


def main_user_counts(conn: Conn) -> dict[str, int]:
    """channel id -> number of active main-user (paakayttaja) rights."""
    rows = conn.execute(
        """SELECT channel_id, COUNT(*) FROM rights
           WHERE withdrawn_at IS NULL AND role = 'paakayttaja' GROUP BY channel_id"""
    )
    return {r[0]: r[1] for r in rows}


def contact_names(conn: Conn) -> dict[str, str]:
    """login -> name of everyone named as a contact person, of either kind of account."""
    # One query for all accounts instead of one per account.
    rows = conn.execute(
        """SELECT login, name FROM people WHERE login IN (
               SELECT contact_login FROM channels UNION SELECT contact_login
               FROM city_channel_contacts)"""
    )
    return {r[0]: r[1] for r in rows}
