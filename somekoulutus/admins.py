"""Who is an admin, asked of the registry at every admin action (so a change takes effect
at once): the logins listed in config.yaml on the embedded store, the members of the role
`somekoulutus_admin` on the organisation's registry.

The list changes only through `add_admin` / `remove_admin` (audited by the store): the first
admin can be added by anyone while there is none (embedded store only), afterwards only an
admin changes the list, and the last admin stays.
"""

from __future__ import annotations

from somekoulutus import settings
from somekoulutus.store.base import NotAdminError, Refused, Store

#: The acting login is not an admin (the store's refusal, Finnish message).
NotAdmin = NotAdminError


class AdminChangeRefused(Exception):
    """An admin list change that the rules do not allow; the message says why in Finnish."""


def admins(store: Store) -> list[str]:
    """The admin logins."""
    return store.admins()


def is_admin(store: Store, login: str) -> bool:
    """True when the login is an admin now."""
    return store.is_admin(login)


def require_admin(store: Store, login: str, action: str = "admin.access") -> None:
    """Raise NotAdmin unless the login is an admin; a refusal is audited."""
    if not store.is_admin(login):
        store.audit_refusal(login, action, login, "ei ylläpitäjä")
        raise NotAdmin(login)


def add_admin(store: Store, actor: str, login: str) -> bool:
    """Add `login` to the admins; returns True when this was the bootstrap (first) admin."""
    refusal = settings.login_refusal(login)
    if refusal:
        raise AdminChangeRefused(refusal)
    try:
        return store.add_admin(actor, login)
    except NotAdminError:
        store.audit_refusal(actor, "admin.add", login, "ei ylläpitäjä")
        raise
    except Refused as exc:
        raise AdminChangeRefused(str(exc)) from exc


def remove_admin(store: Store, actor: str, login: str) -> None:
    """Remove `login` from the admins; only an admin may, and never the last one."""
    try:
        store.remove_admin(actor, login)
    except NotAdminError:
        store.audit_refusal(actor, "admin.remove", login, "ei ylläpitäjä")
        raise
    except Refused as exc:
        raise AdminChangeRefused(str(exc)) from exc
