"""Admin rights asked at the moment of each admin action, never remembered.

A person made admin while the app runs gets in at the next Ctrl+A; a person whose rights
were taken away loses the admin screens at their next admin action.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from somekoulutus.admins import NotAdmin, require_admin
from somekoulutus.settings import ConfigError
from somekoulutus.store.base import Store


class AdminOnly:
    """Marks the screens that only admins may use (closed together when rights go)."""


def admin_now(app: App[Any], store: Store, login: str) -> bool:
    """True if `login` is an admin right now (the domain decides).

    Otherwise the person is told why. A login that is no longer an admin has every admin
    screen closed; a broken config.yaml only stops this action (the screen stays, the
    message says what to fix).
    """
    try:
        require_admin(store, login)
    except (NotAdmin, ConfigError) as exc:
        refused(app, exc)
        return False
    return True


def refused(app: App[Any], exc: NotAdmin | ConfigError) -> None:
    """Tell why an admin action did not run; close the admin screens if the right is gone."""
    if isinstance(exc, NotAdmin):
        app.notify(str(exc), title="Ylläpito suljettu", severity="error", markup=False)
        close_admin_screens(app)
    else:
        app.notify(str(exc), severity="error", markup=False)


def close_admin_screens(app: App[Any]) -> None:
    """Pop every admin screen (and the dialogs above them) off the stack."""
    stack: list[Screen[Any]] = list(app.screen_stack)
    admin_at = next((i for i, s in enumerate(stack) if isinstance(s, AdminOnly)), None)
    if admin_at is None:
        return
    for _ in range(len(stack) - admin_at):
        app.pop_screen()
