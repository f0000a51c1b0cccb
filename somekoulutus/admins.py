"""Who is an admin: the OS logins listed in the data dir's config.yaml.

Every admin command and admin screen checks through `require_admin`. The list changes only
through `add_admin` / `remove_admin`: the first admin can be added by anyone while there is
none (bootstrap), afterwards only an admin changes the list, and the last admin stays.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from somekoulutus import settings
from somekoulutus.store import audit, transaction


class NotAdmin(Exception):
    """The acting login is not an admin."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            f"Käyttäjä {login} ei ole ylläpitäjä: toiminto on vain viestinnän ylläpitäjille. "
            "Pyydä ylläpitäjää lisäämään sinut komennolla 'somekoulutus admins add'."
        )


class AdminChangeRefused(Exception):
    """An admin list change that the rules do not allow; the message says why in Finnish."""


# OS logins: no spaces or control characters; the length keeps config.yaml readable.
_LOGIN = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")


def admins(data: Path) -> list[str]:
    """The admin logins, in the order they were added."""
    return _listed(settings.load_config(data))


def is_admin(data: Path, login: str) -> bool:
    """True when the login is listed as an admin."""
    return login in admins(data)


def require_admin(data: Path, login: str) -> None:
    """Raise NotAdmin unless the login is an admin."""
    _require_in(admins(data), login)


def _listed(config: dict[str, Any]) -> list[str]:
    listed = config.get("admins") or []
    return [str(a) for a in listed if isinstance(a, str | int)]


def _require_in(current: list[str], login: str) -> None:
    # The one admin check; add/remove use it on the list they already read.
    if login not in current:
        raise NotAdmin(login)


def valid_login(login: str) -> bool:
    """True when the text can be an OS login (no spaces or control characters, 1-64 chars)."""
    return bool(_LOGIN.match(login))


def add_admin(data: Path, conn: sqlite3.Connection, actor: str, login: str) -> bool:
    """Add `login` to the admins; returns True when this was the bootstrap (first) admin.

    The database's write lock serialises concurrent changes to config.yaml, so two people
    bootstrapping at once cannot both become the first admin.
    """
    if not valid_login(login):
        raise AdminChangeRefused(
            f"'{login}' ei kelpaa käyttäjätunnukseksi: tunnuksessa ei saa olla välilyöntejä."
        )
    with transaction(conn):
        config = settings.load_config(data)
        current = _listed(config)
        bootstrap = not current
        if not bootstrap:
            _require_in(current, actor)
        if login in current:
            raise AdminChangeRefused(f"{login} on jo ylläpitäjä.")
        audit.append(conn, actor, "admin.add", login, bootstrap=bootstrap)
        _save_admins(data, config, [*current, login])
    return bootstrap


def remove_admin(data: Path, conn: sqlite3.Connection, actor: str, login: str) -> None:
    """Remove `login` from the admins; only an admin may, and never the last one."""
    with transaction(conn):
        config = settings.load_config(data)
        current = _listed(config)
        _require_in(current, actor)
        if login not in current:
            raise AdminChangeRefused(f"{login} ei ole ylläpitäjä.")
        if len(current) == 1:
            raise AdminChangeRefused(
                f"{login} on ainoa ylläpitäjä, eikä viimeistä ylläpitäjää voi poistaa. "
                "Lisää ensin toinen ylläpitäjä."
            )
        audit.append(conn, actor, "admin.remove", login)
        _save_admins(data, config, [a for a in current if a != login])


def _save_admins(data: Path, config: dict[str, Any], logins: list[str]) -> None:
    # Called inside the transaction: if writing the file fails, the audit row rolls back.
    # The config read in the same transaction keeps the other settings as they were.
    settings.save_config(data, {**config, "admins": logins})
