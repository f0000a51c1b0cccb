"""People: the profile bound to an OS login."""

from typing import NamedTuple

from somekoulutus.store.db import Conn, iso


class Person(NamedTuple):
    """A person's profile, bound to their OS login on first launch."""

    login: str
    name: str
    email: str
    unit: str
    role: str  # 'tyontekija' | 'luottamushenkilo'


def get(conn: Conn, login: str) -> Person | None:
    """The person bound to a login, or None on first launch."""
    row = conn.execute(
        "SELECT login, name, email, unit, role FROM people WHERE login = ?", (login,)
    ).fetchone()
    return Person(**dict(row)) if row else None


def upsert(conn: Conn, person: Person) -> None:
    """Create or update a person's profile; inside the caller's transaction."""
    now = iso()
    conn.execute(
        """INSERT INTO people (login, name, email, unit, role, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(login) DO UPDATE SET name = excluded.name, email = excluded.email,
             unit = excluded.unit, role = excluded.role, updated_at = excluded.updated_at""",
        (person.login, person.name, person.email, person.unit, person.role, now, now),
    )
