"""Who is an admin: the OS logins listed in the data dir's config.yaml.

Every admin command and admin screen checks through `require_admin`.
"""

from __future__ import annotations

from pathlib import Path

from somekoulutus import settings


class NotAdmin(Exception):
    """The acting login is not an admin."""

    def __init__(self, login: str) -> None:
        self.login = login
        super().__init__(
            f"Käyttäjä {login} ei ole ylläpitäjä: toiminto on vain viestinnän ylläpitäjille. "
            "Pyydä ylläpitäjää lisäämään sinut komennolla 'somekoulutus admins add'."
        )


def admins(data: Path) -> list[str]:
    """The admin logins, in the order they were added."""
    listed = settings.load_config(data).get("admins") or []
    return [str(a) for a in listed if isinstance(a, str | int)]


def is_admin(data: Path, login: str) -> bool:
    """True when the login is listed as an admin."""
    return login in admins(data)


def require_admin(data: Path, login: str) -> None:
    """Raise NotAdmin unless the login is an admin."""
    if not is_admin(data, login):
        raise NotAdmin(login)
