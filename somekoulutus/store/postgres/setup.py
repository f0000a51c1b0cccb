"""`db init`, `db upgrade`, `db status` and `db enrol`: run by the registry's owner.

All of them are idempotent and take a lock, so two runs at once do not trip over each other.
Every change runs in one transaction: a failed upgrade leaves the schema as it was.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from somekoulutus.store.postgres import access, functions
from somekoulutus.store.postgres.errors import (
    RegistryError,
    RegistryUnavailable,
    SchemaMismatch,
    connection_message,
)
from somekoulutus.store.postgres.schema import MIGRATIONS, SCHEMA, VERSION

_LOCK = "SELECT pg_advisory_xact_lock(hashtext('somekoulutus.setup'))"


def connect(dsn: str, **kwargs: Any) -> psycopg.Connection:
    """A connection to the registry; RegistryUnavailable with a Finnish line when none."""
    try:
        return psycopg.connect(dsn, connect_timeout=10, **kwargs)
    except psycopg.Error as exc:
        raise RegistryUnavailable(connection_message(exc, dsn)) from exc


@dataclass(frozen=True)
class Status:
    """Where the registry's schema stands against this program."""

    version: int | None  # None: no schema yet
    program: int = VERSION

    @property
    def state(self) -> str:
        if self.version is None:
            return "missing"
        if self.version < self.program:
            return "older"
        if self.version > self.program:
            return "newer"
        return "current"

    def message(self) -> str:
        """One Finnish line about the state."""
        if self.version is None:
            return "Rekisteriä ei ole vielä luotu tähän tietokantaan: aja somekoulutus db init."
        if self.version < self.program:
            return (
                f"Rekisterin rakenne on versiota {self.version}, ohjelma tarvitsee version "
                f"{self.program}: aja somekoulutus db upgrade."
            )
        if self.version > self.program:
            return (
                f"Rekisterin rakenne on versiota {self.version}, uudempi kuin tämä ohjelma "
                f"(versio {self.program}). Päivitä ohjelma ennen kuin käytät tätä rekisteriä."
            )
        return f"Rekisterin rakenne on versiota {self.version}, sama kuin ohjelman."


def status(conn: psycopg.Connection) -> Status:
    """The schema version in the database (None when `db init` has not run)."""
    row = conn.execute("SELECT to_regclass('somekoulutus.schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return Status(None)
    top = conn.execute("SELECT max(version) FROM somekoulutus.schema_version").fetchone()
    version = top[0] if top is not None else None
    return Status(int(version or 0))


def require_current(conn: psycopg.Connection) -> Status:
    """The status, or SchemaMismatch when the program cannot use this registry as it is."""
    found = status(conn)
    if found.state != "current":
        raise SchemaMismatch(found.message())
    return found


def init(conn: psycopg.Connection, target: int = VERSION) -> tuple[Status, Status]:
    """Create the schema, its tables, roles, grants and functions; upgrade an existing one.

    Returns the status before and after. `target` below VERSION stops at an older schema
    (for testing upgrades).
    """
    return _apply(conn, create=True, target=target)


def upgrade(conn: psycopg.Connection) -> tuple[Status, Status]:
    """Apply the migrations the registry has not had, and reinstall functions and grants."""
    return _apply(conn, create=False, target=VERSION)


def _apply(conn: psycopg.Connection, create: bool, target: int) -> tuple[Status, Status]:
    try:
        with conn.transaction():
            conn.execute(_LOCK)
            before = status(conn)
            if before.state == "newer":
                raise SchemaMismatch(before.message())
            if before.version is None and not create:
                raise SchemaMismatch(before.message())
            _check_owner(conn)
            conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(SCHEMA)))
            conn.execute("SET LOCAL search_path = somekoulutus, public")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            if before.version is None:
                conn.execute("INSERT INTO schema_version VALUES (0)")
            for number in range(before.version or 0, target):
                conn.execute(MIGRATIONS[number])
                conn.execute("UPDATE schema_version SET version = %s", (number + 1,))
            conn.execute(access.ROLES_SQL)
            conn.execute(access.VIEWS_SQL)
            conn.execute(functions.install_sql())
            existing = {
                r[0]
                for r in conn.execute(
                    "SELECT relname FROM pg_class WHERE relnamespace = %s::regnamespace",
                    (SCHEMA,),
                )
            }
            conn.execute(access.grants_sql(existing))
            after = status(conn)
            _audit(
                conn,
                "db.init" if create else "db.upgrade",
                SCHEMA,
                {"from": before.version, "to": after.version},
            )
        return before, after
    except psycopg.errors.InsufficientPrivilege as exc:
        raise RegistryError(_not_allowed(conn, exc)) from exc


def _check_owner(conn: psycopg.Connection) -> None:
    row = conn.execute(
        """SELECT pg_get_userbyid(nspowner), current_user,
                  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
           FROM pg_namespace WHERE nspname = %s""",
        (SCHEMA,),
    ).fetchone()
    if row and row[0] != row[1] and not row[2]:
        raise RegistryError(
            f"Rekisterin skeeman {SCHEMA} omistaa tunnus {row[0]}, et sinä ({row[1]}). "
            "Aja komento omistajan tunnuksella."
        )


def _not_allowed(conn: psycopg.Connection, exc: BaseException) -> str:
    return (
        "Tunnuksellasi ei ole oikeutta luoda tai muuttaa rekisteriä "
        f"({_diag_message(exc) or exc}). Aja komento "
        "tietokannan omistajana, jolla on myös CREATEROLE-oikeus."
    )


def _diag_message(exc: BaseException) -> str | None:
    """The server's primary message of a psycopg error, if the exception carries one."""
    diag = getattr(exc, "diag", None)
    return diag.message_primary if diag is not None else None


def _audit(conn: psycopg.Connection, action: str, target: str, details: dict[str, Any]) -> None:
    conn.execute(
        """INSERT INTO somekoulutus.audit_log (at, actor, action, target, details)
           VALUES (somekoulutus.now_iso(), session_user, %s, %s, %s)""",
        (action, target, json.dumps(details, ensure_ascii=False, sort_keys=True)),
    )


@dataclass(frozen=True)
class Enrolled:
    """What `enrol` did for one login."""

    login: str
    created: bool  # a new LOGIN role
    admin: bool


def enrol(
    conn: psycopg.Connection, logins: Iterable[str], admin: bool = False, issuer: bool = False
) -> list[Enrolled]:
    """Create LOGIN roles where missing; make them learners (and admins with `admin`), or
    the issuer service's account with `issuer` (it needs no learner rights)."""
    out = []
    try:
        with conn.transaction():
            conn.execute(_LOCK)
            require_current(conn)
            for login in logins:
                if not login or len(login) > 63 or login.startswith(("pg_", "somekoulutus_")):
                    raise RegistryError(f"Tunnus {login!r} ei kelpaa tietokannan käyttäjäksi.")
                role = sql.Identifier(login)
                exists = conn.execute(
                    "SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)
                ).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
                group = access.ISSUER if issuer else access.LEARNER
                conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role))
                if admin:
                    conn.execute(
                        sql.SQL("GRANT {} TO {}").format(sql.Identifier(access.ADMIN), role)
                    )
                _audit(
                    conn,
                    "db.enrol",
                    login,
                    {"admin": admin, "issuer": issuer, "created": not exists},
                )
                out.append(Enrolled(login, not exists, admin))
    except psycopg.errors.InsufficientPrivilege as exc:
        raise RegistryError(_not_allowed(conn, exc)) from exc
    return out
